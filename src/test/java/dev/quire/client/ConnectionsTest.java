package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.athena.AthenaClient;
import dev.quire.client.athena.AthenaTarget;
import dev.quire.client.dremio.DremioClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.model.AthenaSettings;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.DremioSettings;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.RedshiftSettings.Mode;
import dev.quire.model.SecretRef;
import dev.quire.protocol.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;

class ConnectionsTest {

    /** A profile with every member filled in, as one left over from switching modes in the dialog. */
    static ConnectionProfile everything(Mode mode, URI endpoint) {
        return new ConnectionProfile("prod", settings(mode, endpoint));
    }

    static RedshiftSettings settings(Mode mode, URI endpoint) {
        return new RedshiftSettings(mode, " eu-west-1 ", endpoint, "analyst", "wg", "cluster-1", "warehouse", "alice",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rs");
    }

    static ProfileFile analystProfile() {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(("[analyst]\naws_access_key_id = AKIDANALYST\n"
                        + "aws_secret_access_key = analyst-secret\n").getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
    }

    @Test
    void eachModeKeepsOnlyItsOwnMembers() {
        assertEquals(new RedshiftTarget(null, "eu-west-1", "warehouse", "wg", null, null, null),
                Connections.redshiftTarget(settings(Mode.SERVERLESS_WORKGROUP, null)));
        assertEquals(new RedshiftTarget(null, "eu-west-1", "warehouse", null, "cluster-1", null, null),
                Connections.redshiftTarget(settings(Mode.CLUSTER_IAM, null)));
        assertEquals(new RedshiftTarget(null, "eu-west-1", "warehouse", null, "cluster-1", "alice", null),
                Connections.redshiftTarget(settings(Mode.CLUSTER_DB_USER, null)));
        String secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rs";
        assertEquals(new RedshiftTarget(null, "eu-west-1", "warehouse", "wg", null, null, secret),
                Connections.redshiftTarget(settings(Mode.SECRETS_MANAGER, null)));
        RedshiftSettings secretOnCluster = new RedshiftSettings(Mode.SECRETS_MANAGER, "us-east-1", null, null, null,
                "cluster-1", "dev", null, secret);
        assertEquals(new RedshiftTarget(null, "us-east-1", "dev", null, "cluster-1", null, secret),
                Connections.redshiftTarget(secretOnCluster));
        assertEquals(URI.create("https://redshift-data.eu-west-1.amazonaws.com"),
                Connections.redshiftTarget(settings(Mode.CLUSTER_IAM, null)).resolvedEndpoint());
    }

    @Test
    void incompleteProfilesAreRefused() {
        ConnectionProfile noWorkgroup = new ConnectionProfile("p", new RedshiftSettings(Mode.SERVERLESS_WORKGROUP,
                "us-east-1", null, null, " ", null, "dev", null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Connections.open(noWorkgroup, null));
        assertEquals("Enter the workgroup name.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Connections.open(ConnectionProfile.local(), null));
    }

    @Test
    void anIncompleteDremioProfileIsRefused() {
        ConnectionProfile dremio = new ConnectionProfile("lake", new DremioSettings(URI.create("https://dremio:9047"),
                null, DremioSettings.Auth.PERSONAL_ACCESS_TOKEN, null, null, null));
        assertEquals("Name where the token is kept: a keyring entry or an environment variable.",
                assertThrows(IllegalArgumentException.class, () -> Connections.open(dremio, null)).getMessage());
    }

    @Test
    void aDremioConnectionSendsItsTokenFromItsVariableAndItsContext() throws Exception {
        Secrets secrets = new Secrets((service, account) -> {
            throw new IllegalStateException("no keyring here");
        }, Map.of("LAKE_TOKEN", "pat-from-env")::get, null);
        RecordedRequest request = sentBy("{\"id\":\"j1\"}", endpoint -> {
            DataApi api = Connections.open(new ConnectionProfile("lake", new DremioSettings(endpoint, null,
                    DremioSettings.Auth.PERSONAL_ACCESS_TOKEN, new SecretRef(SecretRef.Store.ENVIRONMENT, "LAKE_TOKEN"),
                    null, List.of("Sales", "2024"))), null, analyst(), secrets);
            assertInstanceOf(DremioClient.class, api);
            return api;
        }, api -> api.execute(dev.quire.model.StatementRequest.of("select 1")));
        assertEquals("/api/v3/sql", request.getPath());
        assertEquals("Bearer pat-from-env", request.getHeader("Authorization"));
        assertEquals(Json.MAPPER.readTree("{\"sql\":\"select 1\",\"context\":[\"Sales\",\"2024\"]}"), body(request));
    }

    /** Opens a client on a server that answers once, makes one call and returns the request it sent. */
    static RecordedRequest sentBy(String answer, Function<URI, ? extends DataApi> open,
                                  Function<DataApi, Future<?>> call) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody(answer));
            try (DataApi api = open.apply(server.url("/").uri())) {
                call.apply(api).get(10, TimeUnit.SECONDS);
            }
            return server.takeRequest();
        }
    }

    static JsonNode body(RecordedRequest request) throws Exception {
        return Json.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
    }

    static Function<String, CredentialsSource> analyst() {
        return name -> CredentialsSource.of(name, ProfileFileSupplier.fixedProfileFile(analystProfile()));
    }

    @Test
    void athenaConnectionSignsWithItsProfileAndRunsInItsWorkgroupCatalogAndDatabase() throws Exception {
        RecordedRequest request = sentBy("{\"QueryExecutionId\":\"q1\"}", endpoint -> {
            DataApi api = Connections.open(new ConnectionProfile("lake", new AthenaSettings(" eu-west-1 ", "analysts",
                    "lake", "logs", "s3://results-bucket/athena/", "analyst", endpoint)), null, analyst());
            assertInstanceOf(AthenaClient.class, api);
            return api;
        }, api -> api.execute(dev.quire.model.StatementRequest.of("select 1")));
        assertEquals("AmazonAthena.StartQueryExecution", request.getHeader("X-Amz-Target"));
        assertTrue(request.getHeader("Authorization").matches(
                "AWS4-HMAC-SHA256 Credential=AKIDANALYST/\\d{8}/eu-west-1/athena/aws4_request, .*"),
                request.getHeader("Authorization"));
        JsonNode body = body(request);
        assertEquals("analysts", body.path("WorkGroup").asText());
        assertEquals("lake", body.path("QueryExecutionContext").path("Catalog").asText());
        assertEquals("logs", body.path("QueryExecutionContext").path("Database").asText());
        assertEquals("s3://results-bucket/athena/", body.path("ResultConfiguration").path("OutputLocation").asText());
    }

    @Test
    void athenaSettingsTakeAthenasDefaultsAndIncompleteOnesAreRefused() {
        AthenaTarget target = Connections.athenaTarget(new AthenaSettings("us-east-2", " ", null, "logs", "", null,
                null));
        assertEquals(new AthenaTarget(null, "us-east-2", "primary", "AwsDataCatalog", "logs", null), target);
        assertEquals(URI.create("https://athena.us-east-2.amazonaws.com"), target.resolvedEndpoint());
        ConnectionProfile noDatabase = new ConnectionProfile("lake", new AthenaSettings("us-east-2", null, null, null,
                null, null, null));
        assertEquals("Enter a database name.",
                assertThrows(IllegalArgumentException.class, () -> Connections.open(noDatabase, null)).getMessage());
        AthenaSettings badOutput = new AthenaSettings("us-east-2", null, null, null, "results/", null, null);
        assertThrows(IllegalArgumentException.class, () -> Connections.athena(badOutput));
        assertThrows(IllegalArgumentException.class, () -> Connections.athena(new AthenaSettings(null, null, null,
                null, null, null, null)));
    }

    @Test
    void workgroupsCanBeListedBeforeADatabaseIsChosen() throws Exception {
        List<String> names = new ArrayList<>();
        RecordedRequest request = sentBy("{\"WorkGroups\":[{\"Name\":\"primary\",\"State\":\"ENABLED\"}]}",
                endpoint -> Connections.athena(new AthenaSettings("eu-west-1", null, null, null, null, "analyst",
                        endpoint), analyst()),
                api -> ((AthenaClient) api).listWorkGroups(null)
                        .thenAccept(page -> page.items().forEach(group -> names.add(group.name()))));
        assertEquals(List.of("primary"), names);
        assertEquals("AmazonAthena.ListWorkGroups", request.getHeader("X-Amz-Target"));
    }

    @Test
    void localAthenaUsesTheEnginesEndpointAndKey() throws Exception {
        RecordedRequest request = sentBy("{\"QueryExecutionId\":\"q1\"}",
                endpoint -> Connections.localAthena(new Connections.LocalEndpoint(endpoint, "us-east-1",
                        new Credentials("AKIDLOCAL", "local-secret")), "dev"),
                api -> api.execute(dev.quire.model.StatementRequest.of("select 1")));
        assertTrue(request.getHeader("Authorization").contains("Credential=AKIDLOCAL/"));
        JsonNode body = body(request);
        assertEquals("primary", body.path("WorkGroup").asText());
        assertEquals("AwsDataCatalog", body.path("QueryExecutionContext").path("Catalog").asText());
        assertEquals("dev", body.path("QueryExecutionContext").path("Database").asText());
        assertFalse(body.has("ResultConfiguration"), "the workgroup's own output location");
    }

    @Test
    void redshiftConnectionSignsWithItsProfileAndSendsItsTarget() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("{\"Databases\":[\"warehouse\"]}"));
            URI endpoint = server.url("/").uri();
            try (DataApi api = Connections.open(everything(Mode.CLUSTER_DB_USER, endpoint), null,
                    name -> CredentialsSource.of(name, ProfileFileSupplier.fixedProfileFile(analystProfile())))) {
                assertEquals(List.of("warehouse"), api.listDatabases(null).get(10, TimeUnit.SECONDS).items());
            }
            RecordedRequest request = server.takeRequest();
            assertTrue(request.getHeader("Authorization").matches(
                    "AWS4-HMAC-SHA256 Credential=AKIDANALYST/\\d{8}/eu-west-1/redshift-data/aws4_request, .*"),
                    request.getHeader("Authorization"));
            JsonNode body = Json.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
            assertEquals("cluster-1", body.path("ClusterIdentifier").asText());
            assertEquals("alice", body.path("DbUser").asText());
            assertEquals("warehouse", body.path("Database").asText());
            assertFalse(body.has("WorkgroupName"));
            assertFalse(body.has("SecretArn"));
        }
    }

    @Test
    void localConnectionUsesTheEnginesEndpointAndKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("{\"Id\":\"x\"}"));
            var local = new Connections.LocalEndpoint(server.url("/").uri(), "us-east-1",
                    new Credentials("AKIDLOCAL", "local-secret"));
            try (DataApi api = Connections.open(ConnectionProfile.local(), local)) {
                assertEquals("x", api.execute(dev.quire.model.StatementRequest.of("select 1"))
                        .get(10, TimeUnit.SECONDS));
            }
            RecordedRequest request = server.takeRequest();
            assertTrue(request.getHeader("Authorization").contains("Credential=AKIDLOCAL/"));
            JsonNode body = Json.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
            assertEquals("local", body.path("WorkgroupName").asText());
            assertEquals("dev", body.path("Database").asText());
        }
    }
}
