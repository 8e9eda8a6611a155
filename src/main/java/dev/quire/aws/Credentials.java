package dev.quire.aws;

import java.util.Objects;

/**
 * AWS credentials: an access key id, its secret and, for temporary credentials, a session token.
 * {@link #toString()} never shows the secret or the session token.
 */
public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** Long-term credentials, without a session token. */
    public Credentials(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, null);
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****, sessionToken="
                + (sessionToken == null ? "none" : "****") + "]";
    }
}
