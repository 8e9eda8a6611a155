package dev.quire.client.redshift;

import java.net.URI;

/**
 * Where and as whom statements run: a serverless workgroup, or a cluster (with IAM, a database
 * user or a Secrets Manager secret). endpoint is null for the region's public endpoint.
 */
public record RedshiftTarget(URI endpoint, String region, String database, String workgroupName,
                             String clusterIdentifier, String dbUser, String secretArn) {

    public static RedshiftTarget workgroup(URI endpoint, String region, String database, String workgroupName) {
        return new RedshiftTarget(endpoint, region, database, workgroupName, null, null, null);
    }

    public URI resolvedEndpoint() {
        return endpoint != null ? endpoint : URI.create("https://redshift-data." + region + ".amazonaws.com");
    }
}
