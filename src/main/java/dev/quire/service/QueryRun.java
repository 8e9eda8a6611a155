package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
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
 *
 * <p>A script on a backend without batches runs {@linkplain #oneByOne() statement by statement}:
 * each submitted once the one before it finished, the first that does not finish ending the run;
 * the run's id is the first statement's, and its final description lists every statement run.
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
    private final boolean oneByOne;
    private final List<StatementInfo> ran = new CopyOnWriteArrayList<>();
    private volatile StatementInfo latest;
    private volatile boolean cancelRequested;
    private volatile boolean longPolls;
    private volatile String currentId;
    private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

    QueryRun(DataApi api, ScheduledExecutorService scheduler, StatementRequest request, boolean oneByOne) {
        this.api = api;
        this.scheduler = scheduler;
        this.request = request;
        this.oneByOne = oneByOne && request.isBatch();
        this.longPolls = api.capabilities().longPolls();
    }

    void start() {
        if (!oneByOne) {
            submit(request, finished);
        } else {
            step(0);
        }
    }

    /** Runs the script's statement number index, then the next one once it finished. */
    private void step(int index) {
        StatementRequest single = new StatementRequest(List.of(request.sqls().get(index)), request.parameters(),
                request.statementName(), null, request.session());
        CompletableFuture<StatementInfo> done = new CompletableFuture<>();
        submit(single, done);
        done.whenComplete((info, error) -> {
            if (error != null) {
                finished.completeExceptionally(error);
                return;
            }
            ran.add(info);
            if (info.status() == RunState.FINISHED && index + 1 < request.sqls().size() && !cancelRequested
                    && !finished.isDone()) {
                step(index + 1);
            } else {
                finished.complete(script(List.copyOf(ran), request.sqls().size()));
            }
        });
    }

    /** The description of a script run statement by statement, from those that ran. */
    private StatementInfo script(List<StatementInfo> steps, int total) {
        StatementInfo first = steps.get(0);
        StatementInfo last = steps.get(steps.size() - 1);
        boolean finishedAll = last.status() == RunState.FINISHED && steps.size() == total;
        RunState status = finishedAll || last.status() != RunState.FINISHED ? last.status() : RunState.CANCELLED;
        String error = last.error() == null ? null
                : "Statement " + steps.size() + " of " + total + ": " + last.error();
        long nanos = steps.stream().allMatch(s -> s.durationNanos() >= 0)
                ? steps.stream().mapToLong(StatementInfo::durationNanos).sum() : -1;
        long scanned = steps.stream().allMatch(s -> s.scannedBytes() >= 0)
                ? steps.stream().mapToLong(StatementInfo::scannedBytes).sum() : -1;
        return new StatementInfo(first.id(), status, status == last.status() ? last.statusName() : null, error,
                request.sql(), first.createdAt(), last.updatedAt(), nanos, -1, -1, false, steps, scanned);
    }

    private void submit(StatementRequest submitted, CompletableFuture<StatementInfo> done) {
        CompletableFuture<String> sent = api.execute(submitted);
        inFlight = sent;
        sent.whenComplete((statementId, error) -> {
            if (error != null) {
                id.completeExceptionally(unwrap(error));
                done.completeExceptionally(unwrap(error));
                return;
            }
            currentId = statementId;
            id.complete(statementId);
            if (cancelRequested) {
                api.cancel(statementId);
            }
            poll(statementId, Duration.ZERO, FIRST_POLL, done);
        });
    }

    private void poll(String statementId, Duration wait, Duration backoff, CompletableFuture<StatementInfo> done) {
        if (done.isDone() || finished.isDone()) {
            return;
        }
        CompletableFuture<StatementInfo> call = api.describe(statementId, wait);
        inFlight = call;
        call.whenComplete((info, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (!wait.isZero() && cause instanceof DataApiException e && TOO_MANY_WAITING.equals(e.code())) {
                    longPolls = false;
                    later(() -> poll(statementId, Duration.ZERO, backoff, done), backoff);
                } else {
                    done.completeExceptionally(cause);
                }
                return;
            }
            latest = info;
            listeners.forEach(l -> l.accept(info));
            if (info.isFinal()) {
                done.complete(info);
            } else if (longPolls) {
                poll(statementId, LONG_POLL, backoff, done);
            } else {
                Duration next = backoff.multipliedBy(3).dividedBy(2);
                later(() -> poll(statementId, Duration.ZERO, next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next, done),
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

    /**
     * Asks the backend to stop the statement (statement by statement: the one running, and the
     * rest are not started); the run then ends CANCELLED.
     */
    public void cancel() {
        cancelRequested = true;
        String running = currentId;
        if (running != null) {
            api.cancel(running);
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

    /** Completes with the final description: FINISHED, FAILED or CANCELLED. */
    public CompletableFuture<StatementInfo> finished() {
        return finished;
    }

    /** The first result page of a finished statement that has a result set (the first one, for a batch). */
    public CompletableFuture<ResultPage> firstPage() {
        return finished.thenCompose(info -> {
            if (info.status() != RunState.FINISHED || info.resultSets().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return api.fetch(info.resultSets().get(0).id(), null);
        });
    }

    /** A page of the statement's (first) result: the one a page's next() names. */
    public CompletableFuture<ResultPage> page(PageRef page) {
        return finished.thenCompose(info -> api.fetch(info.resultSets().isEmpty() ? info.id()
                : info.resultSets().get(0).id(), page));
    }

    /** True when the script runs statement by statement (the backend has no batches): not one transaction. */
    public boolean oneByOne() {
        return oneByOne;
    }

    public StatementInfo latest() {
        return latest;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
