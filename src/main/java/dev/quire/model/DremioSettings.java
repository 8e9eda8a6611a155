package dev.quire.model;

import static dev.quire.model.Checks.blank;

import java.net.URI;
import java.util.List;

/**
 * A Dremio connection over REST API v3: the base URL, the user, how it signs in and where its token
 * or password is kept (by reference only), an optional Dremio Cloud project and an optional
 * context (the space and folders unqualified names resolve in).
 */
public record DremioSettings(URI baseUrl, String user, Auth auth, SecretRef secret, String projectId,
                             List<String> context) implements BackendSettings {

    /** How a Dremio connection signs in. */
    public enum Auth { PERSONAL_ACCESS_TOKEN, PASSWORD }

    public DremioSettings {
        context = context == null ? List.of() : List.copyOf(context);
    }

    @Override
    public ConnectionProfile.Backend backend() {
        return ConnectionProfile.Backend.DREMIO;
    }

    @Override
    public String problem() {
        if (baseUrl == null) {
            return "Enter Dremio's URL, e.g. https://dremio.example.com:9047.";
        }
        if (!Checks.httpUrl(baseUrl)) {
            return "Dremio's URL must start with http:// or https:// and name a host.";
        }
        if (auth == null) {
            return "Choose how to sign in: a personal access token or a password.";
        }
        if (auth == Auth.PASSWORD && blank(user)) {
            return "Enter the user name.";
        }
        if (secret == null) {
            return "Name where the " + (auth == Auth.PASSWORD ? "password" : "token")
                    + " is kept: a keyring entry or an environment variable.";
        }
        String secretProblem = secret.problem();
        if (secretProblem != null) {
            return secretProblem;
        }
        if (projectId != null && projectId.isBlank()) {
            return "The project ID cannot be blank; leave it out for Dremio Software.";
        }
        if (context.stream().anyMatch(Checks::blank)) {
            return "A context's space or folder name cannot be blank.";
        }
        return null;
    }

    /** None: Dremio's datasets live in sources and spaces, not databases. */
    @Override
    public String database() {
        return null;
    }

    @Override
    public DremioSettings withDatabase(String database) {
        return this;
    }
}
