package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One statement on its way: submitted, polled with adaptive backoff until a final state, then
 * ready for its result pages. Listeners hear every state change on a background thread.
 */
public final class QueryRun {

    static final Duration FIRST_POLL = Duration.ofMillis(20);
    static final Duration MAX_POLL = Duration.ofSeconds(1);

    private final DataApi api;
    private final ScheduledExecutorService scheduler;
    private final StatementRequest request;
    private final long startedNanos = System.nanoTime();
    private final List<Consumer<StatementInfo>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> id = new CompletableFuture<>();
    private final CompletableFuture<StatementInfo> finished = new CompletableFuture<>();
    private volatile StatementInfo latest;
    private volatile boolean cancelRequested;

    QueryRun(DataApi api, ScheduledExecutorService scheduler, StatementRequest request) {
        this.api = api;
        this.scheduler = scheduler;
        this.request = request;
    }

    void start() {
        api.execute(request).whenComplete((statementId, error) -> {
            if (error != null) {
                id.completeExceptionally(error);
                finished.completeExceptionally(error);
                return;
            }
            id.complete(statementId);
            if (cancelRequested) {
                api.cancel(statementId);
            }
            poll(statementId, FIRST_POLL);
        });
    }

    private void poll(String statementId, Duration delay) {
        if (finished.isDone()) {
            return;
        }
        api.describe(statementId).whenComplete((info, error) -> {
            if (error != null) {
                finished.completeExceptionally(error);
                return;
            }
            latest = info;
            listeners.forEach(l -> l.accept(info));
            if (info.isFinal()) {
                finished.complete(info);
            } else {
                Duration next = delay.multipliedBy(3).dividedBy(2);
                Duration capped = next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
                scheduler.schedule(() -> poll(statementId, capped), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Asks the backend to stop the statement; the run then ends in ABORTED. */
    public void cancel() {
        cancelRequested = true;
        if (id.isDone() && !id.isCompletedExceptionally()) {
            api.cancel(id.join());
        }
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

    /** The first result page of a finished statement that has a result set. */
    public CompletableFuture<ResultPage> firstPage() {
        return finished.thenCompose(info -> {
            if (info.status() != StatementStatus.FINISHED || !info.hasResultSet()) {
                return CompletableFuture.completedFuture(null);
            }
            return api.fetch(info.id(), null);
        });
    }

    public CompletableFuture<ResultPage> page(String token) {
        return id.thenCompose(statementId -> api.fetch(statementId, token));
    }

    public StatementInfo latest() {
        return latest;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
