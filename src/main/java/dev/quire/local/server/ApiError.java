package dev.quire.local.server;

import java.util.Map;

/** An AWS-style error answer: code for __type, HTTP status, message and modeled members. */
final class ApiError extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> members;

    ApiError(String code, int status, String message, Map<String, String> members) {
        super(message);
        this.code = code;
        this.status = status;
        this.members = Map.copyOf(members);
    }

    static ApiError validation(String message) {
        return new ApiError("ValidationException", 400, message, Map.of());
    }

    static ApiError serialization(String message) {
        return new ApiError("SerializationException", 400, message, Map.of());
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    Map<String, String> members() {
        return members;
    }
}
