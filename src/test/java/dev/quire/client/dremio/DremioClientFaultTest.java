package dev.quire.client.dremio;

import static dev.quire.client.dremio.DremioClientTest.SEED_PAGE;
import static dev.quire.client.dremio.DremioClientTest.failure;
import static dev.quire.client.dremio.DremioClientTest.get;
import static dev.quire.client.dremio.DremioMock.body;
import static dev.quire.client.dremio.DremioMock.error;
import static dev.quire.client.dremio.DremioMock.job;
import static dev.quire.client.dremio.DremioMock.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our Dremio client against MockWebServer playing a failing Dremio: every fault ends in a retry, a
 * new login or a clear error, never a hang, and a statement is never submitted twice.
 */
class DremioClientFaultTest {

    @RegisterExtension
    final DremioMock mock = new DremioMock(Duration.ofMillis(600), Duration.ofMillis(600));

    static final String LOGIN = "{\"token\":\"%s\",\"userName\":\"ana\",\"firstName\":\"Ana\",\"lastName\":\"L\","
            + "\"expires\":%d,\"email\":\"ana@example.com\",\"userId\":\"u1\",\"admin\":false,\"clusterId\":\"c1\","
            + "\"clusterCreatedAt\":1700000000000,\"version\":\"25.2.0\",\"permissions\":{},\"userCreatedAt\":1}";

    static String login(String token, long expires) {
        return String.format(LOGIN, token, expires);
    }

