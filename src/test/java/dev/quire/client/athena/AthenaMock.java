package dev.quire.client.athena;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.client.http.HttpClients;
import dev.quire.client.http.RetryPolicy;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import okio.Buffer;

/**
 * MockWebServer playing Athena and S3 on one port, as the local server does: POST / answers each
 * action from its own queue (an unscripted call gets a 400), GET /bucket/key serves stored objects
 * path-style with ranges, ETags and If-Match; faults queued for S3 change its next answers. Register
 * it as a test's extension: it starts before each test, with an HTTP client of the given limits,
 * and stops after it with the clients it made.
 */
final class AthenaMock extends Dispatcher implements BeforeEachCallback, AfterEachCallback {

    static final String ETAG = "\"3858f62230ac3c915f300c664312c11f\"";
    static final Credentials KEY = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), () -> 0.5);

    MockWebServer server;
    private final Duration callTimeout;
    private final Duration readTimeout;
    private final Map<String, Deque<MockResponse>> answers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Deque<UnaryOperator<MockResponse>> s3Faults = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<AutoCloseable> made = new ConcurrentLinkedDeque<>();
    private OkHttpClient http;

    AthenaMock(Duration callTimeout, Duration readTimeout) {
        this.callTimeout = callTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(this);
        server.start();
        http = http(callTimeout, readTimeout);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable resource : made) {
            resource.close();
        }
        server.shutdown();
    }

    /** The HTTP client of this test, with the limits given. */
    OkHttpClient http() {
        return http;
    }

    /** Another HTTP client on the same threads and connections, with other limits; shut down after the test. */
    OkHttpClient http(Duration call, Duration read) {
        OkHttpClient other = (http == null ? HttpClients.create() : http).newBuilder().callTimeout(call)
                .readTimeout(read).build();
        made.addFirst(() -> HttpClients.shutdown(other));
        return other;
    }

    /** A client of this mock in eu-west-1, workgroup wg, database db, signed with KEY, retrying fast; closed after the test. */
    AthenaClient client(String outputLocation, UnaryOperator<AthenaClient.Builder> options) {
        AthenaClient client = options.apply(builder(outputLocation)).build();
        made.addFirst(client);
        return client;
    }

    AthenaClient client(String outputLocation) {
        return client(outputLocation, builder -> builder);
    }

    AthenaClient.Builder builder(String outputLocation) {
        AthenaTarget target = new AthenaTarget(server.url("/").uri(), "eu-west-1", "wg", null, "db", outputLocation);
        return AthenaClient.builder(target, () -> KEY).http(http).retryPolicy(FAST);
    }

    /** Queues answers to an action (e.g. "GetQueryResults"), one per call, in order. */
    AthenaMock answer(String action, MockResponse... responses) {
        answers.computeIfAbsent(action, a -> new ConcurrentLinkedDeque<>()).addAll(Arrays.asList(responses));
        return this;
    }

    AthenaMock answer(String action, String... bodies) {
        for (String body : bodies) {
            answer(action, json(200, body));
        }
        return this;
    }

    /** Stores an object at an s3:// location. */
    void put(String location, String content) {
        objects.put(path(location), content.getBytes(StandardCharsets.UTF_8));
    }

    /** Changes the next S3 answer: the operator gets the answer S3 would give and returns the one to send. */
    void s3Fault(UnaryOperator<MockResponse> fault) {
        s3Faults.add(fault);
    }

    List<RecordedRequest> calls(String action) {
        return requests.stream().filter(r -> ("AmazonAthena." + action).equals(r.getHeader("X-Amz-Target"))).toList();
    }

    List<RecordedRequest> s3Requests() {
        return requests.stream().filter(r -> "GET".equals(r.getMethod())).toList();
    }

    static JsonNode body(RecordedRequest request) throws IOException {
        return Json.MAPPER.readTree(request.getBody().clone().readUtf8());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        if ("GET".equals(request.getMethod())) {
            MockResponse answer = object(request);
            UnaryOperator<MockResponse> fault = s3Faults.poll();
            return fault == null ? answer : fault.apply(answer);
        }
        String target = request.getHeader("X-Amz-Target");
        String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
        Deque<MockResponse> queued = answers.get(action);
        MockResponse answer = queued == null ? null : queued.poll();
        return answer != null ? answer : error(400, "InvalidRequestException", "nothing scripted for " + action);
    }

    private MockResponse object(RecordedRequest request) {
        String path = URLDecoder.decode(request.getRequestUrl().encodedPath().replace("+", "%2B"),
                StandardCharsets.UTF_8);
        byte[] bytes = objects.get(path);
        if (bytes == null) {
            return s3Error(404, "NoSuchKey", "The specified key does not exist.");
        }
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null && !ifMatch.equals(ETAG)) {
            return s3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }
        String range = request.getHeader("Range");
        MockResponse answer = new MockResponse().setHeader("ETag", ETAG).setHeader("Content-Type", "text/csv");
        if (range == null) {
            return answer.setResponseCode(200).setBody(new Buffer().write(bytes));
        }
        int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        return answer.setResponseCode(206)
                .setHeader("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length)
                .setBody(new Buffer().write(bytes, from, bytes.length - from));
    }

    static String path(String location) {
        return "/" + location.substring("s3://".length());
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/x-amz-json-1.1")
                .setBody(body);
    }

    static MockResponse error(int status, String code, String message) {
        return json(status, "{\"__type\":\"" + code + "\",\"Message\":\"" + message + "\"}");
    }

    static MockResponse s3Error(int status, String code, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/xml")
                .setHeader("x-amz-request-id", "S3REQ")
                .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message><RequestId>S3REQ</RequestId></Error>");
    }

    /** A GetQueryExecution answer. */
    static String execution(String id, String state, String statementType, String outputLocation) {
        return "{\"QueryExecution\":" + queryExecution(id, state, statementType, outputLocation) + "}";
    }

    static String queryExecution(String id, String state, String statementType, String outputLocation) {
        return "{\"QueryExecutionId\":\"" + id + "\",\"Query\":\"select * from t\",\"StatementType\":\""
                + statementType + "\",\"WorkGroup\":\"wg\""
                + (outputLocation == null ? "" : ",\"ResultConfiguration\":{\"OutputLocation\":\"" + outputLocation
                + "\"}") + ",\"QueryExecutionContext\":{\"Database\":\"db\",\"Catalog\":\"AwsDataCatalog\"},"
                + "\"Status\":{\"State\":\"" + state + "\",\"SubmissionDateTime\":1720537883.968"
                + (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")
                ? ",\"CompletionDateTime\":1720537885.101" : "") + "},"
                + "\"Statistics\":{\"DataScannedInBytes\":1024,\"TotalExecutionTimeInMillis\":1133}}";
    }

    /**
     * A GetQueryResults answer over columns written "name:type": the header row first when asked,
     * then the rows (a null value is a Datum without VarCharValue), and the next token when not null.
     */
    static String results(List<String> columns, boolean header, List<List<String>> rows, String next) {
        List<List<String>> all = new ArrayList<>();
        if (header) {
            all.add(columns.stream().map(c -> c.substring(0, c.indexOf(':'))).toList());
        }
        all.addAll(rows);
        StringBuilder out = new StringBuilder("{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[");
        for (int r = 0; r < all.size(); r++) {
            out.append(r == 0 ? "" : ",").append("{\"Data\":[");
            List<String> row = all.get(r);
            for (int c = 0; c < row.size(); c++) {
                out.append(c == 0 ? "" : ",").append(row.get(c) == null ? "{}"
                        : "{\"VarCharValue\":" + quote(row.get(c)) + "}");
            }
            out.append("]}");
        }
        out.append("],\"ResultSetMetadata\":{\"ColumnInfo\":[");
        for (int c = 0; c < columns.size(); c++) {
            String[] nameType = columns.get(c).split(":", 2);
            out.append(c == 0 ? "" : ",").append("{\"CatalogName\":\"hive\",\"SchemaName\":\"\",\"TableName\":\"\","
                    + "\"Name\":").append(quote(nameType[0])).append(",\"Label\":").append(quote(nameType[0]))
                    .append(",\"Type\":").append(quote(nameType[1]))
                    .append(",\"Precision\":19,\"Scale\":0,\"Nullable\":\"UNKNOWN\",\"CaseSensitive\":false}");
        }
        out.append("]}}");
        if (next != null) {
            out.append(",\"NextToken\":").append(quote(next));
        }
        return out.append('}').toString();
    }

    /** Rows (i, "row i") for i in [from, to). */
    static List<List<String>> numbered(int from, int to) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(List.of(String.valueOf(i), "row " + i));
        }
        return rows;
    }

    /** A result file as Athena writes it: a header line, every value quoted, NULL an empty field. */
    static String csv(List<String> names, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(names);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                String value = row.get(c);
                out.append(c == 0 ? "" : ",").append(value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
