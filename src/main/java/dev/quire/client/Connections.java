package dev.quire.client;

import dev.quire.aws.Credentials;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.ConnectionProfile.Backend;
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
     * closes them with the client. Throws IllegalArgumentException when the profile is incomplete.
     */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local) {
        return open(profile, local, CredentialsSource::of);
    }

    /** As {@link #open(ConnectionProfile, LocalEndpoint)}, with the credentials for an AWS profile name from the given source. */
    public static DataApi open(ConnectionProfile profile, LocalEndpoint local,
                               Function<String, CredentialsSource> credentials) {
        if (profile.backend() == Backend.LOCAL) {
            if (local == null) {
                throw new IllegalArgumentException("The local engine's endpoint is not known.");
            }
            Credentials key = local.credentials();
            return new RedshiftDataClient(localTarget(profile, local), () -> key);
        }
        RedshiftTarget target = redshiftTarget(profile);
        CredentialsSource source = credentials.apply(profile.awsProfile());
        return RedshiftDataClient.builder(target, source).closeWith(source).build();
    }

    /** The local engine's workgroup and database (the profile's, or the engine's defaults). */
    static RedshiftTarget localTarget(ConnectionProfile profile, LocalEndpoint local) {
        ConnectionProfile defaults = ConnectionProfile.local();
        return RedshiftTarget.workgroup(local.endpoint(), local.region(),
                blank(profile.database()) ? defaults.database() : profile.database(),
                blank(profile.workgroupName()) ? defaults.workgroupName() : profile.workgroupName());
    }

    /** What a Redshift profile connects to: only the members its mode uses are kept. */
    static RedshiftTarget redshiftTarget(ConnectionProfile profile) {
        String problem = profile.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        URI endpoint = profile.endpoint();
        String region = profile.region().trim();
        String database = profile.database().trim();
        return switch (profile.mode()) {
            case SERVERLESS_WORKGROUP -> new RedshiftTarget(endpoint, region, database,
                    profile.workgroupName().trim(), null, null, null);
            case CLUSTER_IAM -> new RedshiftTarget(endpoint, region, database,
                    null, profile.clusterIdentifier().trim(), null, null);
            case CLUSTER_DB_USER -> new RedshiftTarget(endpoint, region, database,
                    null, profile.clusterIdentifier().trim(), profile.dbUser().trim(), null);
            case SECRETS_MANAGER -> blank(profile.workgroupName())
                    ? new RedshiftTarget(endpoint, region, database, null, profile.clusterIdentifier().trim(), null,
                            profile.secretArn().trim())
                    : new RedshiftTarget(endpoint, region, database, profile.workgroupName().trim(), null, null,
                            profile.secretArn().trim());
            case LOCAL -> throw new IllegalArgumentException("A Redshift connection needs a connection mode.");
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private Connections() {
    }
}
