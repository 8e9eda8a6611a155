package dev.quire.model;

import java.net.URI;
import java.util.Objects;

/**
 * A saved connection: which backend, where and as whom. Never holds a secret: credentials come
 * from the AWS profile (or the environment), and Secrets Manager is named by ARN only.
 */
public record ConnectionProfile(String name, Backend backend, Mode mode, String region, URI endpoint,
                                String awsProfile, String workgroupName, String clusterIdentifier,
                                String database, String dbUser, String secretArn) {

    public enum Backend { LOCAL, REDSHIFT }

    /** How a Redshift connection authenticates. */
    public enum Mode { LOCAL, SERVERLESS_WORKGROUP, CLUSTER_IAM, CLUSTER_DB_USER, SECRETS_MANAGER }

    public static final String LOCAL_NAME = "Local engine";

    public ConnectionProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mode, "mode");
    }

    /** The embedded engine, always present. */
    public static ConnectionProfile local() {
        return new ConnectionProfile(LOCAL_NAME, Backend.LOCAL, Mode.LOCAL, null, null, null, "local", null, "dev",
                null, null);
    }

    /** What is missing for this profile to connect, or null when it is complete. */
    public String problem() {
        if (backend == Backend.LOCAL) {
            return null;
        }
        if (region == null || region.isBlank()) {
            return "Choose a region.";
        }
        if (database == null || database.isBlank()) {
            return "Enter a database name.";
        }
        return switch (mode) {
            case LOCAL -> "A Redshift connection needs a connection mode.";
            case SERVERLESS_WORKGROUP -> blank(workgroupName) ? "Enter the workgroup name." : null;
            case CLUSTER_IAM -> blank(clusterIdentifier) ? "Enter the cluster identifier." : null;
            case CLUSTER_DB_USER -> blank(clusterIdentifier) ? "Enter the cluster identifier."
                    : blank(dbUser) ? "Enter the database user." : null;
            case SECRETS_MANAGER -> blank(secretArn) ? "Enter the secret's ARN."
                    : blank(workgroupName) && blank(clusterIdentifier)
                    ? "Enter the workgroup name or the cluster identifier." : null;
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
