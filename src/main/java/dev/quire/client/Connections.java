package dev.quire.client;

import dev.quire.aws.Credentials;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.LocalSettings;
import dev.quire.model.RedshiftSettings;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/** Opens the {@link DataApi} for a saved connection. */
public final class Connections {

    /** The local engine's server: where it listens, its region and the key pair it accepts. */
    public record LocalEndpoint(URI endpoint, String region, Credentials credentials) {
        public LocalEndpoint {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /**
     * A client for the profile. The local engine needs its endpoint; a Redshift connection takes its
     * credentials from its AWS profile (or the default chain), resolved again on every request, and
     * closes them with the client. Throws IllegalArgumentException when the profile is incomplete or
     * its backend has no client yet (Athena, Dremio).
     */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local) {
        return open(profile, local, CredentialsSource::of);
    }

    /** As {@link #open(ConnectionProfile, LocalEndpoint)}, with the credentials for an AWS profile name from the given source. */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local,
                               Function<String, CredentialsSource> credentials) {
        if (profile.settings() instanceof LocalSettings settings) {
            if (local == null) {
                throw new IllegalArgumentException("The local engine's endpoint is not known.");
            }
            Credentials key = local.credentials();
            return new RedshiftDataClient(localTarget(settings, local), () -> key);
        }
        if (profile.settings() instanceof RedshiftSettings settings) {
            RedshiftTarget target = redshiftTarget(settings);
            CredentialsSource source = credentials.apply(settings.awsProfile());
            return RedshiftDataClient.builder(target, source).closeWith(source).build();
        }
        throw new IllegalArgumentException("This version of Quire cannot connect to " + profile.backend().label()
                + " yet.");
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
