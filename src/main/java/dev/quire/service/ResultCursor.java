package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.Column;
import dev.quire.model.ResultPage;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * One statement's result, fetched page by page in the background (forward-only tokens: one fetch
 * at a time, in order) into the spill store, with random access to every row fetched so far.
 *
 * <p>While a page is spilled the next one is fetched; a cursor holds at most two fetched pages that
 * are not yet spilled, and the store bounds such pages over all cursors. Listeners hear progress on
 * a background thread. A failed fetch or spill leaves the cursor FAILED with the rows fetched so far
 * readable; {@link #retry()} resumes from the page that failed. Closing cancels the fetch in flight,
 * the views and the exports, and frees the spill table.
 */
public final class ResultCursor implements AutoCloseable {

    public enum State { FETCHING, DONE, FAILED, CLOSED }

    /** A snapshot of the cursor; failure is set in FAILED only. */
    public record Progress(long fetchedRows, long totalRows, State state, Throwable failure) {
    }

    private static final System.Logger LOG = System.getLogger(ResultCursor.class.getName());
    private static final int MAX_UNSPILLED_PAGES = 2;

    private record Waiter(long rows, CompletableFuture<Void> future) {
    }

    private final ResultStore store;
    private final DataApi api;
    private final String statementId;
    private final SpillTable table;
    private final DuckDBConnection writer;
    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
    private final Set<ResultView> views = ConcurrentHashMap.newKeySet();
    private final Set<Job<?>> jobs = ConcurrentHashMap.newKeySet();
    private volatile long fetchedRows;
    private volatile long totalRows;

    // guarded by this
    private State state;
    private Throwable failure;
    private String token;
    private boolean lastReceived;
    private CompletableFuture<ResultPage> inFlight;
    private int unspilled;
    private int epoch;
    private boolean dirty;
    private CompletableFuture<?> spills = CompletableFuture.completedFuture(null);
    private final List<Waiter> waiters = new ArrayList<>();
    private CompletableFuture<Void> freed;

    ResultCursor(ResultStore store, DataApi api, String statementId, SpillTable table, DuckDBConnection writer,
                 ResultPage first) {
        this.store = store;
        this.api = api;
        this.statementId = statementId;
        this.table = table;
        this.writer = writer;
        this.fetchedRows = first.rows().size();
        this.token = first.nextToken();
        this.lastReceived = first.isLast();
        this.state = lastReceived ? State.DONE : State.FETCHING;
        this.totalRows = lastReceived ? fetchedRows : Math.max(first.totalRows(), fetchedRows);
    }

    public String statementId() {
        return statementId;
    }

    public List<Column> columns() {
        return table.columns();
    }

    /** All rows of the result, as the first page told (the rows fetched, once that is more). */
    public long totalRows() {
        return totalRows;
    }

    /** Rows spilled and readable; grows from the first page's rows to {@link #totalRows()}. */
    public long fetchedRows() {
        return fetchedRows;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Progress progress() {
        return new Progress(fetchedRows, totalRows, state, failure);
    }

    /**
     * Hears every page spilled, the end, a failure and closing, on a background thread, before the
     * futures of {@link #whenFetched(long)} that the same change completes.
     */
    public void onProgress(Consumer<Progress> listener) {
        listeners.add(listener);
    }

    /**
     * The fetched rows among [from, from + count), as typed cells. Rows not fetched yet are left off
     * the end of the list; {@link #whenFetched(long)} tells when they are there. Served from the block
     * cache at once, or read from the spill store on the store's pool; never waits on the caller. The
     * row arrays are shared with the cache: read them, do not change them.
     */
    public CompletableFuture<List<Object[]>> rows(long from, int count) {
        return table.rows(from, count, fetchedRows);
    }

    /**
     * Completes once at least {@code rows} rows are fetched, or every row is; fails when the cursor
     * fails or closes first.
     */
    public CompletableFuture<Void> whenFetched(long rows) {
        synchronized (this) {
            if (fetchedRows >= rows || state == State.DONE) {
                return CompletableFuture.completedFuture(null);
            }
            if (state == State.FAILED) {
                return CompletableFuture.failedFuture(failure);
            }
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(new CancellationException("the result was closed"));
            }
            Waiter waiter = new Waiter(rows, new CompletableFuture<>());
            waiters.add(waiter);
            return waiter.future();
        }
    }

    /** Completes once every row is fetched. */
    public CompletableFuture<Void> whenDone() {
        return whenFetched(Long.MAX_VALUE);
    }

    /** After a failure, fetches again from the page that failed. */
    public void retry() {
        Progress notice;
        synchronized (this) {
            if (state != State.FAILED) {
                return;
            }
            state = State.FETCHING;
            failure = null;
            notice = progress();
        }
        notifyListeners(notice);
        pump();
    }

    /** Fetches the next page when there is one, no fetch is in flight and the spill keeps up. */
    void pump() {
        CompletableFuture<ResultPage> fetch;
        String pageToken;
        int fetchEpoch;
        synchronized (this) {
            if (state != State.FETCHING || inFlight != null || lastReceived || unspilled >= MAX_UNSPILLED_PAGES
                    || !store.takePage(this)) {
                return;
            }
            pageToken = token;
            fetchEpoch = epoch;
            try {
                fetch = api.fetch(statementId, pageToken);
            } catch (RuntimeException e) {
                fetch = CompletableFuture.failedFuture(e);
            }
            inFlight = fetch;
        }
        CompletableFuture<ResultPage> sent = fetch;
        sent.whenComplete((page, error) -> received(fetchEpoch, pageToken, sent, page, error));
    }

    private void received(int fetchEpoch, String pageToken, CompletableFuture<ResultPage> fetch, ResultPage page,
                          Throwable error) {
        Progress notice = null;
        List<Waiter> failed = List.of();
        boolean spilling = false;
        synchronized (this) {
            if (inFlight == fetch) {
                inFlight = null;
            }
            if (fetchEpoch == epoch && state == State.FETCHING) {
                if (error != null) {
                    fail(unwrap(error));
                    notice = progress();
                    failed = takeWaiters();
                } else {
                    token = page.nextToken();
                    lastReceived = page.isLast();
                    unspilled++;
                    spilling = true;
                    int spillEpoch = epoch;
                    spills = spills.handleAsync((done, earlier) -> {
                        spill(spillEpoch, pageToken, page);
                        return null;
                    }, store.pool());
                }
            }
        }
        if (!spilling) {
            store.releasePage();
        }
        notifyListeners(notice);
        failWaiters(failed, notice == null ? null : notice.failure());
        pump();
    }

    private void spill(int spillEpoch, String pageToken, ResultPage page) {
        long first;
        boolean repair;
        synchronized (this) {
            first = fetchedRows;
            repair = dirty;
        }
        Throwable error = null;
        try {
            if (spillEpoch == currentEpoch()) {
                if (repair) {
                    table.truncate(writer, first);
                }
                table.append(writer, first, page.rows());
            }
        } catch (Throwable e) {
            error = e;
        }
        Progress notice = null;
        List<Waiter> ready = List.of();
        CompletableFuture<ResultPage> dropped = null;
        synchronized (this) {
            unspilled--;
            if (spillEpoch == epoch && state != State.CLOSED) {
                if (error != null) {
                    // the pages fetched after this one are dropped; a retry fetches this one again
                    dirty = true;
                    epoch++;
                    dropped = inFlight;
                    inFlight = null;
                    token = pageToken;
                    lastReceived = false;
                    if (state == State.FETCHING) {
                        fail(new IllegalStateException("could not keep the rows in the spill store: "
                                + error.getMessage(), error));
                    }
                    ready = takeWaiters();
                } else {
                    dirty = false;
                    fetchedRows = first + page.rows().size();
                    if (lastReceived && unspilled == 0) {
                        state = State.DONE;
                        totalRows = fetchedRows;
                    } else if (fetchedRows > totalRows) {
                        totalRows = fetchedRows;
                    }
                    ready = readyWaiters();
                }
                notice = progress();
            }
        }
        store.releasePage();
        if (dropped != null) {
            dropped.cancel(true);
        }
        notifyListeners(notice);
        if (notice != null && notice.state() == State.FAILED) {
            failWaiters(ready, notice.failure());
        } else {
            ready.forEach(w -> w.future().complete(null));
        }
        pump();
    }

    private synchronized int currentEpoch() {
        return epoch;
    }

    private void fail(Throwable error) {
        state = State.FAILED;
        failure = error;
    }

    private List<Waiter> takeWaiters() {
        List<Waiter> all = List.copyOf(waiters);
        waiters.clear();
        return all;
    }

    private List<Waiter> readyWaiters() {
        List<Waiter> ready = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.future().isDone() || state == State.DONE || fetchedRows >= waiter.rows()) {
                ready.add(waiter);
                it.remove();
            }
        }
        return ready;
    }

    private static void failWaiters(List<Waiter> waiters, Throwable cause) {
        for (Waiter waiter : waiters) {
            waiter.future().completeExceptionally(cause);
        }
    }

    private void notifyListeners(Progress progress) {
        if (progress == null) {
            return;
        }
        for (Consumer<Progress> listener : listeners) {
            try {
                listener.accept(progress);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a result listener failed", e);
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Sorts and filters the rows fetched so far in the spill store, without running the query
     * again. sortColumn is a column index, or -1 to keep the result's order; ties keep it too.
     * Cancelling the future stops the sort.
     */
    public CompletableFuture<ResultView> view(int sortColumn, boolean ascending, RowFilter filter) {
        SpillTable.Order order = new SpillTable.Order(sortColumn, ascending, Objects.requireNonNull(filter));
        long rows = fetchedRows;
        List<Object> params = new ArrayList<>();
        String select;
        try {
            select = table.select(table.columnList(), order, rows, params);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        long viewId = store.nextTableId();
        Job<ResultView> job = track(new Job<>());
        job.start(store.jobs(), running -> {
            DuckDBConnection connection = store.connect();
            SpillTable derived = table.view(viewId, connection);
            ResultView view = null;
            try {
                long count;
                try (PreparedStatement create = connection.prepareStatement(
                        "CREATE TABLE " + derived.name() + " AS " + select)) {
                    SpillTable.bind(create, params);
                    running.watch(create);
                    count = create.executeUpdate();
                }
                view = new ResultView(this, derived, order, count, rows);
                views.add(view);
                if (state() == State.CLOSED || running.isDone()) {
                    throw new CancellationException("the result was closed");
                }
                return view;
            } catch (Exception e) {
                if (view != null) {
                    view.close();
                } else {
                    ResultStore.close(connection);
                }
                throw e;
            }
        });
        return job;
    }

    /**
     * Writes the whole result to a file once every page is fetched, with progress; cancelling the
     * future stops it and leaves no file behind.
     */
    public CompletableFuture<Long> export(Path target, ExportFormat format, Consumer<ExportProgress> progress) {
        return export(SpillTable.Order.NATURAL, target, format, progress);
    }

    CompletableFuture<Long> export(SpillTable.Order order, Path target, ExportFormat format,
                                   Consumer<ExportProgress> progress) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Consumer<ExportProgress> report = progress == null ? p -> { } : progress;
        Job<Long> job = track(new Job<>());
        Consumer<Progress> fetching = p -> report.accept(
                new ExportProgress(ExportProgress.Phase.FETCHING, p.fetchedRows(), p.totalRows()));
        onProgress(fetching);
        job.whenComplete((rows, error) -> listeners.remove(fetching));
        report.accept(new ExportProgress(ExportProgress.Phase.FETCHING, fetchedRows, totalRows));
        whenDone().whenComplete((done, error) -> {
            listeners.remove(fetching);
            if (error != null) {
                job.abandon(unwrap(error));
            } else {
                job.start(store.jobs(), running -> ResultExport.write(store, table, order, fetchedRows, target,
                        format, running, report));
            }
        });
        return job;
    }

    private <T> Job<T> track(Job<T> job) {
        jobs.add(job);
        job.ended().whenComplete((v, e) -> jobs.remove(job));
        synchronized (this) {
            if (state == State.CLOSED) {
                job.cancel(true);
            }
        }
        return job;
    }

    void forgetView(ResultView view) {
        views.remove(view);
    }

    ResultStore store() {
        return store;
    }

    /** Stops fetching (cancelling the fetch in flight), cancels views and exports, and frees the spill table. */
    @Override
    public void close() {
        closeAsync();
    }

    /** As {@link #close()}; completes once the spill table is freed. */
    CompletableFuture<Void> closeAsync() {
        CompletableFuture<ResultPage> fetch;
        List<Waiter> waiting;
        Progress notice;
        synchronized (this) {
            if (freed != null) {
                return freed;
            }
            freed = new CompletableFuture<>();
            state = State.CLOSED;
            epoch++;
            fetch = inFlight;
            inFlight = null;
            waiting = takeWaiters();
            notice = progress();
        }
        if (fetch != null) {
            fetch.cancel(true);
        }
        jobs.forEach(job -> job.cancel(true));
        notifyListeners(notice);
        failWaiters(waiting, new CancellationException("the result was closed"));
        List<CompletableFuture<?>> pending = new ArrayList<>();
        synchronized (this) {
            pending.add(spills.handle((done, error) -> null));
        }
        jobs.forEach(job -> pending.add(job.ended()));
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            try {
                store.pool().execute(this::free);
            } catch (RejectedExecutionException rejected) {
                free();
            }
        });
        return freed;
    }

    private void free() {
        views.forEach(ResultView::release);
        views.clear();
        table.close();
        ResultStore.close(writer);
        store.detach(table.catalog());
        store.forget(this);
        freed.complete(null);
    }
}
