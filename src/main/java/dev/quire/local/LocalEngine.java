package dev.quire.local;

import dev.quire.model.StatementStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * The embedded engine: one DuckDB database named {@code dev} with {@code public} as the default
 * schema. Statements run asynchronously on a bounded pool, each on its own connection; results are
 * encoded once into pages on disk.
 */
public final class LocalEngine implements AutoCloseable {

    public static final String DATABASE = "dev";
    public static final String DEFAULT_SCHEMA = "public";

    /** Engine settings; {@link #defaults(Path)} gives the production values. */
    public record Options(Path dataDir, int workers, int maxActiveStatements, int pageBytes, long maxResultBytes,
                          boolean sampleData, Duration retention) {

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 4, 200, 1 << 20, 500L * 1024 * 1024, true, Duration.ofHours(24));
        }

        public Options withSampleData(boolean sampleData) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, sampleData, retention);
        }

        public Options withPageBytes(int pageBytes) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, sampleData, retention);
        }
    }

    private final DuckDBConnection root;
    private final ResultStore results;
    private final ThreadPoolExecutor workers;
    private final Map<String, LocalStatement> statements = new ConcurrentHashMap<>();
    private final Options options;
    private final Clock clock;
    private final AtomicInteger active = new AtomicInteger();

    private LocalEngine(DuckDBConnection root, Options options, Clock clock) {
        this.root = root;
        this.options = options;
        this.clock = clock;
        this.results = new ResultStore(options.dataDir().resolve("results"), options.pageBytes(),
                options.maxResultBytes());
        this.results.clear();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.maxActiveStatements()), r -> {
                    Thread t = new Thread(r, "quire-engine-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Opens (or creates) the database under the data folder and generates the sample data once. */
    public static LocalEngine open(Options options, SampleData.Progress progress) throws SQLException, IOException {
        Files.createDirectories(options.dataDir());
        Path file = options.dataDir().resolve(DATABASE + ".duckdb");
        Properties props = new Properties();
        DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, props);
        try (var statement = root.createStatement()) {
            Path spill = options.dataDir().resolve("spill");
            Files.createDirectories(spill);
            statement.execute("SET temp_directory = '" + spill.toString().replace("'", "''") + "'");
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + DEFAULT_SCHEMA);
        } catch (SQLException | RuntimeException e) {
            root.close();
            throw e;
        }
        if (options.sampleData()) {
            try {
                SampleData.create(root, progress);
            } catch (SQLException | RuntimeException e) {
                root.close();
                throw e;
            }
        }
        return new LocalEngine(root, options, Clock.systemUTC());
    }

    /** A new connection to the database, with Redshift's default schema. */
    Connection connect() throws SQLException {
        Connection connection = root.duplicate();
        try (var statement = connection.createStatement()) {
            statement.execute("USE " + DATABASE + "." + DEFAULT_SCHEMA);
        }
        return connection;
    }

    /** Queues one statement and returns its snapshot in state SUBMITTED. */
    public StatementSnapshot submit(String sql, String statementName) {
        if (sql == null || sql.isBlank()) {
            throw EngineException.validation("SQL statement is empty.");
        }
        if (active.incrementAndGet() > options.maxActiveStatements()) {
            active.decrementAndGet();
            throw new EngineException(EngineException.Kind.ACTIVE_STATEMENTS_EXCEEDED,
                    "Active statements exceeded the allowed quota.", null);
        }
        String id = UUID.randomUUID().toString();
        LocalStatement statement = new LocalStatement(id, sql, statementName, clock.instant());
        statements.put(id, statement);
        try {
            workers.execute(() -> run(statement));
        } catch (RejectedExecutionException e) {
            statements.remove(id);
            active.decrementAndGet();
            throw new EngineException(EngineException.Kind.ACTIVE_STATEMENTS_EXCEEDED,
                    "Active statements exceeded the allowed quota.", null);
        }
        return statement.snapshot();
    }

    public StatementSnapshot describe(String id) {
        return find(id).snapshot();
    }

    /** Returns one stored page of a finished statement's result. */
    public ResultPageBytes page(String id, int page) {
        StatementSnapshot statement = describe(id);
        if (statement.status() != StatementStatus.FINISHED) {
            throw EngineException.validation("Query does not have result. Please check query status with "
                    + "DescribeStatement. Current status: " + statement.status());
        }
        if (!statement.hasResultSet()) {
            throw EngineException.validation("Query does not have result. Please check query status with "
                    + "DescribeStatement.");
        }
        if (page < 0 || page >= statement.pageCount()) {
            throw EngineException.validation("Invalid NextToken.");
        }
        byte[] records = results.read(id, page);
        int next = page + 1 < statement.pageCount() ? page + 1 : -1;
        return new ResultPageBytes(statement.columns(), records, statement.resultRows(), next);
    }

    /** Cancels a statement that has not ended; returns false when it already has. */
    public boolean cancel(String id) {
        LocalStatement statement = find(id);
        return statement.cancel(clock.instant());
    }

    private LocalStatement find(String id) {
        LocalStatement statement = statements.get(id);
        if (statement == null) {
            throw EngineException.notFound("Query does not exist.", id);
        }
        return statement;
    }

    private void run(LocalStatement statement) {
        try {
            if (!statement.pick(clock.instant())) {
                return;
            }
            try (Connection connection = connect(); var jdbc = connection.createStatement()) {
                if (!statement.start(jdbc, clock.instant(), System.nanoTime())) {
                    return;
                }
                boolean hasResultSet = jdbc.execute(statement.sql());
                if (hasResultSet) {
                    try (var rows = jdbc.getResultSet()) {
                        ResultStore.Written written = results.write(statement.id(), rows, statement::isCancelled);
                        statement.finish(clock.instant(), System.nanoTime(), written);
                    }
                } else {
                    statement.finishUpdate(clock.instant(), System.nanoTime(), Math.max(jdbc.getUpdateCount(), 0));
                }
            }
        } catch (ResultStore.TooLarge e) {
            results.delete(statement.id());
            statement.fail(clock.instant(), System.nanoTime(), e.getMessage());
        } catch (SQLException | IOException | RuntimeException e) {
            results.delete(statement.id());
            statement.fail(clock.instant(), System.nanoTime(), errorText(e));
        } finally {
            active.decrementAndGet();
        }
    }

    private static String errorText(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.startsWith("ERROR: ") ? message : "ERROR: " + message;
    }

    public Options options() {
        return options;
    }

    Instant now() {
        return clock.instant();
    }

    /** Aborts running statements and closes the database. */
    @Override
    public void close() {
        workers.shutdown();
        Instant now = clock.instant();
        statements.values().forEach(s -> s.cancel(now));
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the local database failed", e);
        }
    }
}
