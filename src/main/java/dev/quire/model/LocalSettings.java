package dev.quire.model;

import java.util.Objects;

/**
 * The embedded engine: the API it is spoken to through, its workgroup and the database statements
 * run in (blanks take the defaults). Through the Redshift Data API the database is the engine's
 * one database and schemas lie beneath it; through Athena the databases are the engine's schemas;
 * through Dremio's API there is no database (the engine's schemas are spaces).
 */
public record LocalSettings(String workgroup, String database, Api api) implements BackendSettings {

    /** The API the window and the command line use to reach the engine. */
    public enum Api {
        REDSHIFT_DATA("Redshift Data API"), ATHENA("Athena API"), DREMIO("Dremio API");

        private final String label;

        Api(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final LocalSettings DEFAULT = new LocalSettings("local", "dev", Api.REDSHIFT_DATA);
    public static final LocalSettings ATHENA = new LocalSettings("primary", "public", Api.ATHENA);
    public static final LocalSettings DREMIO = new LocalSettings(null, null, Api.DREMIO);

    public LocalSettings {
        api = Objects.requireNonNullElse(api, Api.REDSHIFT_DATA);
    }

    public LocalSettings(String workgroup, String database) {
        this(workgroup, database, Api.REDSHIFT_DATA);
    }

    /** The defaults of the API these settings use. */
    public LocalSettings defaults() {
        return switch (api) {
            case ATHENA -> ATHENA;
            case DREMIO -> DREMIO;
            case REDSHIFT_DATA -> DEFAULT;
        };
    }

    @Override
    public ConnectionProfile.Backend backend() {
        return ConnectionProfile.Backend.LOCAL;
    }

    /** Always complete: the engine's defaults fill what is blank. */
    @Override
    public String problem() {
        return null;
    }

    @Override
    public LocalSettings withDatabase(String database) {
        return new LocalSettings(workgroup, database, api);
    }
}
