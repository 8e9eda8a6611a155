package dev.quire.service;

import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * One statement's result, fetched page by page in the background into the spill store, with random
 * access to every row fetched so far.
 *
 * <p>On a backend with forward-only page tokens every page is fetched, one at a time, in order. On
 * a random-access backend the cursor fetches the pages holding the rows asked for ({@link #want}),
 * the newest asks first, and fetches every row in order only once something needs them all (a
 * view, an export, {@link #whenFetched(long)}); it keeps the ranges of rows it holds.
 *
 * <p>While a page is spilled the next one is fetched; a cursor holds at most two fetched pages that
 * are not yet spilled, and the store bounds such pages over all cursors. Listeners hear progress on
 * a background thread. A failed fetch or spill leaves the cursor FAILED with the rows fetched so far
 * readable; {@link #retry()} resumes from the page that failed. Closing cancels the fetch in flight,
 * the views and the exports, and frees the spill table.
 */
public final class ResultCursor implements AutoCloseable {

    /** FETCHING until every row is held (on a random-access backend also while no page is being fetched). */
    public enum State { FETCHING, DONE, FAILED, CLOSED }

    /**
     * A snapshot of the cursor; failure is set in FAILED only. totalRows is the rows known so far
     * while totalKnown is false.
     */
    public record Progress(long fetchedRows, long totalRows, boolean totalKnown, State state, Throwable failure) {
    }

    private static final System.Logger LOG = System.getLogger(ResultCursor.class.getName());
    private static final int MAX_UNSPILLED_PAGES = 2;
    /** Pages asked for on a random-access backend and not fetched yet; older asks beyond these are dropped. */
    static final int MAX_WANTED_PAGES = 4;

    private record Waiter(long rows, CompletableFuture<Void> future) {
    }

    private final SpillStore store;
    private final DataApi api;
    private final String statementId;
    private final SpillTable table;
    private final DuckDBConnection writer;
    private final boolean randomAccess;
    private final int pageRows;
    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
    private final Set<ResultView> views = ConcurrentHashMap.newKeySet();
    private final Set<Job<?>> jobs = ConcurrentHashMap.newKeySet();
    /** Rows held; in order from row 0 on a forward-only backend. */
    private volatile long fetchedRows;
    /** Rows held from row 0 without a gap: the same as fetchedRows on a forward-only backend. */
    private volatile long prefixRows;
    private volatile long totalRows;
    private volatile boolean totalKnown;

    // guarded by this
    private State state;
    private Throwable failure;
    private PageRef next;
    private boolean lastReceived;
    private CompletableFuture<ResultPage> inFlight;
    private int unspilled;
    private int epoch;
    private boolean dirty;
    private CompletableFuture<?> spills = CompletableFuture.completedFuture(null);
    private final List<Waiter> waiters = new ArrayList<>();
    private CompletableFuture<Void> freed;
    /** Random access: the ranges of rows held, start to end. */
    private final TreeMap<Long, Long> held = new TreeMap<>();
    /** Random access: the pages asked for (each by its first row, a multiple of pageRows), newest first. */
    private final ArrayDeque<Long> wanted = new ArrayDeque<>();
    /** Random access: the pages being fetched or spilled. */
    private final Set<Long> coming = new HashSet<>();
    /** Random access: rows whose append failed half way, deleted before the next append. */
    private final List<long[]> broken = new ArrayList<>();
    /** Random access: every row is wanted, in order. */
    private boolean fillWanted;

    ResultCursor(SpillStore store, DataApi api, String statementId, SpillTable table, DuckDBConnection writer,
                 ResultPage first) {
        this.store = store;
        this.api = api;
        this.statementId = statementId;
        this.table = table;
        this.writer = writer;
        Capabilities can = api.capabilities();
        this.randomAccess = can.randomAccess();
        this.pageRows = randomAccess ? can.maxPageRows() : 0;
        this.fetchedRows = first.rows().size();
        this.next = first.next();
        this.lastReceived = first.isLast();
        if (randomAccess) {
            if (!first.rows().isEmpty()) {
                held.put(first.firstRow(), first.endRow());
            }
            this.prefixRows = prefix();
            this.totalKnown = first.totalKnown() || lastReceived;
            this.totalRows = lastReceived ? first.endRow() : Math.max(first.totalRows(), first.endRow());
            this.state = totalKnown && prefixRows >= totalRows ? State.DONE : State.FETCHING;
        } else {
            this.prefixRows = fetchedRows;
            this.state = lastReceived ? State.DONE : State.FETCHING;
            this.totalKnown = lastReceived || first.totalKnown();
            this.totalRows = lastReceived ? fetchedRows : Math.max(first.totalRows(), fetchedRows);
        }
    }

    public String statementId() {
        return statementId;
    }

    public List<Column> columns() {
        return table.columns();
    }

    /** All rows of the result, as the first page told; while the total is not known, the rows known so far. */
    public long totalRows() {
        return totalRows;
    }

    /** Whether {@link #totalRows()} is the result's total, not only the rows seen so far. */
    public boolean totalKnown() {
        return totalKnown;
    }

    /** Rows spilled and readable; grows from the first page's rows to {@link #totalRows()}. */
    public long fetchedRows() {
        return fetchedRows;
    }

    /** Whether rows are fetched as they are asked for ({@link #want}), in any order. */
    public boolean randomAccess() {
        return randomAccess;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Progress progress() {
        return new Progress(fetchedRows, totalRows, totalKnown, state, failure);
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
     * the end of the list (from the first one missing on); {@link #whenFetched(long)} tells when they
     * are there, and on a random-access backend {@link #want} asks for them. Served from the block
     * cache at once, or read from the spill store on the store's pool; never waits on the caller. The
     * row arrays are shared with the cache: read them, do not change them.
     */
    public CompletableFuture<List<Object[]>> rows(long from, int count) {
        if (!randomAccess) {
            return table.rows(from, count, fetchedRows);
        }
        long start;
        long end;
        synchronized (this) {
            Map.Entry<Long, Long> range = held.floorEntry(from);
            boolean in = range != null && range.getValue() > from;
            start = in ? range.getKey() : from;
            end = in ? range.getValue() : from;
        }
        return table.rows(from, count, start, end);
    }

    /** Whether the row is fetched and readable. */
    public boolean has(long row) {
        if (!randomAccess) {
            return row >= 0 && row < fetchedRows;
        }
        synchronized (this) {
            return isHeld(row);
        }
    }

    /**
     * On a random-access backend, fetches the pages holding rows [from, from + count) that are not
     * fetched yet, before the pages asked for earlier (of which only the newest few are kept).
     * Elsewhere rows come in order anyway, and this does nothing.
     */
    public void want(long from, int count) {
        if (!randomAccess || count <= 0) {
            return;
        }
        synchronized (this) {
            if (state == State.CLOSED || state == State.DONE) {
                return;
            }
            long end = from + count;
            if (totalKnown) {
                end = Math.min(end, totalRows);
            }
            List<Long> asked = new ArrayList<>();
            for (long page = pageOf(Math.max(0, from)); page < end; page += pageRows) {
                if (!coming.contains(page) && firstMissing(page) >= 0) {
                    asked.add(page);
                }
            }
            for (int i = asked.size() - 1; i >= 0; i--) {
                wanted.remove(asked.get(i));
                wanted.addFirst(asked.get(i));
            }
            while (wanted.size() > MAX_WANTED_PAGES) {
                wanted.removeLast();
            }
        }
        pump();
    }

    private boolean isHeld(long row) {
        Map.Entry<Long, Long> range = held.floorEntry(row);
        return row >= 0 && range != null && range.getValue() > row;
    }

    /** The first row of the page that holds the row. */
    private long pageOf(long row) {
        return row / pageRows * pageRows;
    }

    /** The first row of the page that starts at page that is not held; -1 when every one is. */
    private long firstMissing(long page) {
        long end = page + pageRows;
        if (totalKnown) {
            end = Math.min(end, totalRows);
        }
        Map.Entry<Long, Long> range = held.floorEntry(page);
        long at = range != null && range.getValue() > page ? range.getValue() : page;
        return at < end ? at : -1;
    }

    private long prefix() {
        Long end = held.get(0L);
        return end == null ? 0 : end;
    }

    /**
     * Completes once at least {@code rows} rows are fetched (from row 0 on, without a gap), or every
     * row is; fails when the cursor fails or closes first.
     */
    public CompletableFuture<Void> whenFetched(long rows) {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (prefixRows >= rows || state == State.DONE) {
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
            fillWanted = true;
            waiting = waiter.future();
        }
        if (randomAccess) {
            pump();
        }
        return waiting;
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
        PageRef page;
        int fetchEpoch;
        synchronized (this) {
            if (state != State.FETCHING || inFlight != null || unspilled >= MAX_UNSPILLED_PAGES) {
                return;
            }
            page = randomAccess ? nextWanted() : lastReceived ? null : next;
            if (page == null || !store.takePage(this)) {
                return;
            }
            if (randomAccess) {
                wanted.remove(pageOf(page.row()));
                coming.add(pageOf(page.row()));
            }
            fetchEpoch = epoch;
            try {
                fetch = api.fetch(statementId, page);
            } catch (RuntimeException e) {
                fetch = CompletableFuture.failedFuture(e);
            }
            inFlight = fetch;
        }
        CompletableFuture<ResultPage> sent = fetch;
        sent.whenComplete((result, error) -> received(fetchEpoch, page, sent, result, error));
    }

    /**
     * Random access: the rows missing from the newest page asked for, else (when every row is
     * wanted) the rows after those held from row 0 on.
     */
    private PageRef nextWanted() {
        for (Iterator<Long> it = wanted.iterator(); it.hasNext(); ) {
            long page = it.next();
            long missing = coming.contains(page) ? -1 : firstMissing(page);
            if (missing >= 0) {
                return PageRef.at(missing);
            }
            it.remove();
        }
        if (fillWanted && !(totalKnown && prefixRows >= totalRows) && !coming.contains(pageOf(prefixRows))) {
            return PageRef.at(prefixRows);
        }
        return null;
    }

    private void received(int fetchEpoch, PageRef asked, CompletableFuture<ResultPage> fetch, ResultPage page,
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
                    if (randomAccess) {
                        coming.remove(pageOf(asked.row()));
                        wanted.addFirst(pageOf(asked.row()));
                    }
                    fail(unwrap(error));
                    notice = progress();
                    failed = takeWaiters();
                } else {
                    if (!randomAccess) {
                        next = page.next();
                        lastReceived = page.isLast();
                    }
                    unspilled++;
                    spilling = true;
                    int spillEpoch = epoch;
                    spills = spills.handleAsync((done, earlier) -> {
                        if (randomAccess) {
                            spillAt(spillEpoch, asked.row(), page);
                        } else {
                            spill(spillEpoch, asked, page);
                        }
                        return null;
                    }, store.pool());
                }
            } else if (randomAccess) {
                coming.remove(pageOf(asked.row()));
            }
        }
        if (!spilling) {
            store.releasePage();
        }
        notifyListeners(notice);
        failWaiters(failed, notice == null ? null : notice.failure());
        pump();
    }

    private void spill(int spillEpoch, PageRef page, ResultPage rows) {
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
                table.append(writer, first, rows.rows());
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
                    next = page;
                    lastReceived = false;
                    if (state == State.FETCHING) {
                        fail(new IllegalStateException("could not keep the rows in the spill store: "
                                + error.getMessage(), error));
                    }
                    ready = takeWaiters();
                } else {
                    dirty = false;
                    fetchedRows = first + rows.rows().size();
                    prefixRows = fetchedRows;
                    if (lastReceived && unspilled == 0) {
                        state = State.DONE;
                        totalRows = fetchedRows;
                        totalKnown = true;
                    } else if (fetchedRows > totalRows) {
                        totalRows = fetchedRows;
                    }
                    ready = readyWaiters();
                }
                notice = progress();
            }
        }
        spilled(notice, ready, dropped);
    }

    /**
     * Random access: appends the rows of a page that are not held yet (its first row asked for
     * row), and merges them into the ranges held. An empty page before the last one is an error.
     */
    private void spillAt(int spillEpoch, long row, ResultPage page) {
        List<long[]> pieces;
        List<long[]> repair;
        synchronized (this) {
            pieces = gaps(page.firstRow(), page.endRow());
            repair = List.copyOf(broken);
        }
        Throwable refused = page.rows().isEmpty() && !page.isLast() ? new IllegalStateException(
                "the backend sent no rows at row " + page.firstRow() + ", and more pages after it") : null;
        Throwable error = null;
        int repaired = 0;
        try {
            if (refused == null && spillEpoch == currentEpoch()) {
                for (long[] range : repair) {
                    table.delete(writer, range[0], range[1]);
                    repaired++;
                }
                for (long[] piece : pieces) {
                    table.append(writer, piece[0], page.rows().subList((int) (piece[0] - page.firstRow()),
                            (int) (piece[1] - page.firstRow())));
                }
            }
        } catch (Throwable e) {
            error = e;
        }
        Progress notice = null;
        List<Waiter> ready = List.of();
        synchronized (this) {
            unspilled--;
            coming.remove(pageOf(row));
            if (spillEpoch == epoch && state != State.CLOSED) {
                broken.subList(0, repaired).clear();
                if (error != null || refused != null) {
                    if (error != null) {
                        broken.addAll(pieces);
                    }
                    wanted.addFirst(pageOf(row));
                    if (state == State.FETCHING) {
                        fail(refused != null ? refused : new IllegalStateException(
                                "could not keep the rows in the spill store: " + error.getMessage(), error));
                    }
                    ready = takeWaiters();
                } else {
                    for (long[] piece : pieces) {
                        hold(piece[0], piece[1]);
                        fetchedRows += piece[1] - piece[0];
                    }
                    prefixRows = prefix();
                    if (page.isLast()) {
                        totalRows = page.endRow();
                        totalKnown = true;
                    } else if (!totalKnown && page.endRow() > totalRows) {
                        totalRows = page.endRow();
                    }
                    if (totalKnown && prefixRows >= totalRows && state == State.FETCHING) {
                        state = State.DONE;
                    }
                    ready = readyWaiters();
                }
                notice = progress();
            }
        }
        spilled(notice, ready, null);
    }

    /** The parts of rows [from, to) not held, in order. */
    private List<long[]> gaps(long from, long to) {
        List<long[]> gaps = new ArrayList<>();
        long at = from;
        Map.Entry<Long, Long> before = held.floorEntry(from);
        if (before != null && before.getValue() > at) {
            at = before.getValue();
        }
        for (Map.Entry<Long, Long> range : held.subMap(from, true, to, false).entrySet()) {
            if (range.getKey() > at) {
                gaps.add(new long[] {at, range.getKey()});
            }
            at = Math.max(at, range.getValue());
        }
        if (at < to) {
            gaps.add(new long[] {at, to});
        }
        return gaps;
    }

    /** Adds rows [from, to), which are not held, to the ranges held, joining the ranges they touch. */
    private void hold(long from, long to) {
        long start = from;
        long end = to;
        Map.Entry<Long, Long> before = held.floorEntry(from);
        if (before != null && before.getValue() == from) {
            start = before.getKey();
        }
        Long after = held.get(to);
        if (after != null) {
            end = after;
            held.remove(to);
        }
        held.put(start, end);
    }

    /** After a spill: the page's slot back, listeners and waiters told, the next page fetched. */
    private void spilled(Progress notice, List<Waiter> ready, CompletableFuture<ResultPage> dropped) {
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
            if (waiter.future().isDone() || state == State.DONE || prefixRows >= waiter.rows()) {
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
     * Sorts and filters the rows fetched so far in the spill store (from row 0 on, without a gap),
     * without running the query again. sortColumn is a column index, or -1 to keep the result's
     * order; ties keep it too. On a random-access backend every row is then fetched, in order.
     * Cancelling the future stops the sort.
     */
    public CompletableFuture<ResultView> view(int sortColumn, boolean ascending, RowFilter filter) {
        SpillTable.Order order = new SpillTable.Order(sortColumn, ascending, Objects.requireNonNull(filter));
        if (randomAccess) {
            synchronized (this) {
                fillWanted = true;
            }
            pump();
        }
        long rows = prefixRows;
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
                    SpillStore.close(connection);
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
        return afterFetch(report, running -> ResultExport.write(store, table, order, prefixRows, target, format,
                running, report));
    }

    /** A job that runs the work once every row is fetched; report hears the fetching meanwhile. */
    private <T> Job<T> afterFetch(Consumer<ExportProgress> report, Job.Work<T> work) {
        Job<T> job = track(new Job<>());
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
                job.start(store.jobs(), work);
            }
        });
        return job;
    }

    /**
     * A chart's points over every row of the result that passes the filter, computed in the spill
     * store once every page is fetched; progress hears the fetching. Cancelling stops it.
     */
    public CompletableFuture<ChartData> chart(ChartSpec spec, RowFilter filter, Consumer<ExportProgress> progress) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(filter, "filter");
        Consumer<ExportProgress> report = progress == null ? p -> { } : progress;
        return afterFetch(report, running -> {
            report.accept(new ExportProgress(ExportProgress.Phase.WRITING, 0, prefixRows));
            try (DuckDBConnection connection = store.connect()) {
                return new ChartQuery(table, filter, prefixRows, connection, running).run(spec);
            }
        });
    }

    /** Writes bytes made from this result (a chart's image) to a file, off the caller's thread; a failed write leaves no file. */
    public CompletableFuture<Path> save(Path target, java.util.concurrent.Callable<byte[]> bytes) {
        Objects.requireNonNull(target, "target");
        Job<Path> job = track(new Job<>());
        job.start(store.jobs(), running -> {
            Path file = target.toAbsolutePath();
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try {
                java.nio.file.Files.write(part, bytes.call());
                java.nio.file.Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return file;
            } finally {
                java.nio.file.Files.deleteIfExists(part);
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

    SpillStore store() {
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
        SpillStore.close(writer);
        store.detach(table.catalog());
        store.forget(this);
        freed.complete(null);
    }
}
