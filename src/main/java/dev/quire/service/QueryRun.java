package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One statement (or batch) on its way: submitted, followed until a final state, then ready for
 * its result pages. Where the backend long-polls, each describe waits on the server; otherwise
 * polls back off from 20 ms to 1 s. Listeners hear every state change on a background thread.
 */
public final class QueryRun {

    static final Duration FIRST_POLL = Duration.ofMillis(20);
    static final Duration MAX_POLL = Duration.ofSeconds(1);
    static final Duration LONG_POLL = Duration.ofSeconds(10);
    static final String TOO_MANY_WAITING = "ActiveWaitingRequestsExceededException";

    private final DataApi api;
    private final ScheduledExecutorService scheduler;
    private final StatementRequest request;
    private final long startedNanos = System.nanoTime();
    private final List<Consumer<StatementInfo>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> id = new CompletableFuture<>();
    private final CompletableFuture<StatementInfo> finished = new CompletableFuture<>();
    private volatile StatementInfo latest;
    private volatile boolean cancelRequested;
    private volatile boolean longPolls;
    private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

    QueryRun(DataApi api, ScheduledExecutorService scheduler, StatementRequest request) {
        this.api = api;
        this.scheduler = scheduler;
        this.request = request;
        this.longPolls = api.longPolls();
    }

    void start() {
        CompletableFuture<String> submitted = api.execute(request);
        inFlight = submitted;
        submitted.whenComplete((statementId, error) -> {
            if (error != null) {
                id.completeExceptionally(unwrap(error));
                finished.completeExceptionally(unwrap(error));
                return;
            }
            id.complete(statementId);
            if (cancelRequested) {
                api.cancel(statementId);
            }
            poll(statementId, Duration.ZERO, FIRST_POLL);
        });
    }

    private void poll(String statementId, Duration wait, Duration backoff) {
        if (finished.isDone()) {
            return;
        }
        CompletableFuture<StatementInfo> call = api.describe(statementId, wait);
        inFlight = call;
        call.whenComplete((info, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (!wait.isZero() && cause instanceof DataApiException e && TOO_MANY_WAITING.equals(e.code())) {
                    longPolls = false;
                    later(() -> poll(statementId, Duration.ZERO, backoff), backoff);
                } else {
                    finished.completeExceptionally(cause);
                }
                return;
            }
            latest = info;
            listeners.forEach(l -> l.accept(info));
            if (info.isFinal()) {
                finished.complete(info);
            } else if (longPolls) {
                poll(statementId, LONG_POLL, backoff);
            } else {
                Duration next = backoff.multipliedBy(3).dividedBy(2);
                later(() -> poll(statementId, Duration.ZERO, next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next),
                        backoff);
            }
        });
    }

    private void later(Runnable task, Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Asks the backend to stop the statement; the run then ends in ABORTED. */
    public void cancel() {
        cancelRequested = true;
        if (id.isDone() && !id.isCompletedExceptionally()) {
            api.cancel(id.join());
        }
    }

    /** Stops following the statement (the window closed): the call in flight is cancelled. */
    public void abandon() {
        finished.cancel(false);
        inFlight.cancel(true);
    }

    public void onChange(Consumer<StatementInfo> listener) {
        listeners.add(listener);
    }

    public StatementRequest request() {
        return request;
    }

    /** Completes with the statement id once the backend accepted it. */
    public CompletableFuture<String> id() {
        return id;
    }

    /** Completes with the final description: FINISHED, FAILED or ABORTED. */
    public CompletableFuture<StatementInfo> finished() {
        return finished;
    }

    /** The first result page of a finished statement that has a result set (the first one, for a batch). */
    public CompletableFuture<ResultPage> firstPage() {
        return finished.thenCompose(info -> {
            if (info.status() != StatementStatus.FINISHED || info.resultSets().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return api.fetch(info.resultSets().get(0).id(), null);
        });
    }

    /** The next page of the statement's (first) result. */
    public CompletableFuture<ResultPage> page(String token) {
        return finished.thenCompose(info -> api.fetch(info.resultSets().isEmpty() ? info.id()
                : info.resultSets().get(0).id(), token));
    }

    public StatementInfo latest() {
        return latest;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
