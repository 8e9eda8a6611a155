package dev.quire.model;

/**
 * Where and how one backend is reached, one record per backend. Never holds a secret: AWS
 * credentials come from the AWS profile (or the environment), a Secrets Manager secret is named by
 * ARN, and a Dremio token or password is named by its keyring entry or environment variable.
 */
public sealed interface BackendSettings permits LocalSettings, RedshiftSettings, AthenaSettings, DremioSettings {

    ConnectionProfile.Backend backend();

    /** What is missing or wrong for these settings to connect, or null when they are complete. */
    String problem();

    /** The database statements run in, or null where the backend has none. */
    String database();

    /** The same settings on another database (unchanged where the backend has none). */
    BackendSettings withDatabase(String database);
}
