package dev.quire.client.dremio;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a Dremio client signs in: a personal access token sent as {@code Bearer}, or a user name and
 * password exchanged at /apiv2/login for a session token. The secret is asked for once, on an HTTP
 * thread, when the first request needs it, and is never logged.
 *
 * @param user   the user name; null for a personal access token
 * @param secret the token or the password
 */
public record DremioLogin(String user, Supplier<String> secret) {

    public DremioLogin {
        Objects.requireNonNull(secret, "secret");
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("a user name cannot be blank");
        }
    }

    /** A personal access token (or a login token got elsewhere), sent as Bearer. */
    public static DremioLogin token(Supplier<String> token) {
        return new DremioLogin(null, token);
    }

    public static DremioLogin password(String user, Supplier<String> password) {
        return new DremioLogin(Objects.requireNonNull(user, "user"), password);
    }

    public boolean usesPassword() {
        return user != null;
    }

    @Override
    public String toString() {
        return usesPassword() ? "DremioLogin[user=" + user + ", password]" : "DremioLogin[token]";
    }
}
