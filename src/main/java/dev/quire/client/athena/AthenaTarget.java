package dev.quire.client.athena;

import dev.quire.model.AthenaSettings;
import java.net.URI;
import java.util.Objects;

/**
 * Where queries run: the region, workgroup, data catalog and database, an optional S3 output
 * location (else the workgroup's) and an optional endpoint (null for the region's public one; with
 * an endpoint, S3 is reached path-style on the same endpoint). Blank workgroup and catalog are
 * Athena's defaults (primary, AwsDataCatalog); database may be null: Athena then uses "default".
 */
public record AthenaTarget(URI endpoint, String region, String workgroup, String catalog, String database,
                           String outputLocation) {

    public AthenaTarget {
        Objects.requireNonNull(region, "region");
        workgroup = blank(workgroup) ? AthenaSettings.DEFAULT_WORKGROUP : workgroup;
        catalog = blank(catalog) ? AthenaSettings.DEFAULT_CATALOG : catalog;
        database = blank(database) ? null : database;
        outputLocation = blank(outputLocation) ? null : outputLocation;
    }

    public URI resolvedEndpoint() {
        return endpoint != null ? endpoint : URI.create("https://athena." + region + ".amazonaws.com");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
