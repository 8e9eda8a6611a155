package dev.quire.model;

import static dev.quire.model.Checks.blank;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * An Amazon Athena connection: region, workgroup (blank is "primary"), data catalog (blank is
 * "AwsDataCatalog"), database, an optional S3 output location (else the workgroup's), the AWS
 * profile and an optional endpoint.
 */
public record AthenaSettings(String region, String workgroup, String catalog, String database,
                             String outputLocation, String awsProfile, URI endpoint) implements BackendSettings {

    public static final String DEFAULT_WORKGROUP = "primary";
    public static final String DEFAULT_CATALOG = "AwsDataCatalog";
    private static final Pattern S3_URL = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?");

    public AthenaSettings {
        workgroup = blank(workgroup) ? DEFAULT_WORKGROUP : workgroup;
        catalog = blank(catalog) ? DEFAULT_CATALOG : catalog;
    }

    @Override
    public ConnectionProfile.Backend backend() {
        return ConnectionProfile.Backend.ATHENA;
    }

    @Override
    public String problem() {
        String missing = Checks.regionAndDatabase(region, database);
        if (missing != null) {
            return missing;
        }
        if (!blank(outputLocation) && !S3_URL.matcher(outputLocation.strip()).matches()) {
            return "The output location must be an S3 URL such as s3://bucket/path/.";
        }
        if (endpoint != null && !Checks.httpUrl(endpoint)) {
            return "The endpoint must be a URL such as https://host:443.";
        }
        return null;
    }

    @Override
    public AthenaSettings withDatabase(String database) {
        return new AthenaSettings(region, workgroup, catalog, database, outputLocation, awsProfile, endpoint);
    }
}
