package dev.quire.client.dremio;

import static dev.quire.client.dremio.DremioMock.job;
import static dev.quire.client.dremio.DremioMock.json;
import static dev.quire.service.RandomAccessCursorTest.awaitHeld;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.QueryService;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dremio result through the service layer as the grid reads it: a query run, a result cursor,
 * and the row asked for. The last row of 10,000,000 is fetched with the page that holds it alone;
 * a whole result read in order comes several pages at once, each page once.
 */
class DremioRandomAccessTest {

    @RegisterExtension
    final DremioMock mock = new DremioMock();
    @TempDir
    Path dir;
    SpillStore store;

    @BeforeEach
    void open() throws Exception {
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A job "big" of total rows whose results answer any offset: row i holds i and 'row i'. */
    void result(long total) {
        mock.answer("POST /api/v3/sql", "{\"id\":\"big\"}");
        mock.handle("GET /api/v3/job/big", request -> json(200, job("COMPLETED", total)));
        mock.handle("GET /api/v3/job/big/results", request -> {
            long offset = Long.parseLong(request.getRequestUrl().queryParameter("offset"));
            int limit = Integer.parseInt(request.getRequestUrl().queryParameter("limit"));
            if (limit > DremioWire.MAX_LIMIT) {
                return DremioMock.error(400, "limit can not exceed 500 rows");
            }
            return json(200, DremioClientFaultTest.numbers(offset, (int) Math.max(0, Math.min(limit, total - offset)),
                    total));
        });
    }

    List<RecordedRequest> pages() {
        return mock.calls("GET /api/v3/job/big/results");
    }

    ResultCursor run(QueryService service) throws Exception {
        StatementInfo info = service.run(StatementRequest.of("SELECT * FROM big")).finished().get(30, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status());
        return store.open(service.api(), info).get(30, TimeUnit.SECONDS).get(0);
    }

    @Test
    void theLastRowOfTenMillionFetchesOnlyThePageThatHoldsIt() throws Exception {
        result(10_000_000);
        try (QueryService service = new QueryService(mock.client());
             ResultCursor cursor = run(service)) {
            assertTrue(cursor.randomAccess());
            assertEquals(10_000_000, cursor.totalRows());
            assertTrue(cursor.totalKnown());
            cursor.want(9_999_999, 1);
            awaitHeld(cursor, 9_999_999);
            Object[] last = cursor.rows(9_999_999, 1).get(30, TimeUnit.SECONDS).get(0);
            assertArrayEquals(new Object[] {9_999_999L, "row 9999999"}, last);
            assertEquals(List.of("0", "9999500"), pages().stream()
                    .map(r -> r.getRequestUrl().queryParameter("offset")).toList(),
                    "the first page, then the page of the last row, nothing in between");
        }
    }

    @Test
    void goToRowFetchesThatPageAndReadingOnFetchesAhead() throws Exception {
        result(10_000_000);
        try (QueryService service = new QueryService(mock.client());
             ResultCursor cursor = run(service)) {
            cursor.want(5_000_123, 40);
            awaitHeld(cursor, 5_000_162);
            assertEquals(List.of("0", "5000000"), pages().stream()
                    .map(r -> r.getRequestUrl().queryParameter("offset")).toList());
            assertArrayEquals(new Object[] {5_000_123L, "row 5000123"},
                    cursor.rows(5_000_123, 1).get(30, TimeUnit.SECONDS).get(0));
        }
    }

    @Test
    void aWholeResultReadInOrderComesSeveralPagesAtOnceEachPageOnce() throws Exception {
        result(12_345);
        try (QueryService service = new QueryService(mock.client());
             ResultCursor cursor = run(service)) {
            cursor.whenDone().get(60, TimeUnit.SECONDS);
            assertEquals(12_345, cursor.fetchedRows());
            List<Object[]> tail = cursor.rows(12_340, 10).get(30, TimeUnit.SECONDS);
            assertEquals(5, tail.size());
            assertArrayEquals(new Object[] {12_344L, "row 12344"}, tail.get(4));
            assertArrayEquals(new Object[] {6_000L, "row 6000"}, cursor.rows(6_000, 1).get(30, TimeUnit.SECONDS)
                    .get(0));
            Set<String> offsets = new HashSet<>();
            for (RecordedRequest page : pages()) {
                assertTrue(offsets.add(page.getRequestUrl().queryParameter("offset")), "each page once: " + offsets);
                assertEquals("500", page.getRequestUrl().queryParameter("limit"));
            }
            assertEquals(25, offsets.size());
        }
    }

    @Test
    void aPageFetchedAheadThatFailsIsFetchedAgainOnRetry() throws Exception {
        result(2_000);
        mock.answer("GET /api/v3/job/big/results", json(200, DremioClientFaultTest.numbers(0, 500, 2_000)));
        for (int i = 0; i < 3; i++) {
            mock.answer("GET /api/v3/job/big/results", new MockResponse().setResponseCode(400)
                    .setBody("{\"errorMessage\":\"boom\",\"moreInfo\":\"\"}"));
        }
        try (QueryService service = new QueryService(mock.client());
             ResultCursor cursor = run(service)) {
            CompletableFuture<Void> done = cursor.whenDone();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cursor.state() != ResultCursor.State.FAILED) {
                assertTrue(System.nanoTime() < deadline, "the refused page fails the cursor");
                Thread.onSpinWait();
            }
            assertTrue(done.isCompletedExceptionally());
            assertEquals("boom", cursor.progress().failure().getMessage());
            cursor.retry();
            cursor.whenDone().get(60, TimeUnit.SECONDS);
            assertEquals(2_000, cursor.fetchedRows());
            assertArrayEquals(new Object[] {1_999L, "row 1999"}, cursor.rows(1_999, 1).get(30, TimeUnit.SECONDS)
                    .get(0));
        }
    }
}
