package dev.quire.model;

import static dev.quire.model.Checks.blank;

import java.net.URI;

/**
 * A Redshift Data API connection: how it authenticates (the mode, null when the file named none),
 * the region, an optional endpoint, the AWS profile and the target. Members the mode does not use
 * are kept, so switching modes back and forth in the dialog loses nothing.
 */
public record RedshiftSettings(Mode mode, String region, URI endpoint, String awsProfile, String workgroupName,
                               String clusterIdentifier, String database, String dbUser, String secretArn)
        implements BackendSettings {

    /** How a Redshift connection authenticates. */
    public enum Mode { SERVERLESS_WORKGROUP, CLUSTER_IAM, CLUSTER_DB_USER, SECRETS_MANAGER }

    @Override
    public ConnectionProfile.Backend backend() {
        return ConnectionProfile.Backend.REDSHIFT;
    }

    @Override
    public String problem() {
        String missing = Checks.regionAndDatabase(region, database);
        if (missing != null) {
            return missing;
        }
        if (mode == null) {
            return "A Redshift connection needs a connection mode.";
        }
        return switch (mode) {
            case SERVERLESS_WORKGROUP -> blank(workgroupName) ? "Enter the workgroup name." : null;
            case CLUSTER_IAM -> blank(clusterIdentifier) ? "Enter the cluster identifier." : null;
            case CLUSTER_DB_USER -> blank(clusterIdentifier) ? "Enter the cluster identifier."
                    : blank(dbUser) ? "Enter the database user." : null;
            case SECRETS_MANAGER -> blank(secretArn) ? "Enter the secret's ARN."
                    : blank(workgroupName) && blank(clusterIdentifier)
                    ? "Enter the workgroup name or the cluster identifier." : null;
        };
    }

    @Override
    public RedshiftSettings withDatabase(String database) {
        return new RedshiftSettings(mode, region, endpoint, awsProfile, workgroupName, clusterIdentifier, database,
                dbUser, secretArn);
    }
}
