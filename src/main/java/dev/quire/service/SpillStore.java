package dev.quire.service;

import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.client.DataApi;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Opens result cursors and keeps their rows out of the heap: an embedded DuckDB with one database
 * file per cursor (attached, and deleted when the cursor closes) in this store's own folder under
 * the cache folder, which also holds DuckDB's temporary files for sorts. Owns the bounded, named
 * pools every cursor shares: one spills pages and reads blocks of rows, one sorts views and writes
 * exports. Closing the store closes every cursor and deletes the folder; folders left behind by a
 * process that died are deleted when the next store opens.
 */
public final class SpillStore implements AutoCloseable {

    /**
     * dir: the parent of every store's folder. memoryLimitBytes and threads bound DuckDB. blockRows
     * and cacheBytes shape the block cache. pagesInFlight bounds the pages fetched but not yet spilled,
     * over all cursors.
     */
    public record Options(Path dir, long memoryLimitBytes, int threads, int blockRows, long cacheBytes,
                          int pagesInFlight) {

        public static Options defaults(Path cacheDir) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
            return new Options(cacheDir.resolve("results"), 256L << 20, threads, 1000, 32L << 20, 8);
        }

        public Options withBlocks(int rows, long cacheBytes) {
            return new Options(dir, memoryLimitBytes, threads, rows, cacheBytes, pagesInFlight);
        }
    }

    private static final System.Logger LOG = System.getLogger(SpillStore.class.getName());
    private static final String LOCK = "lock";

    private final Options options;
    private final Path folder;
    private final FileChannel lockChannel;
    private final DuckDBConnection root;
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor jobs;
    private final BlockCache cache;
    private final Set<ResultCursor> cursors = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final ArrayDeque<ResultCursor> waiting = new ArrayDeque<>();
    private int freePages;
    private volatile boolean closed;

    private SpillStore(Options options, Path folder, FileChannel lockChannel, DuckDBConnection root) {
        this.options = options;
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.root = root;
        this.pool = pool("quire-spill", options.threads());
        this.jobs = pool("quire-result-job", 2);
        this.cache = new BlockCache(options.cacheBytes());
        this.freePages = options.pagesInFlight();
    }

    public static SpillStore open(Options options) throws IOException, SQLException {
        OwnerOnlyFiles.directory(options.dir());
        Path folder = OwnerOnlyFiles.directory(options.dir().resolve("store-" + UUID.randomUUID()));
        OwnerOnlyFiles.directory(folder.resolve("temp"));
        FileChannel lockChannel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            lockChannel.lock();
            deleteAbandoned(options.dir(), folder);
            Properties config = new Properties();
            config.setProperty("memory_limit", (options.memoryLimitBytes() >> 20) + "MB");
            config.setProperty("threads", Integer.toString(options.threads()));
            config.setProperty("temp_directory", folder.resolve("temp").toString());
            // reads rely on scans returning rows in the order they were appended
            config.setProperty("preserve_insertion_order", "true");
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", config);
            return new SpillStore(options, folder, lockChannel, root);
        } catch (IOException | SQLException | RuntimeException e) {
            lockChannel.close();
            deleteTree(folder);
            throw e;
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Deletes the folders of stores whose process is gone: nobody holds their lock. */
    private static void deleteAbandoned(Path dir, Path own) throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(dir)) {
            folders = list.filter(p -> !p.equals(own) && Files.isDirectory(p)).toList();
        }
        for (Path other : folders) {
            Path lockFile = other.resolve(LOCK);
            boolean abandoned;
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                abandoned = lock != null;
            } catch (OverlappingFileLockException | IOException e) {
                abandoned = false;
            }
            if (abandoned) {
                deleteTree(other);
            }
        }
    }

    /**
     * Opens a cursor over a finished statement's result: completes once the first page is in the
     * spill store (so columns, total and the first rows are there), while later pages follow in the
     * background (on a random-access backend, as rows are asked for). Cancelling the future cancels
     * the first fetch.
     */
    public CompletableFuture<ResultCursor> open(DataApi api, String statementId) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the spill store is closed"));
        }
        CompletableFuture<ResultPage> first = api.fetch(statementId, null);
        CompletableFuture<ResultCursor> opened = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                first.cancel(true);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        first.whenComplete((page, error) -> {
            if (error != null) {
                opened.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            try {
                pool.execute(() -> create(api, statementId, page, opened));
            } catch (RejectedExecutionException e) {
                opened.completeExceptionally(new IllegalStateException("the spill store is closed", e));
            }
        });
        return opened;
    }

    /** One cursor per result set of a finished statement: the sub-statements of a batch, or the statement. */
    public CompletableFuture<List<ResultCursor>> open(DataApi api, StatementInfo finished) {
        if (finished.status() != RunState.FINISHED) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "statement " + finished.id() + " is " + finished.status() + ", not FINISHED"));
        }
        List<CompletableFuture<ResultCursor>> opening = finished.resultSets().stream()
                .map(unit -> open(api, unit.id())).toList();
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            if (error != null) {
                opening.forEach(f -> f.thenAccept(ResultCursor::close));
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return opening.stream().map(CompletableFuture::join).toList();
        });
    }

    private void create(DataApi api, String statementId, ResultPage first, CompletableFuture<ResultCursor> opened) {
        if (opened.isDone()) {
            return;
        }
        long n = nextTableId();
        String catalog = "c" + n;
        Path file = folder.resolve("cursor-" + n + ".duckdb");
        DuckDBConnection writer = null;
        DuckDBConnection reader = null;
        try {
            synchronized (root) {
                if (closed) {
                    throw new IllegalStateException("the spill store is closed");
                }
                try (Statement attach = root.createStatement()) {
                    attach.execute("ATTACH " + literal(file.toString()) + " AS " + catalog);
                }
            }
            writer = connect();
            reader = connect();
            SpillTable table = SpillTable.result(this, n, catalog, first.columns(), reader,
                    api.capabilities().randomAccess());
            table.create(writer);
            table.append(writer, first.firstRow(), first.rows());
            ResultCursor cursor = new ResultCursor(this, api, statementId, table, writer, first);
            cursors.add(cursor);
            if (!opened.complete(cursor)) {
                cursor.close();
                return;
            }
            cursor.pump();
        } catch (Throwable e) {
            close(reader);
            close(writer);
            detach(catalog);
            opened.completeExceptionally(e);
        }
    }

    /** Numbers cursors' databases and views' tables, which also key the block cache. */
    long nextTableId() {
        return ids.incrementAndGet();
    }

    /** A new connection to the store's database. */
    DuckDBConnection connect() throws SQLException {
        synchronized (root) {
            return root.duplicate();
        }
    }

    /** Detaches a cursor's database and deletes its file. */
    void detach(String catalog) {
        synchronized (root) {
            try (Statement detach = root.createStatement()) {
                detach.execute("DETACH DATABASE IF EXISTS " + catalog);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "could not detach " + catalog, e);
            }
        }
        String file = "cursor-" + catalog.substring(1) + ".duckdb";
        for (Path path : List.of(folder.resolve(file), folder.resolve(file + ".wal"))) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete " + path, e);
            }
        }
    }

    /** Runs a statement on the store's own connection (dropping a view's table). */
    void execute(String sql) throws SQLException {
        synchronized (root) {
            try (Statement statement = root.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    static void close(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + closeable, e);
            }
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Takes a page slot for a cursor's next fetch, or queues the cursor until a slot frees. */
    boolean takePage(ResultCursor cursor) {
        synchronized (waiting) {
            if (freePages > 0) {
                freePages--;
                return true;
            }
            if (!waiting.contains(cursor)) {
                waiting.add(cursor);
            }
            return false;
        }
    }

    /** Returns a page slot and lets waiting cursors fetch. */
    void releasePage() {
        synchronized (waiting) {
            freePages++;
        }
        while (true) {
            ResultCursor next;
            synchronized (waiting) {
                if (freePages == 0 || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
            }
            next.pump();
        }
    }

    void forget(ResultCursor cursor) {
        cursors.remove(cursor);
        synchronized (waiting) {
            waiting.remove(cursor);
        }
    }

    Executor pool() {
        return pool;
    }

    Executor jobs() {
        return jobs;
    }

    BlockCache cache() {
        return cache;
    }

    int blockRows() {
        return options.blockRows();
    }

    Path folder() {
        return folder;
    }

    /** Closes every cursor (cancelling fetches, views and exports), the pools and DuckDB, and deletes the folder. */
    @Override
    public void close() {
        synchronized (root) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<Void>> freed = new ArrayList<>();
        for (ResultCursor cursor : List.copyOf(cursors)) {
            freed.add(cursor.closeAsync());
        }
        try {
            CompletableFuture.allOf(freed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "result cursors did not close in time", e);
        }
        for (ThreadPoolExecutor executor : List.of(pool, jobs)) {
            executor.shutdownNow();
        }
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(root);
        close(lockChannel);
        deleteTree(folder);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + dir, e);
        }
    }
}
