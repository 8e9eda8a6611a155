package dev.quire.aws;

/** A request whose signature could not be accepted, with the AWS error code and HTTP status to answer with. */
public final class SignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    SignatureException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    /** The AWS error code, for the {@code __type} of a JSON error, e.g. {@code InvalidSignatureException}. */
    public String code() {
        return code;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
