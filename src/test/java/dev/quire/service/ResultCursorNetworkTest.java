package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.aws.Credentials;
import dev.quire.client.DataApiException;
import dev.quire.client.http.HttpClients;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that dies half way through a page, between our client and the real local server. */
class ResultCursorNetworkTest {

    static final int ROWS = 20_000;
    static final List<String> HOP_HEADERS = List.of("content-length", "connection", "accept-encoding",
            "transfer-encoding");

    @TempDir
    Path dir;

    /** Forwards every request to the local server, and cuts the given GetStatementResult reply off half way. */
    static final class Proxy extends Dispatcher {
        private final OkHttpClient http = HttpClients.create();
        private final HttpUrl server;
        private final int cutResult;
        private final AtomicInteger results = new AtomicInteger();

        Proxy(HttpUrl server, int cutResult) {
            this.server = server;
            this.cutResult = cutResult;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String type = request.getHeader("Content-Type");
            Request.Builder forward = new Request.Builder().url(server)
                    .post(RequestBody.create(request.getBody().readByteArray(), MediaType.get(type)));
            for (String name : request.getHeaders().names()) {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    forward.header(name, request.getHeader(name));
                }
            }
            try (Response response = http.newCall(forward.build()).execute()) {
                MockResponse reply = new MockResponse().setResponseCode(response.code())
                        .setBody(new Buffer().write(response.body().bytes()));
                response.headers().forEach(h -> {
                    if (!HOP_HEADERS.contains(h.getFirst().toLowerCase(java.util.Locale.ROOT))) {
                        reply.addHeader(h.getFirst(), h.getSecond());
                    }
                });
                String target = request.getHeader("X-Amz-Target");
                int attempt = target != null && target.endsWith(".GetStatementResult") ? results.incrementAndGet() : 0;
                // the client tries a page three times; cutting all three makes the cursor fail
                if (attempt >= cutResult && attempt < cutResult + 3) {
                    reply.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                }
                return reply;
            } catch (IOException e) {
                return new MockResponse().setResponseCode(502);
            }
        }

        @Override
        public void shutdown() {
            HttpClients.shutdown(http);
        }
    }

    @Test
    void serverDyingMidPageFailsTheCursorAndRetryCompletes() throws Exception {
        try (LocalFixture local = LocalFixture.start(LocalEngine.Options.defaults(dir.resolve("local"))
                     .withSampleData(false).withPageBytes(64 * 1024));
             QueryService service = new QueryService(local.client());
             SpillStore store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
             MockWebServer proxy = new MockWebServer()) {
            proxy.setDispatcher(new Proxy(HttpUrl.get(local.endpoint().resolve("/")), 3));
            proxy.start();
            Credentials credentials = local.credentials();
            RedshiftDataClient client = new RedshiftDataClient(RedshiftTarget.workgroup(proxy.url("/").uri(),
                    local.region(), LocalEngine.DATABASE, "local"), () -> credentials);
            StatementInfo info = service.run(StatementRequest.of(
                            "select i as id, 'row ' || i as label from range(" + ROWS + ") t(i)"))
                    .finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FINISHED, info.status());

            ResultCursor cursor = store.open(client, info.id()).get(60, TimeUnit.SECONDS);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> cursor.whenDone().get(60, TimeUnit.SECONDS));
            assertInstanceOf(DataApiException.class, failed.getCause());
            assertEquals(ResultCursor.State.FAILED, cursor.state());
            long fetched = cursor.fetchedRows();
            assertTrue(fetched > 0 && fetched < ROWS, "two whole pages are kept: " + fetched);
            List<Object[]> kept = cursor.rows(0, ROWS).get(60, TimeUnit.SECONDS);
            assertEquals(fetched, kept.size());
            assertEquals("row " + (fetched - 1), kept.get((int) fetched - 1)[1]);

            cursor.retry();
            cursor.whenDone().get(60, TimeUnit.SECONDS);
            assertEquals(ROWS, cursor.fetchedRows());
            List<Object[]> all = cursor.rows(0, ROWS).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < ROWS; i++) {
                assertEquals((long) i, all.get(i)[0]);
                assertEquals("row " + i, all.get(i)[1]);
            }
            client.close();
        }
    }
}
