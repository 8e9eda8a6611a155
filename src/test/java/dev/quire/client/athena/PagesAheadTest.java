package dev.quire.client.athena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Column;
import dev.quire.model.ResultPage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Pages asked for one ahead of their reader, and never further. */
class PagesAheadTest {

    /** One fetch as the pages asked for it: the token, and the page and NextToken callback to answer with. */
    record Sent(String id, String token, CompletableFuture<QueryResults.Typed> page, Consumer<String> onToken) {
        /** Answers: its NextToken is read (told), then the page is done. */
        void answer(String next) {
            if (next != null) {
                onToken.accept(next);
            }
            page.complete(rows(next));
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final PagesAhead ahead = new PagesAhead((id, token, onToken) -> {
        Sent s = new Sent(id, token, new CompletableFuture<>(), onToken);
        synchronized (sent) {
            sent.add(s);
        }
        return s.page;
    });

    /** A page of 1,000 rows. */
    static QueryResults.Typed rows(String next) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            rows.add(new Object[] {i});
        }
        return new QueryResults.Typed(List.of(new Column("i", "bigint", true, 0, 0)), rows, next);
    }

    List<String> tokens() {
        synchronized (sent) {
            return sent.stream().map(Sent::token).toList();
        }
    }

    Sent last() {
        synchronized (sent) {
            return sent.get(sent.size() - 1);
        }
    }

    @Test
    void theNextPageIsFetchedOnceItsTokenIsKnownAndTheOneAfterOnlyWhenItIsTaken() throws Exception {
        CompletableFuture<ResultPage> first = ahead.page("q", "t1", 0);
        assertEquals(List.of("t1"), tokens());
        last().onToken().accept("t2");
        assertEquals(List.of("t1", "t2"), tokens(), "page 2 is asked for before page 1 is typed");
        sent.get(0).page().complete(rows("t2"));
        assertEquals(0, first.get().firstRow());

        sent.get(1).answer("t3");
        assertEquals(List.of("t1", "t2"), tokens(), "page 3 waits until page 2 is taken");
        ResultPage second = ahead.page("q", "t2", 1000).get();
        assertEquals(1000, second.firstRow());
        assertEquals(List.of("t1", "t2", "t3"), tokens(), "taking page 2 fetches page 3");
        assertEquals(1, ahead.size());
    }

    @Test
    void aPageTakenWhileOnItsWayFetchesTheNextWhenItsTokenIsRead() throws Exception {
        ahead.page("q", "t1", 0);
        last().onToken().accept("t2");
        CompletableFuture<ResultPage> second = ahead.page("q", "t2", 1000);
        assertFalse(second.isDone());
        assertEquals(List.of("t1", "t2"), tokens(), "no second fetch of page 2");
        sent.get(1).answer("t3");
        assertEquals(1000, second.get().firstRow());
        assertEquals(List.of("t1", "t2", "t3"), tokens());
        sent.get(2).answer(null);
        assertEquals(2000, ahead.page("q", "t3", 2000).get().firstRow());
        assertEquals(List.of("t1", "t2", "t3"), tokens(), "nothing after the last page");
        assertEquals(0, ahead.size());
    }

    @Test
    void aPageAheadThatFailedIsFetchedAgainWhenAskedFor() throws Exception {
        ahead.page("q", "t1", 0);
        last().onToken().accept("t2");
        sent.get(1).page().completeExceptionally(new IllegalStateException("connection reset"));
        CompletableFuture<ResultPage> second = ahead.page("q", "t2", 1000);
        assertEquals(List.of("t1", "t2", "t2"), tokens());
        last().answer(null);
        assertEquals(1000, second.get().firstRow());
    }

    @Test
    void aPageAskedForElsewhereIsFetchedItselfAndThePageAheadGivesWay() throws Exception {
        ahead.page("q", "t1", 0);
        last().onToken().accept("t2");
        CompletableFuture<ResultPage> elsewhere = ahead.page("q", "t7", 7000);
        assertEquals(List.of("t1", "t2", "t7"), tokens());
        Sent seventh = last();
        seventh.onToken().accept("t8");
        assertTrue(sent.get(1).page().isCancelled(), "the page ahead of the old place is dropped");
        seventh.page().complete(rows("t8"));
        assertEquals(7000, elsewhere.get().firstRow());
        assertEquals(List.of("t1", "t2", "t7", "t8"), tokens());
    }

    @Test
    void closingDropsThePagesAheadAndFetchesNoMore() {
        ahead.page("q", "t1", 0);
        Sent first = last();
        first.onToken().accept("t2");
        Sent second = last();
        ahead.close();
        assertTrue(second.page().isCancelled());
        first.answer("t2");
        assertEquals(List.of("t1", "t2"), tokens());
        assertEquals(0, ahead.size());
        CompletableFuture<ResultPage> after = ahead.page("q", "t2", 1000);
        assertEquals(List.of("t1", "t2", "t2"), tokens(), "a page asked for after closing is still fetched");
        last().page().cancel(true);
        assertTrue(after.isCompletedExceptionally());
    }

    @Test
    void pagesAheadAreKeptForAFewResultsOnly() {
        for (int q = 0; q < 12; q++) {
            ahead.page("q" + q, "t1", 0);
            last().onToken().accept("t2");
        }
        assertEquals(8, ahead.size());
        List<Sent> pagesAhead;
        synchronized (sent) {
            pagesAhead = sent.stream().filter(s -> s.token().equals("t2")).toList();
        }
        assertEquals(12, pagesAhead.size());
        for (int q = 0; q < 12; q++) {
            assertEquals(q < 4, pagesAhead.get(q).page().isCancelled(), "result q" + q);
        }
        assertEquals("q11", pagesAhead.get(11).id());
    }
}