    /** A page of n BIGINT rows of a job of total rows, from offset on; long enough to be cut in the middle. */
    static String numbers(long offset, int n, long total) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"n\":").append(offset + i).append(",\"s\":\"row ")
                    .append(offset + i).append("\"}");
        }
        return "{\"rowCount\":" + total + ",\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}},"
                + "{\"name\":\"s\",\"type\":{\"name\":\"VARCHAR\"}}],\"rows\":[" + rows + "]}";
    }

    @Test
    void aServerErrorOnAStatusPollIsRetried() throws Exception {
        MockResponse busy = error(500, "Getting job Status for job [j1] failed with an internal exception, please retry");
        mock.answer("GET /api/v3/job/j1", busy, json(200, job("RUNNING", 0)));
        assertEquals(RunState.RUNNING, get(mock.client().describe("j1")).status());
        assertEquals(2, mock.calls("GET /api/v3/job/j1").size());

        mock.answer("GET /api/v3/job/j2", error(500, "a"), error(502, "b"), error(503, "c"));
        DataApiException e = failure(mock.client().describe("j2"));
        assertEquals(DremioErrors.SERVER_ERROR, e.code());
        assertEquals(503, e.status());
        assertEquals(3, e.attempts(), "retried up to the policy's attempts");
    }

    @Test
    void aServerErrorOnAResultsPageIsRetried() throws Exception {
        mock.answer("GET /api/v3/job/j1/results", error(503, "Service Unavailable"),
                new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"), json(200, SEED_PAGE));
        ResultPage page = get(mock.client().fetch("j1", null));
        assertEquals(2, page.rows().size());
        assertEquals(3, mock.calls("GET /api/v3/job/j1/results").size());
    }

    @Test
    void aConnectionResetMidPageIsRetried() throws Exception {
        String body = numbers(500, 500, 1200);
        mock.answer("GET /api/v3/job/j1/results",
                json(200, body).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY), json(200, body));
        ResultPage page = get(mock.client().fetch("j1", PageRef.at(500)));
        assertEquals(500, page.rows().size());
        assertEquals(999L, page.rows().get(499)[0]);
        assertEquals(2, mock.calls("GET /api/v3/job/j1/results").size());
    }

    @Test
    void aTruncatedBodyIsAClearErrorNotAShortPage() {
        String body = numbers(0, 100, 100);
        mock.answer("GET /api/v3/job/j1/results", json(200, body.substring(0, body.length() / 2)));
        DataApiException e = failure(mock.client().fetch("j1", null));
        assertEquals(DataApiException.MALFORMED_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("is not valid"), e.getMessage());
    }

    @Test
    void aSlowServerTimesOutAfterItsRetries() {
        mock.handle("GET /api/v3/job/j1/results", request -> json(200, SEED_PAGE).setHeadersDelay(3, TimeUnit.SECONDS));
        DataApiException e = failure(mock.client().fetch("j1", null));
        assertEquals(DataApiException.TIMEOUT, e.code());
        assertEquals(3, e.attempts());
    }

    @Test
    void aSubmitIsNeverSentTwice() throws Exception {
        DremioClient client = mock.client();
        mock.answer("POST /api/v3/sql", new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        DataApiException lost = failure(client.execute(StatementRequest.of("insert into t values (1)")));
        assertEquals(DataApiException.NETWORK_ERROR, lost.code());
        assertTrue(lost.getMessage().contains("not sent again"), lost.getMessage());
        assertEquals(1, mock.calls("POST /api/v3/sql").size());

        mock.answer("POST /api/v3/sql", error(503, "Service Unavailable"));
        assertEquals(503, failure(client.execute(StatementRequest.of("insert into t values (2)"))).status());
        assertEquals(2, mock.calls("POST /api/v3/sql").size());

        mock.answer("POST /api/v3/sql", json(200, "{\"id\":\"j1\"}").setHeadersDelay(3, TimeUnit.SECONDS));
        DataApiException slow = failure(client.execute(StatementRequest.of("insert into t values (3)")));
        assertEquals(DataApiException.TIMEOUT, slow.code());
        assertEquals(3, mock.calls("POST /api/v3/sql").size(), "one request for each of the three statements");
    }

    @Test
    void aPasswordSignsInOnceAndSendsTheSessionToken() throws Exception {
        mock.answer("POST /apiv2/login", login("s1", Long.MAX_VALUE));
        mock.answer("GET /api/v3/job/j1", job("RUNNING", 0), job("RUNNING", 0));
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "pw"), builder -> builder);
        get(client.describe("j1"));
        get(client.describe("j1"));
        RecordedRequest login = mock.calls("POST /apiv2/login").get(0);
        assertEquals("{\"userName\":\"ana\",\"password\":\"pw\"}", body(login).toString());
        assertEquals(1, client.logins());
        for (RecordedRequest sent : mock.calls("GET /api/v3/job/j1")) {
            assertEquals("_dremios1", sent.getHeader("Authorization"));
        }
    }

    @Test
    void anExpiredSessionTokenIsRenewedOnceAndTheSubmitGoesThroughOnce() throws Exception {
        mock.answer("POST /apiv2/login", login("s1", Long.MAX_VALUE), login("s2", Long.MAX_VALUE));
        mock.answer("POST /api/v3/sql", DremioMock.unauthorized(), json(200, "{\"id\":\"j1\"}"));
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "pw"), builder -> builder);
        assertEquals("j1", get(client.execute(StatementRequest.of("select 1"))));
        assertEquals(2, client.logins());
        List<RecordedRequest> submits = mock.calls("POST /api/v3/sql");
        assertEquals(List.of("_dremios1", "_dremios2"), submits.stream().map(r -> r.getHeader("Authorization"))
                .toList(), "the refused one, then the one Dremio took");
    }

    @Test
    void aSessionTokenIsRenewedBeforeItExpires() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        mock.answer("POST /apiv2/login", login("s1", 2_000_000), login("s2", 9_000_000));
        mock.answer("GET /api/v3/job/j1", job("RUNNING", 0), job("RUNNING", 0));
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "pw"), builder -> builder.clock(now::get));
        get(client.describe("j1"));
        now.set(1_990_000);
        get(client.describe("j1"));
        assertEquals(List.of("_dremios1", "_dremios2"), mock.calls("GET /api/v3/job/j1").stream()
                .map(r -> r.getHeader("Authorization")).toList());
    }

    @Test
    void aTokenRefusedEvenAfterANewLoginIsAClearError() {
        mock.answer("POST /apiv2/login", login("s1", Long.MAX_VALUE), login("s2", Long.MAX_VALUE));
        mock.answer("GET /api/v3/job/j1", DremioMock.unauthorized(), DremioMock.unauthorized());
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "pw"), builder -> builder);
        DataApiException e = failure(client.describe("j1"));
        assertEquals(DremioErrors.UNAUTHORIZED, e.code());
        assertTrue(e.getMessage().contains("just after signing in"), e.getMessage());
        assertEquals(2, client.logins(), "one new login, no loop");
        assertEquals(1, e.attempts());
    }

    @Test
    void aWrongTokenIsAClearErrorAndNotRetried() {
        mock.answer("GET /api/v3/job/j1", DremioMock.unauthorized());
        DataApiException e = failure(mock.client().describe("j1"));
        assertEquals(DremioErrors.UNAUTHORIZED, e.code());
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("check the personal access token"), e.getMessage());
        assertEquals(1, mock.calls("GET /api/v3/job/j1").size());
    }

    @Test
    void aWrongPasswordIsAClearErrorBeforeAnythingIsSent() {
        mock.answer("POST /apiv2/login", error(401, "Login failed: Invalid username or password, user ana"));
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "wrong"), builder -> builder);
        DataApiException e = failure(client.execute(StatementRequest.of("select 1")));
        assertEquals(DremioErrors.UNAUTHORIZED, e.code());
        assertEquals("Could not sign in to Dremio as ana: Login failed: Invalid username or password, user ana",
                e.getMessage());
        assertTrue(mock.calls("POST /api/v3/sql").isEmpty());
    }

    @Test
    void noSecretIsAClearErrorBeforeAnythingIsSent() {
        DremioClient client = mock.client(DremioLogin.token(() -> {
            throw new IllegalStateException("DREMIO_TOKEN is not set.");
        }), builder -> builder);
        DataApiException e = failure(client.describe("j1"));
        assertEquals(DataApiException.CREDENTIALS_ERROR, e.code());
        assertEquals("No token to sign in to Dremio: DREMIO_TOKEN is not set.", e.getMessage());
        assertTrue(mock.requests().isEmpty());
    }
}
