package dev.quire.model;

import java.util.Objects;

/** A saved connection: its name and its backend's settings, which never hold a secret. */
public record ConnectionProfile(String name, BackendSettings settings) {

    public enum Backend {
        LOCAL("Local engine"), REDSHIFT("Amazon Redshift"), ATHENA("Amazon Athena"), DREMIO("Dremio");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        /** The backend's name as people know it. */
        public String label() {
            return label;
        }
    }

    public static final String LOCAL_NAME = "Local engine";
    public static final String LOCAL_ATHENA_NAME = "Local engine (Athena API)";
    public static final String LOCAL_DREMIO_NAME = "Local engine (Dremio API)";

    public ConnectionProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
    }

    /** The embedded engine, always present. */
    public static ConnectionProfile local() {
        return new ConnectionProfile(LOCAL_NAME, LocalSettings.DEFAULT);
    }

    /** The embedded engine spoken to through the Athena API, always present. */
    public static ConnectionProfile localAthena() {
        return new ConnectionProfile(LOCAL_ATHENA_NAME, LocalSettings.ATHENA);
    }

    /** The embedded engine spoken to through Dremio's REST API, always present. */
    public static ConnectionProfile localDremio() {
        return new ConnectionProfile(LOCAL_DREMIO_NAME, LocalSettings.DREMIO);
    }

    /** Whether the name is one of the built-in connections', in any case. */
    public static boolean isBuiltIn(String name) {
        return name != null && (name.equalsIgnoreCase(LOCAL_NAME) || name.equalsIgnoreCase(LOCAL_ATHENA_NAME)
                || name.equalsIgnoreCase(LOCAL_DREMIO_NAME));
    }

    public Backend backend() {
        return settings.backend();
    }

    /** What is missing for this profile to connect, or null when it is complete. */
    public String problem() {
        return settings.problem();
    }

    /** The database statements run in, or null where the backend has none. */
    public String database() {
        return settings.database();
    }

    /** The same connection on another database. */
    public ConnectionProfile withDatabase(String database) {
        return new ConnectionProfile(name, settings.withDatabase(database));
    }
}
