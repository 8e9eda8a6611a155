package dev.quire.client.dremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Pages read in order come several at once, bounded and never past the end; a jump is fetched alone. */
class ReadAheadTest {

    static final int ROWS = 500;

    /** A fetch that records each page asked for and leaves it open until the test completes it. */
    static final class Pending implements ReadAhead.Fetch {
        final Map<Long, CompletableFuture<ResultPage>> open = new TreeMap<>();
        final List<Long> asked = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<ResultPage> page(String id, long offset) {
            CompletableFuture<ResultPage> page = new CompletableFuture<>();
            open.put(offset, page);
            asked.add(offset);
            return page;
        }

        /** Completes the page at offset of a result of total rows. */
        void answer(long offset, long total) {
            long end = Math.min(total, offset + ROWS);
            List<Object[]> rows = new ArrayList<>();
            for (long r = offset; r < end; r++) {
                rows.add(new Object[] {r});
            }
            open.get(offset).complete(new ResultPage(List.of(Column.of("n", "BIGINT")), rows, offset, total,
                    end < total ? PageRef.at(end) : null));
        }

        long inFlight() {
            return open.values().stream().filter(page -> !page.isDone()).count();
        }
    }

    /** A read ahead of at most pages pages over fetch, having read page 0 of a result of total rows and asked for page 1. */
    static ReadAhead atSecondPage(Pending fetch, int pages, long total) {
        ReadAhead ahead = new ReadAhead(pages, ROWS, fetch);
        ahead.page("r", 0);
        fetch.answer(0, total);
        assertEquals(List.of(0L), fetch.asked, "the first page alone: the total is not known before it");
        ahead.page("r", 500);
        return ahead;
    }

    @Test
    void readingInOrderFetchesTheNextPagesAtOnceUpToTheBound() {
        Pending fetch = new Pending();
        ReadAhead ahead = atSecondPage(fetch, 4, 3_000);
        assertEquals(List.of(0L, 500L, 1000L, 1500L, 2000L), fetch.asked);
        assertEquals(4, fetch.inFlight(), "at most four pages of one result at once");
        CompletableFuture<ResultPage> third = fetch.open.get(1000L);
        fetch.answer(500, 3_000);
        assertSame(third, ahead.page("r", 1000), "a page fetched ahead is handed over, not fetched again");
        assertEquals(List.of(0L, 500L, 1000L, 1500L, 2000L, 2500L), fetch.asked, "one more, never past the end");
        for (long at : List.of(1000L, 1500L, 2000L, 2500L)) {
            fetch.answer(at, 3_000);
        }
        for (long at : List.of(1500L, 2000L, 2500L)) {
            assertTrue(ahead.page("r", at).isDone(), "fetched ahead: " + at);
        }
        assertEquals(6, fetch.asked.size(), "every page once");
        assertEquals(0, ahead.ahead());
    }

    @Test
    void aJumpIsFetchedAloneAndDropsThePagesAhead() {
        Pending fetch = new Pending();
        ReadAhead ahead = atSecondPage(fetch, 4, 10_000_000);
        List<CompletableFuture<ResultPage>> fetchedAhead = List.of(fetch.open.get(1000L), fetch.open.get(1500L),
                fetch.open.get(2000L));
        ahead.page("r", 9_999_500);
        assertEquals(9_999_500L, fetch.asked.get(fetch.asked.size() - 1));
        assertEquals(6, fetch.asked.size(), "the last page and nothing after it");
        assertTrue(fetchedAhead.stream().allMatch(CompletableFuture::isCancelled), "not kept waiting behind them");
        assertEquals(0, ahead.ahead());
    }

    @Test
    void onePageAtATimeFetchesNothingAhead() {
        Pending fetch = new Pending();
        ReadAhead ahead = atSecondPage(fetch, 1, 5_000);
        assertEquals(List.of(0L, 500L), fetch.asked);
    }

    @Test
    void closingDropsThePagesAhead() {
        Pending fetch = new Pending();
        ReadAhead ahead = atSecondPage(fetch, 3, 5_000);
        assertEquals(2, ahead.ahead());
        ahead.close();
        assertTrue(fetch.open.get(1000L).isCancelled());
        assertFalse(fetch.open.get(500L).isCancelled(), "the page asked for is the asker's");
    }
}
