package dev.quire.local.http;

import java.util.Map;

/** An AWS-style error answer: code for __type, HTTP status, message and modeled members. */
public final class ApiError extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> members;

    public ApiError(String code, int status, String message, Map<String, String> members) {
        super(message);
        this.code = code;
        this.status = status;
        this.members = Map.copyOf(members);
    }

    public static ApiError validation(String message) {
        return new ApiError("ValidationException", 400, message, Map.of());
    }

    public static ApiError serialization(String message) {
        return new ApiError("SerializationException", 400, message, Map.of());
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, String> members() {
        return members;
    }
}
