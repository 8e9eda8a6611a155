package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AthenaSettingsTest {

    private static AthenaSettings of(String region, String database, String output, URI endpoint) {
        return new AthenaSettings(region, null, null, database, output, null, endpoint);
    }

    @Test
    void blankWorkgroupAndCatalogTakeAthenasDefaults() {
        AthenaSettings settings = new AthenaSettings("eu-west-1", " ", null, "logs", null, null, null);
        assertEquals("primary", settings.workgroup());
        assertEquals("AwsDataCatalog", settings.catalog());
        AthenaSettings own = new AthenaSettings("eu-west-1", "analysts", "lake", "logs", null, null, null);
        assertEquals("analysts", own.workgroup());
        assertEquals("lake", own.catalog());
        assertNull(settings.problem());
        assertEquals(ConnectionProfile.Backend.ATHENA, settings.backend());
    }

    @Test
    void regionAndDatabaseAreNeeded() {
        assertEquals("Choose a region.", of(null, "logs", null, null).problem());
        assertEquals("Enter a database name.", of("eu-west-1", "  ", null, null).problem());
    }

    @Test
    void anOutputLocationIsAnS3Url() {
        String wrong = "The output location must be an S3 URL such as s3://bucket/path/.";
        assertEquals(wrong, of("eu-west-1", "logs", "https://bucket/path/", null).problem());
        assertEquals(wrong, of("eu-west-1", "logs", "s3://", null).problem());
        assertEquals(wrong, of("eu-west-1", "logs", "s3://Upper-Case/", null).problem());
        assertNull(of("eu-west-1", "logs", "s3://query-results", null).problem());
        assertNull(of("eu-west-1", "logs", "s3://query-results/quire/", null).problem());
        assertNull(of("eu-west-1", "logs", " ", null).problem(), "blank: the workgroup's own location");
    }

    @Test
    void anEndpointIsAnHttpUrl() {
        String wrong = "The endpoint must be a URL such as https://host:443.";
        assertEquals(wrong, of("eu-west-1", "logs", null, URI.create("localhost:4566")).problem());
        assertEquals(wrong, of("eu-west-1", "logs", null, URI.create("ftp://host/")).problem());
        assertNull(of("eu-west-1", "logs", null, URI.create("http://127.0.0.1:4566")).problem());
    }

    @Test
    void anotherDatabaseKeepsEverythingElse() {
        AthenaSettings settings = new AthenaSettings("eu-west-1", "wg", "cat", "logs", "s3://b/p/", "lake", null);
        assertEquals(new AthenaSettings("eu-west-1", "wg", "cat", "sales", "s3://b/p/", "lake", null),
                settings.withDatabase("sales"));
    }
}
