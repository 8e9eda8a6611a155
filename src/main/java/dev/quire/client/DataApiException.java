package dev.quire.client;

import java.util.ArrayList;
import java.util.List;

/**
 * An error from a backend or on the way to it, with the backend's error code (or one of the
 * client's own below), the HTTP status (0 when there was no answer), the request id and how many
 * attempts were made.
 */
public class DataApiException extends RuntimeException {

    /** The connection failed or broke before a whole answer arrived. */
    public static final String NETWORK_ERROR = "NetworkError";
    /** No whole answer arrived within the call's time limit. */
    public static final String TIMEOUT = "Timeout";
    /** The answer arrived but is not what the protocol allows. */
    public static final String MALFORMED_RESPONSE = "MalformedResponse";
    /** No credentials could be had to sign the request. */
    public static final String CREDENTIALS_ERROR = "CredentialsError";

    private final String code;
    private final int status;
    private final String requestId;
    private final int attempts;

    public DataApiException(String code, String message, int status, String requestId) {
        super(message == null || message.isBlank() ? code : message);
        this.code = code;
        this.status = status;
        this.requestId = requestId;
        this.attempts = 1;
    }

    public DataApiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = 0;
        this.requestId = null;
        this.attempts = 1;
    }

    private DataApiException(DataApiException error, int attempts) {
        super(error.getMessage(), error.getCause());
        setStackTrace(error.getStackTrace());
        this.code = error.code;
        this.status = error.status;
        this.requestId = error.requestId;
        this.attempts = attempts;
    }

    /** This error as the last of the given number of attempts. */
    public DataApiException afterAttempts(int attempts) {
        return attempts == this.attempts ? this : new DataApiException(this, attempts);
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

    public int attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        List<String> details = new ArrayList<>();
        if (status != 0) {
            details.add("HTTP " + status);
        }
        if (requestId != null) {
            details.add("request id " + requestId);
        }
        if (attempts > 1) {
            details.add(attempts + " attempts");
        }
        return code + ": " + getMessage() + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")");
    }
}
