package dev.quire.local.dremio;

import dev.quire.protocol.dremio.DremioError;
import java.nio.charset.StandardCharsets;

/**
 * A refused Dremio request, answered the way Dremio answers it: its error body
 * {@code {"errorMessage","moreInfo"}}, a 401 with no body at all on {@code /api/v3}, or, for a body
 * that is not JSON, Jackson's message as plain text.
 */
public final class DremioException extends RuntimeException {

    enum Body { JSON, EMPTY, TEXT }

    private final int status;
    private final Body body;

    DremioException(int status, String message, Body body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    public static DremioException of(int status, String message) {
        return new DremioException(status, message, Body.JSON);
    }

    static DremioException badRequest(String message) {
        return of(400, message);
    }

    static DremioException notFound(String message) {
        return of(404, message);
    }

    /** Jersey's answer to a path no resource matches. */
    static DremioException noRoute() {
        return of(404, "HTTP 404 Not Found");
    }

    static DremioException methodNotAllowed() {
        return of(405, "HTTP 405 Method Not Allowed");
    }

    /** A missing, malformed or unknown token on {@code /api/v3}: 401 with an empty body. */
    static DremioException unauthorized() {
        return new DremioException(401, "", Body.EMPTY);
    }

    static DremioException notJson(String message) {
        return new DremioException(400, message, Body.TEXT);
    }

    public int status() {
        return status;
    }

    /** The answer's content type; null when it has no body. */
    public String contentType() {
        return switch (body) {
            case JSON -> DremioApi.JSON;
            case EMPTY -> null;
            case TEXT -> "text/plain";
        };
    }

    public byte[] body() {
        return switch (body) {
            case JSON -> DremioError.encode(getMessage());
            case EMPTY -> new byte[0];
            case TEXT -> getMessage().getBytes(StandardCharsets.UTF_8);
        };
    }
}
