package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cursor over backends other than Redshift's: random access by offset (the page that holds a row
 * asked for comes first, gaps are filled in order when every row is needed) and a total that is not
 * known until the last page.
 */
public class RandomAccessCursorTest {

    @TempDir
    static Path dir;
    static SpillStore store;

    @BeforeAll
    static void open() throws Exception {
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")).withBlocks(1000, 4L << 20));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    /** A cursor over the double's result once it holds each of the rows, asked for one after another. */
    static ResultCursor openAt(GeneratedResultApi api, long... rows) throws Exception {
        ResultCursor cursor = await(store.open(api, "result"));
        for (long row : rows) {
            cursor.want(row, 1);
            awaitHeld(cursor, row);
        }
        return cursor;
    }

    /** Waits until the cursor holds the row. */
    public static void awaitHeld(ResultCursor cursor, long row) throws Exception {
        CompletableFuture<Void> there = new CompletableFuture<>();
        cursor.onProgress(p -> {
            if (cursor.has(row)) {
                there.complete(null);
            } else if (p.failure() != null) {
                there.completeExceptionally(p.failure());
            }
        });
        if (cursor.has(row)) {
            there.complete(null);
        }
        await(there);
    }

    /** Answers one fetch the double holds, once there is one. */
    static void releaseOne(GeneratedResultApi api) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!api.release()) {
            assertTrue(System.nanoTime() < deadline, "no fetch came");
            Thread.onSpinWait();
        }
    }

    /** Answers the fetches the double holds until the future is done. */
    static void releaseUntil(GeneratedResultApi api, CompletableFuture<?> future) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!future.isDone() && System.nanoTime() < deadline) {
            if (!api.release()) {
                Thread.onSpinWait();
            }
        }
        await(future);
    }

    static void assertRows(long first, List<Object[]> rows) {
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(first + k, rows.get(k)[0], "row " + (first + k));
            assertEquals("row " + (first + k), rows.get(k)[1]);
        }
    }

    @Test
    void theLastRowOfTenMillionIsOnePageAway() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(10_000_000, 500);
        ResultCursor cursor = await(store.open(api, "big"));
        assertTrue(cursor.randomAccess());
        assertTrue(cursor.totalKnown());
        assertEquals(10_000_000, cursor.totalRows());
        assertEquals(List.of(0L), api.fetches(), "only the first page, nothing in the background");
        assertFalse(cursor.has(9_999_999));

        cursor.want(9_999_999, 1);
        awaitHeld(cursor, 9_999_999);
        assertEquals(List.of(0L, 9_999_500L), api.fetches(), "the page that holds the row, and no other");
        List<Object[]> last = await(cursor.rows(9_999_990, 100));
        assertEquals(10, last.size());
        assertRows(9_999_990, last);
        assertEquals(1000, cursor.fetchedRows());
        assertEquals(ResultCursor.State.FETCHING, cursor.state());
        assertEquals(List.of(), await(cursor.rows(9_999_000, 10)), "rows between the pages are not there");
        cursor.close();
    }

    @Test
    void gapsFillInOrderOnceEveryRowIsNeeded() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(10_000, 300);
        ResultCursor cursor = openAt(api, 5_000, 9_999);
        assertEquals(List.of(0L, 4_800L, 9_900L), api.fetches());
        assertRows(4_900, await(cursor.rows(4_900, 50)));
        assertEquals(200, await(cursor.rows(4_900, 1_000)).size(), "rows up to the end of the page held");
        assertEquals(List.of(), await(cursor.rows(4_700, 10)));

        await(cursor.whenDone());
        assertEquals(ResultCursor.State.DONE, cursor.state());
        assertEquals(10_000, cursor.fetchedRows());
        List<Long> fetches = api.fetches();
        assertEquals(34, fetches.size(), "each page once: " + fetches);
        assertEquals(34, new HashSet<>(fetches).size());
        List<Object[]> all = await(cursor.rows(0, 10_000));
        assertEquals(10_000, all.size());
        assertRows(0, all);
        cursor.close();
    }

    @Test
    void aViewAndAnExportCoverEveryRowInTheirOrder() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(5_000, 500);
        ResultCursor cursor = openAt(api, 4_999);
        ResultView early = await(cursor.view(0, false, RowFilter.NONE));
        assertEquals(500, early.sourceRows(), "a view covers the rows held from the first on");
        early.close();

        await(cursor.whenDone());
        ResultView descending = await(cursor.view(0, false, RowFilter.NONE));
        assertTrue(descending.complete());
        assertEquals(5_000, descending.rowCount());
        assertEquals(4_999L, await(descending.rows(0, 1)).get(0)[0]);
        assertEquals(0L, await(descending.rows(4_999, 1)).get(0)[0]);
        descending.close();

        Path csv = dir.resolve("view.csv");
        assertEquals(5_000L, await(cursor.export(csv, ExportFormat.CSV, null)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,label", lines.get(0));
        for (int i = 0; i < 5_000; i++) {
            assertEquals(i + ",row " + i, lines.get(i + 1), "the result's own order, though the last page came second");
        }
        cursor.close();
    }

    @Test
    void aFailedPageFailsTheCursorAndRetryFetchesIt() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(10_000, 500);
        ResultCursor cursor = await(store.open(api, "failing"));
        api.failOnce(9_500);
        CompletableFuture<ResultCursor.Progress> failed = new CompletableFuture<>();
        cursor.onProgress(p -> {
            if (p.state() == ResultCursor.State.FAILED) {
                failed.complete(p);
            }
        });
        cursor.want(9_999, 1);
        assertEquals("connection reset", await(failed).failure().getMessage());
        assertFalse(cursor.has(9_999));
        assertRows(0, await(cursor.rows(0, 500)));

        cursor.retry();
        awaitHeld(cursor, 9_999);
        assertEquals(List.of(0L, 9_500L, 9_500L), api.fetches(), "the retry asks for the page that failed");
        assertRows(9_500, await(cursor.rows(9_500, 500)));
        cursor.close();
    }

    @Test
    void aTotalNotToldGrowsUntilTheLastPage() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.forward(2_500, 1_000, false);
        api.hold();
        CompletableFuture<ResultCursor> opening = store.open(api, "forward");
        releaseOne(api);
        ResultCursor cursor = await(opening);
        assertFalse(cursor.randomAccess());
        assertFalse(cursor.totalKnown());
        assertEquals(1_000, cursor.totalRows());

        CompletableFuture<Void> second = cursor.whenFetched(2_000);
        releaseOne(api);
        await(second);
        assertFalse(cursor.totalKnown());
        assertEquals(2_000, cursor.totalRows(), "the rows known so far");

        releaseUntil(api, cursor.whenDone());
        assertTrue(cursor.totalKnown());
        assertEquals(2_500, cursor.totalRows());
        assertEquals(List.of(0L, 1_000L, 2_000L), api.fetches());
        assertRows(0, await(cursor.rows(0, 2_500)));
        cursor.close();
    }
}
