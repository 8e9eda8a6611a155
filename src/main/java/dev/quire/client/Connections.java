package dev.quire.client;

import dev.quire.aws.Credentials;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.athena.AthenaClient;
import dev.quire.client.athena.AthenaTarget;
import dev.quire.client.dremio.DremioClient;
import dev.quire.client.dremio.DremioLogin;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.model.AthenaSettings;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.DremioSettings;
import dev.quire.model.LocalSettings;
import dev.quire.model.RedshiftSettings;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** Opens the {@link DataApi} for a saved connection. */
public final class Connections {

    /**
     * The local engine's server: where it listens, its region, the key pair it accepts and the token
     * its Dremio API accepts (null: not known, so the local engine cannot be reached through it).
     */
    public record LocalEndpoint(URI endpoint, String region, Credentials credentials, String dremioToken) {
        public LocalEndpoint {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(credentials, "credentials");
        }

        public LocalEndpoint(URI endpoint, String region, Credentials credentials) {
            this(endpoint, region, credentials, null);
        }

        @Override
        public String toString() {
            return "LocalEndpoint[" + endpoint + ", " + region + "]";
        }
    }

    /**
     * A client for the profile. The local engine needs its endpoint; a Redshift or Athena connection
     * takes its credentials from its AWS profile (or the default chain), resolved again on every
     * request, and closes them with the client. A Dremio connection's token or password is found by
     * {@link Secrets#system} (the keyring, the environment) when its first request needs it.
     * Throws IllegalArgumentException when the profile is incomplete.
     */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local) {
        return open(profile, local, CredentialsSource::of, Secrets.system(null));
    }

    /** As {@link #open(ConnectionProfile, LocalEndpoint)}, with the credentials for an AWS profile name from the given source. */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local,
                               Function<String, CredentialsSource> credentials) {
        return open(profile, local, credentials, Secrets.system(null));
    }

    /** As {@link #open(ConnectionProfile, LocalEndpoint, Function)}, with a Dremio secret from the given secrets. */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local,
                               Function<String, CredentialsSource> credentials, Secrets secrets) {
        if (profile.settings() instanceof LocalSettings settings) {
            if (local == null) {
                throw new IllegalArgumentException("The local engine's endpoint is not known.");
            }
            if (settings.api() == LocalSettings.Api.ATHENA) {
                return localAthena(local, blank(settings.database()) ? LocalSettings.ATHENA.database()
                        : settings.database());
            }
            if (settings.api() == LocalSettings.Api.DREMIO) {
                return localDremio(local);
            }
            Credentials key = local.credentials();
            return new RedshiftDataClient(localTarget(settings, local), () -> key);
        }
        if (profile.settings() instanceof RedshiftSettings settings) {
            RedshiftTarget target = redshiftTarget(settings);
            CredentialsSource source = credentials.apply(settings.awsProfile());
            return RedshiftDataClient.builder(target, source).closeWith(source).build();
        }
        if (profile.settings() instanceof AthenaSettings settings) {
            String problem = settings.problem();
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return athena(settings, credentials);
        }
        if (profile.settings() instanceof DremioSettings settings) {
            return dremio(settings, secrets);
        }
        throw new IllegalArgumentException("This version of Quire cannot connect to " + profile.backend().label()
                + " yet.");
    }

    /**
     * A Dremio client: a personal access token sent as Bearer, or the user's password exchanged at
     * /apiv2/login; the secret is looked up (and kept by the client only) when the first request
     * needs it. Throws IllegalArgumentException when a setting is missing or wrong.
     */
    public static DremioClient dremio(DremioSettings settings, Secrets secrets) {
        String problem = settings.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Supplier<String> secret = secrets.supplier(settings.secret());
        DremioLogin login = settings.auth() == DremioSettings.Auth.PASSWORD
                ? DremioLogin.password(settings.user().trim(), secret) : DremioLogin.token(secret);
        return DremioClient.builder(settings.baseUrl(), login).projectId(trimmed(settings.projectId()))
                .context(settings.context()).build();
    }

    /**
     * An Athena client for settings that need not name a database yet, e.g. to list the workgroups
     * ({@link AthenaClient#listWorkGroups}) while a connection is being set up; throws
     * IllegalArgumentException when the region is missing or another setting is wrong.
     */
    public static AthenaClient athena(AthenaSettings settings, Function<String, CredentialsSource> credentials) {
        String problem = settings.withDatabase(AthenaClient.DEFAULT_DATABASE).problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        CredentialsSource source = credentials.apply(settings.awsProfile());
        return AthenaClient.builder(athenaTarget(settings), source).closeWith(source).build();
    }

    /** As {@link #athena(AthenaSettings, Function)}, with credentials from the user's AWS profiles. */
    public static AthenaClient athena(AthenaSettings settings) {
        return athena(settings, CredentialsSource::of);
    }

    /**
     * An Athena client on the local engine's server, signed with its key, in the default workgroup
     * and data catalog; database null runs in Athena's default. Results are read from the server's
     * S3 path-style endpoint on the same port.
     */
    public static AthenaClient localAthena(LocalEndpoint local, String database) {
        Credentials key = local.credentials();
        return new AthenaClient(new AthenaTarget(local.endpoint(), local.region(), null, null, database, null),
                () -> key);
    }

    /** A Dremio client on the local engine's server, signed in with the token the server generated. */
    public static DremioClient localDremio(LocalEndpoint local) {
        return localDremio(local, java.util.List.of()).build();
    }

    /** A builder of {@link #localDremio(LocalEndpoint)}'s client, in the given context (empty: none). */
    public static DremioClient.Builder localDremio(LocalEndpoint local, java.util.List<String> context) {
        String token = local.dremioToken();
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("The local engine's Dremio token is not known.");
        }
        return DremioClient.builder(local.endpoint(), DremioLogin.token(() -> token)).context(context);
    }

    /** What an Athena connection connects to, its names trimmed. */
    static AthenaTarget athenaTarget(AthenaSettings settings) {
        return new AthenaTarget(settings.endpoint(), settings.region().trim(), trimmed(settings.workgroup()),
                trimmed(settings.catalog()), trimmed(settings.database()), trimmed(settings.outputLocation()));
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** The local engine's workgroup and database (the profile's, or the engine's defaults). */
    static RedshiftTarget localTarget(LocalSettings settings, LocalEndpoint local) {
        LocalSettings defaults = LocalSettings.DEFAULT;
        return RedshiftTarget.workgroup(local.endpoint(), local.region(),
                blank(settings.database()) ? defaults.database() : settings.database(),
                blank(settings.workgroup()) ? defaults.workgroup() : settings.workgroup());
    }

    /** What a Redshift connection connects to: only the members its mode uses are kept. */
    static RedshiftTarget redshiftTarget(RedshiftSettings settings) {
        String problem = settings.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        URI endpoint = settings.endpoint();
        String region = settings.region().trim();
        String database = settings.database().trim();
        return switch (settings.mode()) {
            case SERVERLESS_WORKGROUP -> new RedshiftTarget(endpoint, region, database,
                    settings.workgroupName().trim(), null, null, null);
            case CLUSTER_IAM -> new RedshiftTarget(endpoint, region, database,
                    null, settings.clusterIdentifier().trim(), null, null);
            case CLUSTER_DB_USER -> new RedshiftTarget(endpoint, region, database,
                    null, settings.clusterIdentifier().trim(), settings.dbUser().trim(), null);
            case SECRETS_MANAGER -> blank(settings.workgroupName())
                    ? new RedshiftTarget(endpoint, region, database, null, settings.clusterIdentifier().trim(), null,
                            settings.secretArn().trim())
                    : new RedshiftTarget(endpoint, region, database, settings.workgroupName().trim(), null, null,
                            settings.secretArn().trim());
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private Connections() {
    }
}
