package dev.quire.client.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.client.DataApiException;
import dev.quire.protocol.Json;
import java.io.IOException;
import okhttp3.Response;

/**
 * Dremio's error answers as DataApiExceptions: the message from {"errorMessage","moreInfo"}, a
 * text body (a request that is not JSON), or, for the empty 401 of /api/v3, what to check. The
 * code names the HTTP status.
 */
final class DremioErrors {

    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String SERVER_ERROR = "ServerError";
    /** A request this client refuses before sending it. */
    static final String INVALID_REQUEST = "InvalidRequest";
    /** A job this client ran for a listing failed. */
    static final String QUERY_FAILED = "QueryFailed";

    private static final int MAX_TEXT = 500;

    /** The error an answer that is not a success stands for; unauthorized is the message for an empty 401. */
    static DataApiException of(Response response, String unauthorized) throws IOException {
        String text = response.body() == null ? "" : response.body().string();
        String message = null;
        if (!text.isBlank()) {
            try {
                JsonNode body = Json.MAPPER.readTree(text);
                if (body != null && body.path(DremioWire.ERROR_MESSAGE).isTextual()) {
                    message = body.path(DremioWire.ERROR_MESSAGE).asText();
                    String more = body.path(DremioWire.MORE_INFO).asText("");
                    if (!more.isBlank() && !more.equals(message)) {
                        message += " (" + more + ")";
                    }
                }
            } catch (IOException notJson) {
                message = null;
            }
            if (message == null) {
                String plain = text.strip();
                message = plain.startsWith("<") ? null : plain.length() > MAX_TEXT ? plain.substring(0, MAX_TEXT) + "…" : plain;
            }
        }
        int status = response.code();
        if (message == null || message.isBlank()) {
            message = status == 401 ? unauthorized : "Dremio answered HTTP " + status + " " + response.message();
        }
        return new DataApiException(code(status), message, status, null);
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> status >= 500 ? SERVER_ERROR : "Http" + status;
        };
    }

    static DataApiException invalid(String message) {
        return new DataApiException(INVALID_REQUEST, message, 0, null);
    }

    private DremioErrors() {
    }
}
