package dev.quire.client;

/** An error answered by a backend, with its own error code, HTTP status and request id. */
public class DataApiException extends RuntimeException {

    private final String code;
    private final int status;
    private final String requestId;

    public DataApiException(String code, String message, int status, String requestId) {
        super(message == null || message.isBlank() ? code : message);
        this.code = code;
        this.status = status;
        this.requestId = requestId;
    }

    public DataApiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = 0;
        this.requestId = null;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage() + (requestId == null ? "" : " (request id " + requestId + ")");
    }
}
