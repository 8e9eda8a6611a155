package dev.quire.client.athena;

import static dev.quire.client.athena.AthenaMock.body;
import static dev.quire.client.athena.AthenaMock.error;
import static dev.quire.client.athena.AthenaMock.execution;
import static dev.quire.client.athena.AthenaMock.json;
import static dev.quire.client.athena.AthenaMock.numbered;
import static dev.quire.client.athena.AthenaMock.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our Athena client against MockWebServer playing a failing Athena: every fault ends in a retry or a clear error. */
class AthenaClientFaultTest {

    static final String STARTED = "{\"QueryExecutionId\":\"q1\"}";
    static final List<String> TWO = List.of("i:bigint", "s:varchar");

    @RegisterExtension
    final AthenaMock mock = new AthenaMock(Duration.ofMillis(400), Duration.ofMillis(400));
    AthenaClient client;

    @BeforeEach
    void start() {
        client = mock.client(null, builder -> builder.readFromS3(false));
    }

    static DataApiException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(DataApiException.class, e.getCause());
    }

    /** The ClientRequestToken of every StartQueryExecution sent, in order. */
    List<String> tokens() throws Exception {
        List<String> tokens = new java.util.ArrayList<>();
        for (RecordedRequest start : mock.calls("StartQueryExecution")) {
            tokens.add(body(start).path("ClientRequestToken").asText());
        }
        return tokens;
    }

    /** A finished query q1 whose first page is to be fetched. */
    void finished() {
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", null));
    }

    @Test
    void throttlingIsRetriedEvenAt400AndTheStartKeepsItsToken() throws Exception {
        mock.answer("StartQueryExecution", error(400, "TooManyRequestsException", "Rate exceeded")
                        .setBody("{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\","
                                + "\"Reason\":\"CONCURRENT_QUERY_LIMIT_EXCEEDED\"}"),
                error(400, "ThrottlingException", "slow down"), json(200, STARTED));
        assertEquals("q1", client.execute(StatementRequest.of("select 1")).get(10, TimeUnit.SECONDS));
        List<String> tokens = tokens();
        assertEquals(3, tokens.size());
        assertEquals(1, tokens.stream().distinct().count(), "one token for every attempt of one start: " + tokens);
        for (RecordedRequest sent : mock.calls("StartQueryExecution")) {
            assertTrue(sent.getHeader("Authorization").contains("/eu-west-1/athena/aws4_request"),
                    "every attempt is signed");
        }
    }

    @Test
    void twoStartsOfTheSameStatementHaveTwoTokens() throws Exception {
        mock.answer("StartQueryExecution", STARTED, "{\"QueryExecutionId\":\"q2\"}");
        client.execute(StatementRequest.of("select 1")).get(10, TimeUnit.SECONDS);
        client.execute(StatementRequest.of("select 1")).get(10, TimeUnit.SECONDS);
        List<String> tokens = tokens();
        assertNotEquals(tokens.get(0), tokens.get(1));
        String own = "0123456789abcdef0123456789abcdef";
        mock.answer("StartQueryExecution", error(500, "InternalServerException", "boom"), json(200, STARTED));
        client.execute(new StatementRequest(List.of("select 1"), Map.of(), null, own)).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(own, own), tokens().subList(2, 4), "the request's own token, on every attempt");
    }

    @Test
    void aStartWhoseAnswerIsLostIsSentAgainWithItsToken() throws Exception {
        mock.answer("StartQueryExecution", new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST),
                json(200, STARTED).setHeadersDelay(1500, TimeUnit.MILLISECONDS), json(200, STARTED));
        assertEquals("q1", client.execute(StatementRequest.of("insert into t values (1)"))
                .get(10, TimeUnit.SECONDS));
        List<String> tokens = tokens();
        assertEquals(3, tokens.size(), "a broken connection and a timeout, then the answer");
        assertEquals(1, tokens.stream().distinct().count(), "Athena sees one start: " + tokens);
    }

    @Test
    void serverErrorsAreRetriedThenSurfaceWithCodeStatusAndAttempts() throws Exception {
        finished();
        mock.answer("GetQueryResults", error(500, "InternalServerException", "first"),
                new MockResponse().setResponseCode(503).setBody("<html>Service Unavailable</html>"),
                json(200, results(TWO, true, numbered(0, 2), null)));
        assertEquals(2, client.fetch("q1", null).get(10, TimeUnit.SECONDS).rows().size());

        for (int status : new int[] {502, 504, 500}) {
            mock.answer("GetQueryExecution", error(status, "InternalServerException", "HTTP " + status));
        }
        DataApiException e = failure(client.describe("q2"));
        assertEquals("InternalServerException", e.code());
        assertEquals(500, e.status());
        assertEquals(3, e.attempts());
        assertTrue(e.toString().contains("3 attempts"), e.toString());
    }

    @Test
    void aClientErrorIsNotRetried() {
        mock.answer("GetQueryExecution", error(400, "InvalidRequestException", "QueryExecution q9 was not found")
                .setHeader("x-amzn-RequestId", "req-1"));
        DataApiException e = failure(client.describe("q9"));
        assertEquals("InvalidRequestException", e.code());
        assertEquals("QueryExecution q9 was not found", e.getMessage());
        assertEquals(400, e.status());
        assertEquals("req-1", e.requestId());
        assertEquals(1, e.attempts());
        assertEquals(1, mock.calls("GetQueryExecution").size());
    }

    @Test
    void aConnectionResetMidPageIsRetriedAndTheWholePageReturned() throws Exception {
        finished();
        String page = results(TWO, true, numbered(0, 999), "next");
        mock.answer("GetQueryResults", json(200, page).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY),
                json(200, page));
        ResultPage first = client.fetch("q1", null).get(10, TimeUnit.SECONDS);
        assertEquals(999, first.rows().size());
        assertEquals("row 998", first.rows().get(998)[1]);
        assertEquals(999, first.next().row());
        assertEquals(2, firstPageCalls(), "the first page, twice (the page after it may be on its way too)");
    }

    /** The GetQueryResults calls for a first page (without a NextToken). */
    long firstPageCalls() throws Exception {
        long calls = 0;
        for (RecordedRequest call : mock.calls("GetQueryResults")) {
            calls += body(call).has("NextToken") ? 0 : 1;
        }
        return calls;
    }

    @Test
    void aBodyShorterThanItsLengthIsANetworkErrorNeverAPartialPage() {
        finished();
        String full = results(TWO, true, numbered(0, 100), null);
        for (int i = 0; i < 3; i++) {
            mock.answer("GetQueryResults", json(200, full.substring(0, full.length() / 2))
                    .setHeader("Content-Length", full.length()).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        }
        DataApiException e = failure(client.fetch("q1", null));
        assertEquals(DataApiException.NETWORK_ERROR, e.code());
        assertEquals(3, e.attempts());
        assertEquals(0, e.status());
    }

    @Test
    void aPageCutOffMidJsonIsMalformedAndNotRetried() {
        finished();
        String full = results(TWO, true, numbered(0, 100), null);
        mock.answer("GetQueryResults", full.substring(0, full.length() / 2));
        DataApiException e = failure(client.fetch("q1", null));
        assertEquals(DataApiException.MALFORMED_RESPONSE, e.code());
        assertEquals(1, e.attempts());

        mock.answer("GetQueryResults", "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"1\"}]}]}}",
                results(TWO, false, List.of(List.of("1")), null), results(TWO, false, List.of(), null) + "{}",
                "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":1}]}],\"ResultSetMetadata\":{\"ColumnInfo\":"
                        + "[{\"Name\":\"i\",\"Type\":\"bigint\"}]}}}");
        for (String what : List.of("no ResultSetMetadata", "a row of 1 values for 2 columns", "data after the end",
                "VarCharValue is not a string")) {
            DataApiException malformed = failure(client.fetch("q1", null));
            assertEquals(DataApiException.MALFORMED_RESPONSE, malformed.code());
            assertTrue(malformed.getMessage().contains(what), malformed.getMessage());
        }
    }

    @Test
    void aSlowServerEndsInATimeoutNeverAHang() {
        for (int i = 0; i < 3; i++) {
            mock.answer("GetQueryExecution", json(200, execution("q1", "RUNNING", "DML", null))
                    .setHeadersDelay(1500, TimeUnit.MILLISECONDS));
        }
        DataApiException e = failure(client.describe("q1"));
        assertEquals(DataApiException.TIMEOUT, e.code());
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());

        finished();
        for (int i = 0; i < 3; i++) {
            mock.answer("GetQueryResults", json(200, results(TWO, true, numbered(0, 50), null))
                    .throttleBody(64, 1, TimeUnit.SECONDS));
        }
        assertEquals(DataApiException.TIMEOUT, failure(client.fetch("q1", null)).code());
    }

    @Test
    void cancellingACallStopsItAndItsRetries() throws Exception {
        for (int i = 0; i < 3; i++) {
            mock.answer("GetQueryExecution", json(200, execution("q1", "RUNNING", "DML", null))
                    .setHeadersDelay(1, TimeUnit.SECONDS));
        }
        CompletableFuture<?> future = client.cancel("q1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (mock.http().dispatcher().runningCallsCount() == 0) {
            assertTrue(System.nanoTime() < deadline, "the describe is in flight");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertTrue(future.cancel(true));
        while (mock.http().dispatcher().runningCallsCount() > 0) {
            assertTrue(System.nanoTime() < deadline, "the describe is cancelled");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThrows(CancellationException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertEquals(0, mock.calls("StopQueryExecution").size(), "the stop after it is never sent");
    }

    @Test
    void missingCredentialsFailWithoutSending() {
        AthenaTarget target = new AthenaTarget(mock.server.url("/").uri(), "eu-west-1", null, null, "db", null);
        try (AthenaClient unsigned = AthenaClient.builder(target, () -> {
            throw new IllegalStateException("AWS profile 'gone' gave no credentials: expired");
        }).http(mock.http()).build()) {
            DataApiException e = failure(unsigned.execute(StatementRequest.of("select 1")));
            assertEquals(DataApiException.CREDENTIALS_ERROR, e.code());
            assertTrue(e.getMessage().contains("AWS profile 'gone'"), e.getMessage());
            assertEquals(0, mock.server.getRequestCount());
        }
    }

    @Test
    void aFailedQueryHasNoResultAndSaysWhy() throws Exception {
        mock.answer("GetQueryExecution", execution("q1", "FAILED", "DML", null));
        mock.answer("GetQueryResults", error(400, "InvalidRequestException", "Query did not finish successfully. "
                + "Final query state: FAILED"));
        assertEquals(RunState.FAILED, client.describe("q1").get(10, TimeUnit.SECONDS).status());
        DataApiException e = failure(client.fetch("q1", null));
        assertEquals("InvalidRequestException", e.code());
        assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
        assertEquals(1, mock.calls("GetQueryExecution").size(), "the ended query was described from memory");
    }
}
