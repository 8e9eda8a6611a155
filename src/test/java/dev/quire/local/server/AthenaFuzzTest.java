package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.protocol.Json;
import java.io.IOException;
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
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * Malformed Athena and S3 requests by the thousand: each gets an error in its API's own shape
 * (JSON with __type and Message, or S3's XML), never a server fault, and the server serves on.
 */
class AthenaFuzzTest {

    private static final int REQUESTS = 1500;
    private static final String[] ACTIONS = {
        "StartQueryExecution", "GetQueryExecution", "BatchGetQueryExecution", "StopQueryExecution",
        "GetQueryResults", "ListQueryExecutions", "ListDataCatalogs", "GetDataCatalog", "ListDatabases",
        "GetDatabase", "ListTableMetadata", "GetTableMetadata", "ListWorkGroups", "GetWorkGroup",
    };
    private static final String[] MEMBERS = {
        "QueryString", "ClientRequestToken", "QueryExecutionContext", "ResultConfiguration", "WorkGroup",
        "ExecutionParameters", "QueryExecutionId", "QueryExecutionIds", "NextToken", "MaxResults",
        "QueryResultType", "CatalogName", "DatabaseName", "TableName", "Expression", "Name",
        "ResultReuseConfiguration",
    };

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static HttpClient http;
    static String known;

    @BeforeAll
    static void start() {
        local = server.fixture();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        try (AthenaClient athena = AthenaSdk.athena(local)) {
            known = AthenaSdk.run(athena, "public", "SELECT i FROM range(10) t(i)").queryExecutionId();
        }
    }

    @Test
    void malformedAthenaRequestsGetAthenasErrors() throws Exception {
        Random random = new Random(20261202L);
        for (int i = 0; i < REQUESTS; i++) {
            String action = ACTIONS[random.nextInt(ACTIONS.length)];
            byte[] body = body(random).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = post("AmazonAthena." + action, body);
            String what = action + " " + new String(body, StandardCharsets.UTF_8);
            if (response.statusCode() == 200) {
                Json.MAPPER.readTree(response.body());
                continue;
            }
            if (response.statusCode() != 400) {
                fail("status " + response.statusCode() + " for " + what + ": " + response.body());
            }
            JsonNode error = Json.MAPPER.readTree(response.body());
            assertTrue(error.path("__type").isTextual() && !error.path("__type").asText().isEmpty(), what);
            assertTrue(error.path("Message").isTextual(), what + ": " + response.body());
            if (error.path("__type").asText().equals("InvalidRequestException")) {
                assertTrue(error.path("AthenaErrorCode").isTextual(), what + ": " + response.body());
            }
        }
        try (AthenaClient athena = AthenaSdk.athena(local)) {
            assertEquals(QueryExecutionState.SUCCEEDED, AthenaSdk.run(athena, "public", "SELECT 1").status().state());
        }
    }

    @Test
    void malformedObjectRequestsGetS3sErrors() throws Exception {
        Random random = new Random(20261203L);
        String[] paths = {"/", "/quire-local", "/quire-local/", "/quire-local/athena-results/" + known + ".csv",
            "/quire-local/athena-results/" + known, "/quire-local/athena-results/%2Fodd%20name.csv", "/other/x.csv",
            "/quire-local/athena-results/../" + known + ".csv", "/quire-local/" + "a".repeat(3000)};
        String[] ranges = {null, "bytes=0-0", "bytes=5-2", "bytes=-0", "bytes=999999-", "bytes=a-b", "bytes=0-1,4-5",
            "items=0-1", "bytes=-99999999999999999999", "bytes=3-"};
        String[] methods = {"GET", "HEAD", "PUT", "DELETE", "POST", "OPTIONS"};
        for (int i = 0; i < 400; i++) {
            String method = methods[random.nextInt(methods.length)];
            String path = paths[random.nextInt(paths.length)];
            String range = ranges[random.nextInt(ranges.length)];
            HttpResponse<String> response = object(method, path, range, random.nextInt(10) != 0);
            int status = response.statusCode();
            String what = method + " " + path + " " + range + " -> " + status + " " + response.body();
            assertTrue(status < 500 || status == 501, what);
            if (method.equals("POST") && path.equals("/")) {
                // the AWS JSON route's, answered in its own shape
                assertTrue(Json.MAPPER.readTree(response.body()).path("__type").isTextual(), what);
                assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent(), what);
                continue;
            }
            assertTrue(response.headers().firstValue("x-amz-request-id").isPresent(), what);
            if (status >= 400 && !method.equals("HEAD")) {
                assertTrue(response.body().startsWith("<?xml") && response.body().contains("<Code>"), what);
            }
        }
    }

    private static HttpResponse<String> post(String target, byte[] body) throws Exception {
        String host = "127.0.0.1:" + local.endpoint().getPort();
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", host),
                Map.entry("Content-Type", "application/x-amz-json-1.1"), Map.entry("X-Amz-Target", target));
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new SigV4Signer(local.region(), "athena").sign(new SignableRequest("POST", "/", null, headers, body),
                local.credentials(), Instant.now()).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> object(String method, String path, String range, boolean sign)
            throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Host", "127.0.0.1:"
                + local.endpoint().getPort())));
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) {
            headers.add(Map.entry("Range", range));
            request.header("Range", range);
        }
        if (sign) {
            new SigV4Signer(local.region(), "s3").withoutPathNormalization().withContentSha256Header()
                    .sign(new SignableRequest(method, path, null, headers, new byte[0]), local.credentials(),
                            Instant.now()).forEach(request::header);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(method + " " + path + " range " + range + (sign ? " signed" : " unsigned")
                    + ": " + e.getMessage(), e);
        }
    }

    private static String body(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "[]";
            case 2 -> "{\"QueryString\":";
            case 3 -> "{\"QueryExecutionId\":\"" + known + "\",\"MaxResults\":" + (random.nextInt(2003) - 1001) + "}";
            case 4 -> "{\"QueryExecutionId\":\"" + known + "\",\"NextToken\":\"" + junk(random, 40) + "\"}";
            default -> object(random);
        };
    }

    private static String object(Random random) {
        StringBuilder json = new StringBuilder("{");
        int members = random.nextInt(5);
        for (int m = 0; m < members; m++) {
            json.append(m == 0 ? "" : ",").append('"').append(MEMBERS[random.nextInt(MEMBERS.length)]).append("\":")
                    .append(value(random, 0));
        }
        return json.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 1 ? 7 : 9)) {
            case 0 -> "null";
            case 1 -> Integer.toString(random.nextInt(200) - 100);
            case 2 -> "true";
            case 3 -> "\"" + known + "\"";
            case 4 -> "\"SELECT ? , 'a''b'\"";
            case 5 -> "\"" + junk(random, random.nextInt(60)) + "\"";
            case 6 -> "\"" + "q".repeat(random.nextInt(300)) + "\"";
            case 7 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            default -> "{\"Database\":" + value(random, depth + 1) + ",\"OutputLocation\":" + value(random, depth + 1)
                    + ",\"Catalog\":" + value(random, depth + 1) + "}";
        };
    }

    private static String junk(Random random, int length) {
        String alphabet = "abcXYZ019 _-./:*|()[]?'%\\u00e9";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            text.append(c == '\\' ? "\\\\" : String.valueOf(c));
        }
        return text.toString();
    }
}
