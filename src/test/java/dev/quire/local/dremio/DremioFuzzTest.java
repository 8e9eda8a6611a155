package dev.quire.local.dremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.LocalKeys;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.protocol.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed Dremio requests by the thousand (paths, methods, parameters, tokens, bodies): each
 * gets an answer in Dremio's shape (an error body with errorMessage and moreInfo, a 401 with no
 * body, or plain text for a body that is not JSON), never a server fault, and the server serves on.
 */
class DremioFuzzTest {

    private static final int REQUESTS = 2000;
    private static final Set<Integer> STATUSES = Set.of(200, 204, 400, 401, 404, 405, 415);

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();
    static HttpClient http;
    static String token;
    static String known;
    static String session;
    static DremioHttp dremio;

    @BeforeAll
    static void start() throws Exception {
        TaxiTrips.create(SERVER.fixture().engine(), 50);
        token = LocalKeys.dremioToken(SERVER.fixture().engine().options().dataDir());
        dremio = DremioHttp.bearer(SERVER.fixture().endpoint(), token);
        known = dremio.run("SELECT i, 'x' || i AS s FROM range(30) t(i)");
        session = dremio.as(null).post("/apiv2/login", "{\"userName\":\"quire\",\"password\":\"" + token + "\"}")
                .json().get("token").asText();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void malformedRequestsGetDremiosAnswers() throws Exception {
        Random random = new Random(20261214L);
        String[] paths = {"/api/v3/sql", "/api/v3/job/" + known, "/api/v3/job/" + known + "/results",
            "/api/v3/job/" + known + "/cancel", "/api/v3/job/unknown", "/api/v3/job/", "/api/v3/job//results",
            "/api/v3/catalog", "/api/v3/catalog/by-path/Samples/samples.dremio.com", "/api/v3/catalog/by-path/",
            "/api/v3/catalog/by-path/taxi/trips", "/api/v3/catalog/x", "/api/v3", "/api/v3/", "/apiv2/login",
            "/apiv2/other", "/api/v3/job/" + known + "/results/more", "/api/v3/catalog/by-path/%40quire",
            "/api/v3/catalog/by-path/" + "a".repeat(2000), "/api/v3/sql/x"};
        String[] queries = {null, "offset=0&limit=500", "limit=501", "limit=-1", "offset=-5", "limit=abc",
            "offset=99999999999", "limit=", "maxChildren=1", "maxChildren=-2", "maxChildren=x", "pageToken=%%%",
            "pageToken=eyJwYXRoIjoieCJ9", "exclude=children", "offset=10&limit=0", "a&&b==c"};
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
        String[] auths = {null, "Bearer " + token, "Bearer " + token, "_dremio" + session, "Bearer", "Bearer  x",
            "_dremio", "Basic cXVpcmU6eA==", token + " " + token, "bearer " + token};
        for (int i = 0; i < REQUESTS; i++) {
            String method = methods[random.nextInt(methods.length)];
            String path = paths[random.nextInt(paths.length)];
            String query = queries[random.nextInt(queries.length)];
            String auth = auths[random.nextInt(auths.length)];
            String body = body(random);
            String contentType = random.nextInt(8) == 0 ? "text/plain" : "application/json";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.fixture().endpoint() + path
                    + (query == null ? "" : "?" + query.replace("%%%", "%25%25"))))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (auth != null) {
                request.header("Authorization", auth);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            check(method + " " + path + "?" + query + " auth=" + auth + " body=" + body, method, path,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        }
        assertEquals(30, dremio.get("/api/v3/job/" + known + "/results?limit=500").json().get("rows").size(),
                "the server serves on");
    }

    @Test
    void rawRequestsWithBadEncodingsGetDremiosAnswers() throws Exception {
        String[] targets = {"/api/v3/catalog/by-path/%zz", "/api/v3/catalog/by-path/%e2%82", "/api/v3/job/%",
            "/api/v3/job/" + known + "/results?limit=%zz", "/api/v3/catalog/by-path/a%2Fb",
            "/api/v3/catalog/by-path/\u00e9t\u00e9", "/apiv2/login?x=%"};
        for (String target : targets) {
            for (String auth : new String[] {null, "Bearer " + token}) {
                try (Socket socket = new Socket("127.0.0.1", SERVER.fixture().endpoint().getPort())) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    String head = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + (auth == null ? "" : "Authorization: " + auth + "\r\n") + "\r\n";
                    out.write(head.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    int status = Integer.parseInt(answer.substring(9, 12));
                    int split = answer.indexOf("\r\n\r\n");
                    String headers = answer.substring(0, split);
                    String contentType = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                            .map(l -> l.substring("content-type:".length()).strip()).findFirst().orElse(null);
                    check("raw " + target + " auth=" + auth, "GET", target, status, contentType, answer.substring(split + 4));
                }
            }
        }
    }

    private static void check(String what, String method, String path, int status, String contentType, String body)
            throws Exception {
        assertTrue(STATUSES.contains(status), what + " -> " + status + " " + body);
        if (status == 204) {
            assertEquals("", body, what);
            return;
        }
        if (status == 401 && !(method.equals("POST") && path.startsWith("/apiv2/login"))) {
            assertEquals("", body, what + ": a 401 but the login's has no body");
            return;
        }
        if (contentType != null && contentType.startsWith("text/plain")) {
            assertEquals(400, status, what);
            assertTrue(!body.isBlank(), what);
            return;
        }
        assertTrue(contentType != null && contentType.startsWith("application/json"), what + " -> " + contentType);
        JsonNode json = Json.MAPPER.readTree(body);
        if (status >= 400) {
            assertTrue(json.path("errorMessage").isTextual() && !json.get("errorMessage").asText().isBlank(),
                    what + " -> " + body);
            assertEquals("", json.path("moreInfo").asText(null), what + " -> " + body);
        }
    }

    private static String body(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "{";
            case 3 -> "[]";
            case 4 -> "\"sql\"";
            case 5 -> "{\"sql\":" + random.nextInt() + "}";
            case 6 -> "{\"sql\":\"SELECT " + random.nextInt(100) + "\"}";
            case 7 -> "{\"sql\":\"SELECT 1\",\"context\":[\"taxi\"," + random.nextInt(3) + "]}";
            case 8 -> "{\"sql\":\"SELECT 1\",\"references\":{\"x\":{\"type\":\"BRANCH\",\"value\":\"main\"}}}";
            case 9 -> "{\"sql\":\"SELECT 1\",\"unknown\":true}";
            case 10 -> "{\"userName\":\"quire\",\"password\":\"" + (random.nextBoolean() ? token : "x") + "\"}";
            case 11 -> "{\"sql\":\"SELECT * FROM no_such\",\"context\":\"Samples\"}";
            case 12 -> "{\"sql\":\"\\u0000\\ud800\"}";
            default -> "{\"sql\":\"SELECT 1\",\"context\":[\"Samples\",\"samples.dremio.com\"],\"engineName\":7}";
        };
    }
}
