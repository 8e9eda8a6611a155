package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.RedshiftData;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** Thousands of malformed and hostile requests: each gets a well-formed AWS error, and the server lives on. */
class ServerFuzzTest {

    private static final int REQUESTS = 3000;
    private static final String[] MEMBERS = {
        "Sql", "Sqls", "Id", "NextToken", "MaxResults", "WorkgroupName", "ClusterIdentifier", "Database",
        "DbUser", "SecretArn", "Parameters", "ClientToken", "StatementName", "ResultFormat", "SessionId",
        "SessionKeepAliveSeconds", "WaitTimeSeconds", "Status", "RoleLevel", "SchemaPattern", "TablePattern",
        "Schema", "Table", "ConnectedDatabase", "ExecutionMode", "WithEvent",
    };

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static HttpClient http;
    static SigV4Signer signer;

    @BeforeAll
    static void start() throws Exception {
        local = server.fixture();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        signer = new SigV4Signer(local.region(), RedshiftData.SIGNING_NAME);
    }

    private HttpResponse<String> send(String target, byte[] body, boolean sign) throws Exception {
        String host = "127.0.0.1:" + local.endpoint().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", RedshiftData.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", host));
        headers.add(Map.entry("Content-Type", RedshiftData.CONTENT_TYPE));
        if (target != null) {
            request.header("X-Amz-Target", target);
            headers.add(Map.entry("X-Amz-Target", target));
        }
        if (sign) {
            signer.sign(new SignableRequest("POST", "/", null, headers, body), local.credentials(), Instant.now())
                    .forEach(request::header);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAwsError(HttpResponse<String> response, String what) throws Exception {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        if (status != 400) {
            fail("status " + status + " for " + what + ": " + response.body());
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertTrue(body.path("__type").isTextual() && !body.path("__type").asText().isEmpty(),
                "no __type for " + what + ": " + response.body());
        assertTrue(body.path("Message").isTextual(), "no Message for " + what + ": " + response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent(), "no request id for " + what);
    }

    @Test
    void malformedRequestsGetAwsErrorsAndTheServerKeepsServing() throws Exception {
        Random random = new Random(20261121L);
        RedshiftData.Action[] actions = RedshiftData.Action.values();
        for (int i = 0; i < REQUESTS; i++) {
            String target = switch (random.nextInt(12)) {
                case 0 -> null;
                case 1 -> "RedshiftData.NoSuchAction";
                case 2 -> "AmazonAthena.StartQueryExecution";
                case 3 -> "RedshiftData." + Long.toString(random.nextLong(), 36);
                default -> actions[random.nextInt(actions.length)].target();
            };
            byte[] body = body(random);
            boolean sign = random.nextInt(20) != 0;
            HttpResponse<String> response = send(target, body, sign);
            assertAwsError(response, target + " " + new String(body, StandardCharsets.UTF_8));
            if (!sign) {
                assertEquals(400, response.statusCode());
            }
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("NOT-HTTP \u0000\u0001\u0002 garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        try (var sdk = Sdk.client(local)) {
            var done = Sdk.run(sdk, "select 42 as answer");
            assertEquals(StatusString.FINISHED, done.status());
            assertEquals(42L, sdk.getStatementResult(b -> b.id(done.id())).records().get(0).get(0).longValue());
        }
    }

    @Test
    void eachRouteAnswersInItsOwnShapeAndChecksItsSigningName() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> athenaTarget = send("AmazonAthena.StartQueryExecution", body, true);
        assertEquals(400, athenaTarget.statusCode());
        JsonNode scoped = Json.MAPPER.readTree(athenaTarget.body());
        assertEquals("InvalidSignatureException", scoped.path("__type").asText(), athenaTarget.body());
        assertTrue(scoped.path("Message").asText().contains("'athena'"), athenaTarget.body());
        for (String target : List.of("RedshiftData.NoSuchAction", "Nothing")) {
            HttpResponse<String> unknown = send(target, body, true);
            assertEquals(400, unknown.statusCode(), target);
            assertEquals("application/x-amz-json-1.1", unknown.headers().firstValue("Content-Type").orElse(""));
            JsonNode error = Json.MAPPER.readTree(unknown.body());
            assertEquals("UnknownOperationException", error.path("__type").asText(), unknown.body());
            assertEquals("Unknown operation " + target + ".", error.path("Message").asText());
        }
        SigV4Signer athena = new SigV4Signer(local.region(), "athena");
        String target = RedshiftData.Action.ListDatabases.target();
        byte[] list = "{\"WorkgroupName\":\"local\",\"Database\":\"dev\"}".getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", "127.0.0.1:" + local.endpoint().getPort()),
                Map.entry("Content-Type", RedshiftData.CONTENT_TYPE), Map.entry("X-Amz-Target", target));
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", RedshiftData.CONTENT_TYPE)
                .header("X-Amz-Target", target).POST(HttpRequest.BodyPublishers.ofByteArray(list));
        athena.sign(new SignableRequest("POST", "/", null, headers, list), local.credentials(), Instant.now())
                .forEach(request::header);
        HttpResponse<String> wrongService = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, wrongService.statusCode());
        JsonNode error = Json.MAPPER.readTree(wrongService.body());
        assertEquals("InvalidSignatureException", error.path("__type").asText());
        assertTrue(error.path("Message").asText().contains("'redshift-data'"), wrongService.body());
        assertEquals(200, send(target, list, true).statusCode());
    }

    private static byte[] body(Random random) {
        String text = switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> junk(random, random.nextInt(200));
            case 2 -> "{\"Sql\":";
            case 3 -> "[]";
            case 4 -> "null";
            case 5 -> "\"just a string\"";
            case 6 -> "[".repeat(2000) + "]".repeat(2000);
            case 7 -> "{\"Id\":\"" + "a".repeat(random.nextInt(5000)) + "\"}";
            case 8 -> "{\"Sql\":\"select 1\"} trailing";
            case 9 -> "{\"Sql\":\"select 1\",\"Sql\":\"select 2\",\"WorkgroupName\":\"local\",\"Database\":\"dev\"}";
            default -> object(random);
        };
        if (random.nextInt(30) == 0) {
            byte[] bytes = new byte[random.nextInt(512)];
            random.nextBytes(bytes);
            return bytes;
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String object(Random random) {
        StringBuilder json = new StringBuilder("{");
        int members = 1 + random.nextInt(6);
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                json.append(',');
            }
            json.append('"').append(MEMBERS[random.nextInt(MEMBERS.length)]).append("\":").append(value(random, 0));
        }
        if (random.nextBoolean()) {
            json.append(",\"WorkgroupName\":\"local\",\"Database\":\"dev\"");
        }
        return json.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 12 : 16)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> String.valueOf(random.nextInt());
            case 3 -> "-1";
            case 4 -> "1e400";
            case 5 -> "99999999999999999999999";
            case 6 -> "3.5";
            case 7 -> "\"\"";
            case 8 -> "\"00000000-0000-0000-0000-000000000000:" + random.nextInt(100) + "\"";
            case 9 -> Json.MAPPER.valueToTree(junk(random, random.nextInt(100))).toString();
            case 10 -> "\"select " + random.nextInt(10) + "\"";
            case 11 -> "\"" + "x".repeat(random.nextInt(3000)) + "\"";
            case 12 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            case 13 -> "{\"name\":" + value(random, depth + 1) + ",\"value\":" + value(random, depth + 1) + "}";
            case 14 -> "[{\"name\":\"p\",\"value\":" + value(random, depth + 1) + "}]";
            default -> "{}";
        };
    }

    private static String junk(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.append(kind == 0 ? (char) random.nextInt(32) : kind == 1 ? (char) (0x80 + random.nextInt(0x700))
                    : (char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }
}
