package dev.quire.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The one idiom for background work whose latest answer is shown, on a queue standing in for the FX thread. */
class LatestTest {

    private final UiQueue ui = new UiQueue();
    private final Latest latest = new Latest(ui);
    private final List<String> shown = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    private void show(CompletableFuture<String> future) {
        latest.show(future, shown::add, failures::add, dropped::add);
    }

    @Test
    void theAnswerArrivesOnTheUiExecutorEvenWhenAlreadyThere() {
        show(CompletableFuture.completedFuture("ready"));
        assertEquals(List.of(), shown, "nothing is shown before the UI thread runs");
        assertEquals(1, ui.runQueued());
        assertEquals(List.of("ready"), shown);
        assertEquals(List.of(), failures);
    }

    @Test
    void aNewerRequestSupersedesAnOlderOneWhicheverAnswersFirst() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> third = new CompletableFuture<>();
        show(first);
        show(second);
        second.complete("second");
        ui.runQueued();
        assertEquals(List.of("second"), shown);
        show(third);
        third.complete("third");
        first.complete("first");
        ui.runQueued();
        assertEquals(List.of("second", "third"), shown, "the oldest answer came last and was dropped");
        assertEquals(List.of("first"), dropped, "a dropped answer is handed over to be closed");
    }

    @Test
    void aSupersededFailureIsNotReported() {
        CompletableFuture<String> old = new CompletableFuture<>();
        CompletableFuture<String> now = new CompletableFuture<>();
        show(old);
        show(now);
        old.completeExceptionally(new IOException("the old request failed"));
        now.complete("fresh");
        ui.runQueued();
        assertEquals(List.of(), failures);
        assertEquals(List.of(), dropped, "a failure holds nothing to close");
        assertEquals(List.of("fresh"), shown);
    }

    @Test
    void answersFromBackgroundThreadsAreShownInOrderOfAskingNotOfArrival() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "latest-test"));
        try {
            List<CompletableFuture<String>> asked = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<String> future = new CompletableFuture<>();
                asked.add(future);
                show(future);
            }
            for (int i = asked.size() - 1; i >= 0; i--) {
                int n = i;
                pool.execute(() -> asked.get(n).complete("answer " + n));
            }
            ui.runUntil(() -> shown.size() + dropped.size() == 20, () -> shown + " " + dropped);
            assertEquals(List.of("answer 19"), shown);
            assertEquals(19, dropped.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dropForgetsEveryRequestSoFar() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        show(pending);
        latest.drop();
        pending.complete("too late");
        ui.runQueued();
        assertEquals(List.of(), shown);
        assertEquals(List.of("too late"), dropped);
        show(CompletableFuture.completedFuture("after the drop"));
        ui.runQueued();
        assertEquals(List.of("after the drop"), shown);
    }

    @Test
    void aFailureArrivesWithoutTheWrappingOfTheFuture() {
        IOException disk = new IOException("disk full");
        show(CompletableFuture.<String>failedFuture(disk).thenApply(text -> text + " never"));
        ui.runQueued();
        assertSame(disk, failures.get(0), "a dependent stage's CompletionException is taken off");

        CompletableFuture<String> wrapped = new CompletableFuture<>();
        wrapped.completeExceptionally(new CompletionException(new ExecutionException(new RuntimeException(disk))));
        show(wrapped);
        ui.runQueued();
        assertSame(disk, failures.get(1), "CompletionException, ExecutionException, a bare RuntimeException: off");
        assertEquals("disk full", Failures.message(failures.get(1)));
        assertEquals(List.of(), shown);
    }

    @Test
    void anExceptionWithAMeaningOfItsOwnIsKept() {
        IllegalStateException own = new IllegalStateException("the engine could not start", new IOException("locked"));
        show(CompletableFuture.failedFuture(new CompletionException(own)));
        ui.runQueued();
        assertSame(own, failures.get(0));
    }

    @Test
    void aCancelledRequestReportsItsCancellation() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> dependent = call.thenApply(String::trim);
        show(dependent);
        assertTrue(call.cancel(true));
        ui.runQueued();
        assertEquals(1, failures.size());
        assertInstanceOf(CancellationException.class, failures.get(0),
                "the CompletionException around a cancelled source is taken off");
        assertEquals("Cancelled.", Failures.message(failures.get(0)));
        assertEquals(List.of(), shown);
    }

    @Test
    void aCancelledRequestThatWasSupersededSaysNothing() {
        CompletableFuture<String> old = new CompletableFuture<>();
        show(old);
        show(CompletableFuture.completedFuture("newer"));
        old.cancel(true);
        ui.runQueued();
        assertEquals(List.of("newer"), shown);
        assertEquals(List.of(), failures);
    }

    @Test
    void aHandlerMayAskAgainAndTheNewRequestWins() {
        CompletableFuture<String> second = new CompletableFuture<>();
        latest.show(CompletableFuture.completedFuture("first"), text -> {
            shown.add(text);
            show(second);
        }, failures::add);
        ui.runQueued();
        second.complete("second");
        ui.runQueued();
        assertEquals(List.of("first", "second"), shown);
    }

    @Test
    void requestsAlongsideOneAnotherAreAllShownUntilADrop() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> late = new CompletableFuture<>();
        latest.showAlongside(first, shown::add, failures::add);
        latest.showAlongside(second, shown::add, failures::add);
        latest.showAlongside(late, shown::add, failures::add);
        second.complete("second");
        first.completeExceptionally(new CompletionException(new IOException("first failed")));
        ui.runQueued();
        assertEquals(List.of("second"), shown, "neither supersedes the other");
        assertEquals("first failed", Failures.message(failures.get(0)));
        latest.drop();
        late.complete("too late");
        latest.showAlongside(CompletableFuture.completedFuture("after the drop"), shown::add, failures::add);
        ui.runQueued();
        assertEquals(List.of("second", "after the drop"), shown);
        assertEquals(1, failures.size());
    }
}
