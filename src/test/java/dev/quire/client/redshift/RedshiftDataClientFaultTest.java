package dev.quire.client.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.client.Capabilities;
import dev.quire.client.DataApiException;
import dev.quire.client.http.HttpClients;
import dev.quire.client.http.RetryPolicy;
import dev.quire.model.PageRef;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our client against OkHttp's MockWebServer playing a failing Redshift Data API. */
class RedshiftDataClientFaultTest {

    static final Credentials KEY = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), () -> 0.5);
    static final String DESCRIBED = "{\"Id\":\"s1\",\"Status\":\"FINISHED\",\"HasResultSet\":true,\"ResultRows\":1}";

    MockWebServer server;
    OkHttpClient http;
    RedshiftDataClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        http = HttpClients.create().newBuilder()
                .callTimeout(Duration.ofMillis(400))
                .readTimeout(Duration.ofMillis(400))
                .build();
        client = client(FAST, () -> KEY);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        HttpClients.shutdown(http);
        server.shutdown();
    }

    RedshiftDataClient client(RetryPolicy policy, Supplier<Credentials> credentials) {
        RedshiftTarget target = RedshiftTarget.workgroup(server.url("/").uri(), "us-east-1", "dev", "wg");
        return RedshiftDataClient.builder(target, credentials).http(http).retryPolicy(policy).build();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/x-amz-json-1.1")
                .setBody(body);
    }

    static MockResponse error(int status, String code, String message) {
        return json(status, "{\"__type\":\"" + code + "\",\"Message\":\"" + message + "\"}");
    }

    /** A GetStatementResult page of {@code rows} rows (i, 'row i'). */
    static String page(int rows) {
        StringBuilder out = new StringBuilder("{\"ColumnMetadata\":[{\"name\":\"i\",\"typeName\":\"int8\"},"
                + "{\"name\":\"s\",\"typeName\":\"varchar\"}],\"Records\":[");
        for (int i = 0; i < rows; i++) {
            out.append(i == 0 ? "" : ",").append("[{\"longValue\":").append(i).append("},{\"stringValue\":\"row ")
                    .append(i).append("\"}]");
        }
        return out.append("],\"TotalNumRows\":").append(rows).append('}').toString();
    }

    static DataApiException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(DataApiException.class, e.getCause());
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    JsonNode body(RecordedRequest request) throws IOException {
        return Json.MAPPER.readTree(request.getBody().readUtf8());
    }

    @Test
    void redshiftStatesMapToTheNeutralOnesAndKeepTheirNames() throws Exception {
        Map<String, RunState> states = Map.of("SUBMITTED", RunState.QUEUED, "PICKED", RunState.QUEUED,
                "STARTED", RunState.RUNNING, "FINISHED", RunState.FINISHED, "FAILED", RunState.FAILED,
                "ABORTED", RunState.CANCELLED, "SOMETHING_NEW", RunState.UNKNOWN);
        for (Map.Entry<String, RunState> state : states.entrySet()) {
            server.enqueue(json(200, "{\"Id\":\"s1\",\"Status\":\"" + state.getKey() + "\"}"));
            StatementInfo info = client.describe("s1").get(10, TimeUnit.SECONDS);
            assertEquals(state.getValue(), info.status(), state.getKey());
            assertEquals(state.getKey(), info.statusName(), "the backend's own name is kept for display");
        }
        server.enqueue(json(200, "{\"Statements\":[{\"Id\":\"s2\",\"Status\":\"PICKED\",\"QueryString\":\"select 1\"}]}"));
        var listed = client.listStatements(null).get(10, TimeUnit.SECONDS).items().get(0);
        assertEquals(RunState.QUEUED, listed.status());
        assertEquals("PICKED", listed.statusName());
    }

    @Test
    void pagesKnowTheirFirstRowAndNameTheNextByToken() throws Exception {
        String three = page(3);
        server.enqueue(json(200, three.substring(0, three.length() - 1) + ",\"NextToken\":\"t2\"}"));
        ResultPage first = client.fetch("s1", null).get(10, TimeUnit.SECONDS);
        assertEquals(0, first.firstRow());
        assertEquals(new PageRef.Token("t2", 3), first.next(), "the next page starts after these rows");
        server.enqueue(json(200, "{\"Records\":[[{\"longValue\":7}]],\"ColumnMetadata\":[{\"name\":\"i\",\"typeName\":\"int8\"}]}"));
        ResultPage second = client.fetch("s1", first.next()).get(10, TimeUnit.SECONDS);
        server.takeRequest();
        assertEquals("t2", body(server.takeRequest()).path("NextToken").asText());
        assertEquals(3, second.firstRow());
        assertTrue(second.isLast());
        assertFalse(second.totalKnown(), "no TotalNumRows: the total is not known");
        ExecutionException offset = assertThrows(ExecutionException.class,
                () -> client.fetch("s1", PageRef.at(10)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, offset.getCause(), "Redshift pages are forward-only");
        assertEquals(2, server.getRequestCount(), "an offset is refused without a call");
    }

    @Test
    void capabilitiesAreRedshiftsOwn() {
        Capabilities can = client.capabilities();
        assertEquals(40, can.maxBatch());
        assertTrue(can.batches() && can.batchIsTransaction() && can.scriptIsOneTransaction());
        assertTrue(can.longPolls());
        assertEquals(Capabilities.Paging.FORWARD_TOKENS, can.paging());
        assertFalse(can.randomAccess());
        assertEquals(0, can.maxPageRows(), "pages are bounded by size, not rows");
        assertTrue(can.serverHistory());
        assertEquals(List.of("database", "schema", "table"), can.catalogLevels());
        assertTrue(can.namePatterns());
    }

    @Test
    void throttlingIsRetriedAndSucceeds() throws Exception {
        server.enqueue(error(400, "ThrottlingException", "Rate exceeded"));
        server.enqueue(json(200, DESCRIBED));
        StatementInfo info = client.describe("s1").get(10, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status());
        assertEquals(2, server.getRequestCount());
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertEquals("RedshiftData.DescribeStatement", second.getHeader("X-Amz-Target"));
        assertTrue(first.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
        assertTrue(second.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                "every attempt is signed");
    }

    @Test
    void serverErrorsSurfaceWithCodeStatusRequestIdAndAttempts() {
        server.enqueue(error(500, "InternalServerException", "first"));
        server.enqueue(new MockResponse().setResponseCode(503).setBody("<html>Service Unavailable</html>"));
        server.enqueue(error(503, "ServiceUnavailableException", "Try again later")
                .setHeader("x-amzn-RequestId", "req-3"));
        DataApiException e = failure(client.describe("s1"));
        assertEquals("ServiceUnavailableException", e.code());
        assertEquals("Try again later", e.getMessage());
        assertEquals(503, e.status());
        assertEquals("req-3", e.requestId());
        assertEquals(3, e.attempts());
        assertEquals(3, server.getRequestCount());
        assertTrue(e.toString().contains("3 attempts"), e.toString());
    }

    @Test
    void connectionResetMidPageIsRetriedAndTheWholePageReturned() throws Exception {
        server.enqueue(json(200, page(2000)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(json(200, page(2000)));
        ResultPage page = client.fetch("s1", null).get(10, TimeUnit.SECONDS);
        assertEquals(2000, page.rows().size());
        assertEquals("row 1999", page.rows().get(1999)[1]);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void connectionResetOnEveryAttemptIsANetworkError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, page(2000)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        }
        DataApiException e = failure(client.fetch("s1", null));
        assertEquals(DataApiException.NETWORK_ERROR, e.code());
        assertEquals(3, e.attempts());
        assertEquals(0, e.status());
    }

    @Test
    void bodyShorterThanItsLengthIsANetworkErrorNeverAPartialPage() {
        String full = page(100);
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, full.substring(0, full.length() / 2))
                    .setHeader("Content-Length", full.length())
                    .setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        }
        DataApiException e = failure(client.fetch("s1", null));
        assertEquals(DataApiException.NETWORK_ERROR, e.code());
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains(server.getHostName()), e.getMessage());
    }

    @Test
    void pageCutOffMidJsonIsMalformedAndNotRetried() {
        String full = page(100);
        server.enqueue(json(200, full.substring(0, full.length() / 2)));
        DataApiException e = failure(client.fetch("s1", null));
        assertEquals(DataApiException.MALFORMED_RESPONSE, e.code());
        assertEquals(1, e.attempts());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void malformedBodiesAreClearErrors() {
        server.enqueue(json(200, "{\"Records\":[[{\"longValue\":1,\"stringValue\":\"x\"}]],\"TotalNumRows\":1}"));
        assertEquals(DataApiException.MALFORMED_RESPONSE, failure(client.fetch("s1", null)).code());
        server.enqueue(json(200, page(3) + "{}"));
        assertEquals(DataApiException.MALFORMED_RESPONSE, failure(client.fetch("s1", null)).code());
        server.enqueue(json(200, "<html>not json</html>"));
        DataApiException e = failure(client.describe("s1"));
        assertEquals(DataApiException.MALFORMED_RESPONSE, e.code());
        assertTrue(e.getMessage().startsWith("The response from "), e.getMessage());
        server.enqueue(json(200, "[]"));
        assertEquals(DataApiException.MALFORMED_RESPONSE, failure(client.describe("s1")).code());
        assertEquals(4, server.getRequestCount());
    }

    @Test
    void slowHeadersEndInATimeoutError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, DESCRIBED).setHeadersDelay(1500, TimeUnit.MILLISECONDS));
        }
        long started = System.nanoTime();
        DataApiException e = failure(client.describe("s1"));
        assertEquals(DataApiException.TIMEOUT, e.code());
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "each attempt ends at its limit");
    }

    @Test
    void slowBodyEndsInATimeoutError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, page(50)).throttleBody(64, 1, TimeUnit.SECONDS));
        }
        DataApiException e = failure(client.fetch("s1", null));
        assertEquals(DataApiException.TIMEOUT, e.code());
        assertEquals(3, e.attempts());
    }

    @Test
    void retriedExecuteSendsTheSameClientTokenEveryTime() throws Exception {
        server.enqueue(error(503, "ServiceUnavailableException", "busy"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(json(200, "{\"Id\":\"abc\"}"));
        assertEquals("abc", client.execute(StatementRequest.of("insert into t values (1)")).get(10, TimeUnit.SECONDS));
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode sent = body(server.takeRequest());
            assertEquals("insert into t values (1)", sent.path("Sql").asText());
            tokens.add(sent.path("ClientToken").asText());
        }
        assertEquals(1, tokens.size(), "one token for all attempts: " + tokens);
        String token = tokens.iterator().next();
        assertTrue(token.matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), token);

        server.enqueue(error(500, "InternalServerException", "boom"));
        server.enqueue(json(200, "{\"Id\":\"batch\"}"));
        StatementRequest batch = new StatementRequest(List.of("select 1", "select 2"), Map.of(), null, "my-token");
        assertEquals("batch", client.execute(batch).get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 2; i++) {
            RecordedRequest sent = server.takeRequest();
            assertEquals("RedshiftData.BatchExecuteStatement", sent.getHeader("X-Amz-Target"));
            assertEquals("my-token", body(sent).path("ClientToken").asText(), "the request's own token is kept");
        }
    }

    @Test
    void eachSubmissionGetsItsOwnToken() throws Exception {
        server.enqueue(json(200, "{\"Id\":\"a\"}"));
        server.enqueue(json(200, "{\"Id\":\"b\"}"));
        client.execute(StatementRequest.of("select 1")).get(10, TimeUnit.SECONDS);
        client.execute(StatementRequest.of("select 1")).get(10, TimeUnit.SECONDS);
        String first = body(server.takeRequest()).path("ClientToken").asText();
        String second = body(server.takeRequest()).path("ClientToken").asText();
        assertTrue(!first.isEmpty() && !first.equals(second), first + " / " + second);
    }

    @Test
    void clientErrorIsNotRetried() throws Exception {
        server.enqueue(error(400, "ValidationException", "Sql is too long").setHeader("x-amzn-RequestId", "req-1"));
        DataApiException e = failure(client.execute(StatementRequest.of("select 1")));
        assertEquals("ValidationException", e.code());
        assertEquals(400, e.status());
        assertEquals("req-1", e.requestId());
        assertEquals(1, e.attempts());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void cancellingWhileARetryWaitsSendsNothingMore() throws Exception {
        CountDownLatch retryPlanned = new CountDownLatch(1);
        RetryPolicy slow = new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), () -> {
            retryPlanned.countDown();
            return 1.0;
        });
        try (RedshiftDataClient waiting = client(slow, () -> KEY)) {
            server.enqueue(error(503, "ServiceUnavailableException", "busy"));
            server.enqueue(json(200, DESCRIBED));
            CompletableFuture<StatementInfo> future = waiting.describe("s1");
            assertTrue(retryPlanned.await(10, TimeUnit.SECONDS), "the 503 is to be retried");
            assertTrue(future.cancel(true));
            assertTrue(future.isCancelled());
            assertNotNull(server.takeRequest(10, TimeUnit.SECONDS));
            assertNull(server.takeRequest(300, TimeUnit.MILLISECONDS), "no retry after cancel");
            assertEquals(1, server.getRequestCount());
        }
    }

    @Test
    void cancellingStopsTheCallInFlight() throws Exception {
        server.enqueue(json(200, DESCRIBED).setHeadersDelay(1, TimeUnit.SECONDS));
        CompletableFuture<StatementInfo> future = client.describe("s1");
        assertNotNull(server.takeRequest(10, TimeUnit.SECONDS));
        await(() -> http.dispatcher().runningCallsCount() == 1, "the call is in flight");
        future.cancel(true);
        await(() -> http.dispatcher().runningCallsCount() == 0, "the call is cancelled");
        assertTrue(future.isCancelled());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void closingTheClientCancelsItsOpenCalls() throws Exception {
        RetryPolicy slow = new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), () -> 1.0);
        RedshiftDataClient closing = client(slow, () -> KEY);
        server.enqueue(error(503, "ServiceUnavailableException", "busy"));
        CompletableFuture<StatementInfo> future = closing.describe("s1");
        assertNotNull(server.takeRequest(10, TimeUnit.SECONDS));
        closing.close();
        assertThrows(java.util.concurrent.CancellationException.class, () -> future.get(10, TimeUnit.SECONDS));
    }

    @Test
    void missingCredentialsFailWithoutSending() {
        try (RedshiftDataClient unsigned = client(FAST, () -> {
            throw new IllegalStateException("AWS profile 'gone' gave no credentials: expired");
        })) {
            DataApiException e = failure(unsigned.describe("s1"));
            assertEquals(DataApiException.CREDENTIALS_ERROR, e.code());
            assertTrue(e.getMessage().contains("AWS profile 'gone'"), e.getMessage());
            assertEquals(1, e.attempts());
            assertEquals(0, server.getRequestCount());
        }
    }

    @Test
    void listCallsRetryToo() throws Exception {
        server.enqueue(error(429, "TooManyRequestsException", "slow down"));
        server.enqueue(json(200, "{\"Databases\":[\"dev\",\"prod\"]}"));
        assertEquals(List.of("dev", "prod"), client.listDatabases(null).get(10, TimeUnit.SECONDS).items());
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            targets.add(server.takeRequest().getHeader("X-Amz-Target"));
        }
        assertEquals(List.of("RedshiftData.ListDatabases", "RedshiftData.ListDatabases"), targets);
    }

    @Test
    void treeCallsNameTheirDatabaseAndSchemaAndFollowTokens() throws Exception {
        server.enqueue(json(200, "{\"Tables\":[{\"schema\":\"s_1\",\"name\":\"t\",\"type\":\"EXTERNAL TABLE\"},"
                + "{\"schema\":\"sx1\",\"name\":\"stray\",\"type\":\"TABLE\"},"
                + "{\"schema\":\"s_1\",\"name\":\"m\",\"type\":\"MATERIALIZED VIEW\"}],\"NextToken\":\"more\"}"));
        CatalogPath schema = CatalogPath.of("prod", "s_1");
        Page<CatalogEntry> page = client.children(schema, "tok").get(10, TimeUnit.SECONDS);
        assertEquals(List.of(new CatalogEntry(schema.child("t"), CatalogEntry.Kind.TABLE, "EXTERNAL TABLE", false),
                new CatalogEntry(schema.child("m"), CatalogEntry.Kind.VIEW, "MATERIALIZED VIEW", false)), page.items());
        assertEquals("more", page.nextToken());
        RecordedRequest request = server.takeRequest();
        assertEquals("RedshiftData.ListTables", request.getHeader("X-Amz-Target"));
        JsonNode body = body(request);
        assertEquals("prod", body.path("Database").asText());
        assertEquals("dev", body.path("ConnectedDatabase").asText(), "another database is listed over the connected one");
        assertEquals("s\\_1", body.path("SchemaPattern").asText(), "the schema matches only itself");
        assertEquals("tok", body.path("NextToken").asText());

        server.enqueue(json(200, "{\"ColumnList\":[{\"name\":\"a\",\"typeName\":\"int4\",\"schemaName\":\"s_1\","
                + "\"tableName\":\"t\",\"nullable\":0},{\"name\":\"b\",\"typeName\":\"int4\",\"schemaName\":\"sx1\","
                + "\"tableName\":\"t\"}]}"));
        Page<Column> columns = client.columns(schema.child("t"), null).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(new Column("a", "int4", false, 0, 0)), columns.items());
        JsonNode describe = body(server.takeRequest());
        assertEquals("s_1", describe.path("Schema").asText());
        assertEquals("t", describe.path("Table").asText());
        assertEquals("prod", describe.path("Database").asText());
    }
}
