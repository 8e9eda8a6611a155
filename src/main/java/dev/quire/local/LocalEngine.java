package dev.quire.local;

import dev.quire.model.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * The embedded engine: one DuckDB database named {@code dev} with {@code public} as the default
 * schema. Statements run asynchronously on a bounded pool, each on its own connection or on its
 * session's; each result is stored once, typed, by DuckDB itself, and read back by row range.
 * Statements and results are recorded and kept for the retention period, across restarts. The
 * engine speaks no wire protocol: each dialect names its states and encodes its pages.
 */
public final class LocalEngine implements AutoCloseable {

    public static final String DATABASE = "dev";
    public static final String DEFAULT_SCHEMA = "public";
    static final Duration CLIENT_TOKEN_LIFETIME = Duration.ofHours(8);
    static final String STOPPED = "The local server stopped before the statement finished.";

    /** Engine settings; {@link #defaults(Path)} gives the production values. */
    public record Options(Path dataDir, int workers, int maxActiveStatements, int pageBytes, long maxResultBytes,
                          boolean sampleData, Duration retention) {

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 4, 200, 1 << 20, 500L * 1024 * 1024, true, Duration.ofHours(24));
        }

        public Options withSampleData(boolean value) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, value, retention);
        }

        public Options withPageBytes(int value) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes == value ? pageBytes : value,
                    maxResultBytes, sampleData, retention);
        }

        public Options withLimits(int maxActive, long maxResult) {
            return new Options(dataDir, workers, maxActive, pageBytes, maxResult, sampleData, retention);
        }

        public Options withRetention(Duration value) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, sampleData, value);
        }
    }

    private record TokenUse(String fingerprint, String statementId, Instant at) {
    }

    private final DuckDBConnection root;
    private final Options options;
    private final Clock clock;
    private final ResultFiles results;
    private final DuckDBConnection staging;
    private final StatementLog log;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService housekeeping;
    private final Map<String, LocalStatement> statements = new ConcurrentHashMap<>();
    private final Map<String, LocalSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong queryIds = new AtomicLong(100_000);
    private final List<Consumer<StatementSnapshot>> ended = new CopyOnWriteArrayList<>();

    private LocalEngine(DuckDBConnection root, DuckDBConnection staging, Options options, Clock clock)
            throws IOException {
        this.root = root;
        this.staging = staging;
        this.options = options;
        this.clock = clock;
        this.results = new ResultFiles(options.dataDir().resolve("results"), options.maxResultBytes());
        this.log = new StatementLog(options.dataDir().resolve("statements"));
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.maxActiveStatements()), r -> {
                    Thread t = new Thread(r, "quire-engine-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quire-engine-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or creates) the database under the data folder and generates the sample data once. */
    public static LocalEngine open(Options options, SampleData.Progress progress) throws SQLException, IOException {
        return open(options, progress, Clock.systemUTC());
    }

    static LocalEngine open(Options options, SampleData.Progress progress, Clock clock)
            throws SQLException, IOException {
        Path dataDir = Files.createDirectories(options.dataDir());
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
        Path file = dataDir.resolve(DATABASE + ".duckdb");
        // streamed results: a read of some rows costs those rows, not the whole result
        java.util.Properties streamed = new java.util.Properties();
        streamed.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, streamed);
        DuckDBConnection staging = null;
        try {
            staging = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = root.createStatement()) {
                Path spill = Files.createDirectories(dataDir.resolve("spill"));
                statement.execute("SET temp_directory = '" + spill.toString().replace("'", "''") + "'");
                statement.execute("SET threads = " + queryThreads());
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + DEFAULT_SCHEMA);
            }
            if (options.sampleData()) {
                SampleData.create(root, progress);
            }
            LocalEngine engine = new LocalEngine(root, staging, options, clock);
            engine.recover();
            engine.every(engine::expireSessions, 1000, 1000);
            engine.every(engine.results::checkSizes, 200, 200);
            engine.every(engine::purgeExpired, 1000, 60_000);
            return engine;
        } catch (SQLException | IOException | RuntimeException e) {
            if (staging != null) {
                staging.close();
            }
            root.close();
            throw e;
        }
    }

    /** Runs a housekeeping task on a fixed delay; a failure is logged and the task runs again next time. */
    private void every(Runnable task, long firstMillis, long delayMillis) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger(LocalEngine.class.getName()).log(System.Logger.Level.WARNING,
                        "a housekeeping task failed; it runs again", e);
            }
        }, firstMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** DuckDB's threads: every core but one, so the window stays responsive during a heavy query. */
    static int queryThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Reads back the statement log: unfinished statements were interrupted by a stop. */
    private void recover() throws IOException {
        Instant now = clock.instant();
        Set<String> kept = new HashSet<>();
        for (StatementSnapshot saved : log.loadAll()) {
            StatementState self = StatementState.restore(saved);
            List<StatementState> subs = saved.subStatements().stream().map(StatementState::restore).toList();
            LocalStatement statement = new LocalStatement(saved.request(), self, subs, saved.sessionId(), true);
            if (self.interrupt(now, STOPPED)) {
                subs.forEach(s -> s.interrupt(now, STOPPED));
                log.save(statement.snapshot());
            }
            statements.put(saved.id(), statement);
            kept.add(saved.id());
            kept.addAll(saved.subStatements().stream().map(StatementSnapshot::id).toList());
            queryIds.accumulateAndGet(saved.queryId() + saved.subStatements().size() + 1, Math::max);
            if (saved.request().clientToken() != null) {
                tokens.put(tokenKey(saved.request()), new TokenUse(saved.request().fingerprint(), saved.id(),
                        saved.createdAt()));
            }
        }
        results.retainOnly(kept);
        purgeExpired();
    }

    /** A new connection to the database, with Redshift's default schema. */
    public Connection connect() throws SQLException {
        Connection connection = root.duplicate();
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + DATABASE + "." + DEFAULT_SCHEMA);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Queues a statement or batch and returns its snapshot; a repeated ClientToken returns the first run. */
    public StatementSnapshot submit(Submission request) {
        validate(request);
        if (request.clientToken() != null) {
            TokenUse earlier = tokens.get(tokenKey(request));
            if (earlier != null && earlier.at().plus(CLIENT_TOKEN_LIFETIME).isAfter(clock.instant())
                    && statements.containsKey(earlier.statementId())) {
                if (!earlier.fingerprint().equals(request.fingerprint())) {
                    throw EngineException.validation("The ClientToken " + request.clientToken()
                            + " was already used with different request parameters.");
                }
                return statements.get(earlier.statementId()).snapshot();
            }
        }
        if (active.incrementAndGet() > options.maxActiveStatements()) {
            active.decrementAndGet();
            throw activeExceeded();
        }
        LocalSession session;
        try {
            session = session(request);
        } catch (RuntimeException e) {
            active.decrementAndGet();
            throw e;
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        long queryId = queryIds.getAndAdd(request.sqls().size() + 1);
        List<StatementState> subs = new ArrayList<>();
        if (request.batch()) {
            for (int i = 0; i < request.sqls().size(); i++) {
                subs.add(new StatementState(id + ":" + (i + 1), request.sqls().get(i), now, queryId + i + 1));
            }
        }
        StatementState self = new StatementState(id, String.join(";\n", request.sqls()), now, queryId);
        LocalStatement statement = new LocalStatement(request, self, subs, session == null ? null : session.id(),
                false);
        statements.put(id, statement);
        if (request.clientToken() != null) {
            tokens.put(tokenKey(request), new TokenUse(request.fingerprint(), id, now));
        }
        log.save(statement.snapshot());
        try {
            workers.execute(() -> run(statement, session));
        } catch (RejectedExecutionException e) {
            statements.remove(id);
            log.delete(id);
            if (session != null) {
                session.release(clock.instant());
            }
            active.decrementAndGet();
            throw activeExceeded();
        }
        return statement.snapshot();
    }

    private static EngineException activeExceeded() {
        return new EngineException(EngineException.Kind.ACTIVE_STATEMENTS_EXCEEDED,
                "Active statements exceeded the allowed quota.", null);
    }

    private static String tokenKey(Submission request) {
        return request.owner() + "\u0000" + request.clientToken();
    }

    private static void validate(Submission request) {
        if (request.sqls().isEmpty() || request.sqls().stream().anyMatch(String::isBlank)) {
            throw EngineException.validation("SQL statement is empty.");
        }
        Set<String> given = new LinkedHashSet<>();
        for (Submission.Parameter p : request.parameters()) {
            if (!given.add(p.name())) {
                throw EngineException.validation("The parameter " + p.name() + " is given more than once.");
            }
        }
        Set<String> used = new HashSet<>();
        for (String sql : request.sqls()) {
            for (String name : SqlScript.positional(sql).names()) {
                if (!given.isEmpty() && !given.contains(name)) {
                    throw EngineException.validation("The SQL uses the parameter :" + name
                            + " but no value was given for it.");
                }
                used.add(name);
            }
        }
        for (String name : given) {
            if (!used.contains(name)) {
                throw EngineException.validation("The parameter " + name + " is given but the SQL does not use :"
                        + name + ".");
            }
        }
    }

    private LocalSession session(Submission request) {
        if (request.sessionId() != null) {
            LocalSession session = sessions.get(request.sessionId());
            if (session == null || !session.isOpen() || !session.owner().equals(request.owner())) {
                throw EngineException.notFound("Session " + request.sessionId() + " does not exist or has expired.",
                        request.sessionId());
            }
            if (!session.acquire(request.sessionKeepAliveSeconds())) {
                throw EngineException.validation("Session " + request.sessionId()
                        + " is busy running another statement. Wait for it to finish and retry.");
            }
            return session;
        }
        Integer keepAlive = request.sessionKeepAliveSeconds();
        if (keepAlive == null || keepAlive == 0) {
            return null;
        }
        try {
            LocalSession session = new LocalSession(UUID.randomUUID().toString(), request.owner(), connect(),
                    keepAlive, clock.instant());
            session.acquire(null);
            sessions.put(session.id(), session);
            return session;
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "Could not open a session: " + e.getMessage(),
                    null);
        }
    }

    public StatementSnapshot describe(String owner, String id) {
        Located found = locate(owner, id);
        return found.statement().snapshotOf(found.unit());
    }

    /** Waits up to the given time for the statement to end, then describes it. */
    public StatementSnapshot await(String owner, String id, Duration wait) {
        Located found = locate(owner, id);
        try {
            found.statement().awaitEnd(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found.statement().snapshotOf(found.unit());
    }

    /**
     * Opens a scan of a finished statement's stored result from row number from (0-based). The
     * caller checks that the statement has a result; a result that is gone, or a statement without
     * one, is NOT_FOUND. The caller closes the scan.
     */
    public RowScan scan(String owner, String id, long from) {
        return scan(owner, id, from, Set.of());
    }

    /** As {@link #scan(String, String, long)}, with the columns at the given positions as DuckDB's text. */
    public RowScan scan(String owner, String id, long from, Set<Integer> asText) {
        Located found = locate(owner, id);
        StatementSnapshot statement = found.statement().snapshotOf(found.unit());
        if (statement.status() != Phase.FINISHED || !statement.hasResultSet() || statement.isBatch()
                && found.unit() == found.statement().self()) {
            throw EngineException.notFound("Statement " + id + " has no stored result.", id);
        }
        Connection connection = null;
        try {
            connection = root.duplicate();
            return results.scan(statement.id(), connection, from, statement.columns().size(), asText);
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof EngineException engine) {
                throw engine;
            }
            throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + id + " failed: "
                    + e.getMessage(), id);
        }
    }

    /** Reads up to limit rows of a stored result from row number from, as {@link #scan} does. */
    public long read(String owner, String id, long from, long limit, RowReader reader) {
        try (RowScan scan = scan(owner, id, from)) {
            return scan.read(limit, reader);
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + id + " failed: "
                    + e.getMessage(), id);
        }
    }

    /** Cancels a statement (a sub-statement id cancels its batch); false when it had already ended. */
    public boolean cancel(String owner, String id) {
        return locate(owner, id).statement().cancel(clock.instant(), null);
    }

    /** The caller's statements, newest first. */
    public List<StatementSnapshot> statements(String owner) {
        return statements.values().stream()
                .filter(s -> s.request().owner().equals(owner))
                .map(LocalStatement::snapshot)
                .sorted(Comparator.comparing(StatementSnapshot::createdAt).reversed()
                        .thenComparing(StatementSnapshot::id))
                .toList();
    }

    private record Located(LocalStatement statement, StatementState unit) {
    }

    private Located locate(String owner, String id) {
        int colon = id.indexOf(':');
        String parentId = colon < 0 ? id : id.substring(0, colon);
        LocalStatement statement = statements.get(parentId);
        if (statement == null || !statement.request().owner().equals(owner)) {
            throw EngineException.notFound("Query does not exist.", id);
        }
        if (colon < 0) {
            return new Located(statement, statement.self());
        }
        StatementState unit = null;
        String suffix = id.substring(colon + 1);
        if (suffix.matches("\\d{1,2}")) {
            unit = statement.unit(Integer.parseInt(suffix));
        }
        if (unit == null) {
            throw EngineException.notFound("Query does not exist.", id);
        }
        return new Located(statement, unit);
    }

    private void run(LocalStatement statement, LocalSession session) {
        StatementState self = statement.self();
        try {
            if (!self.move(Phase.QUEUED, Phase.PICKED, clock.instant(), System.nanoTime())) {
                return;
            }
            Connection connection = session != null ? session.connection() : connect();
            try {
                if (!self.move(Phase.PICKED, Phase.RUNNING, clock.instant(), System.nanoTime())) {
                    return;
                }
                String database = statement.request().target().database();
                if (database != null && !database.equals(DATABASE)) {
                    String error = "FATAL: database \"" + database + "\" does not exist";
                    statement.units().forEach(u -> u.fail(clock.instant(), System.nanoTime(), error));
                    self.fail(clock.instant(), System.nanoTime(), error);
                    return;
                }
                runUnits(statement, connection);
            } finally {
                if (session == null) {
                    connection.close();
                } else {
                    session.release(clock.instant());
                }
            }
        } catch (SQLException | RuntimeException e) {
            self.fail(clock.instant(), System.nanoTime(), errorText(e));
        } finally {
            active.decrementAndGet();
            try {
                log.save(statement.snapshot());
            } finally {
                statement.markEnded();
                tellEnded(statement.snapshot());
            }
        }
    }

    /** Listeners hear of every statement that ends, on the worker that ran it; they must not block. */
    public void onEnded(Consumer<StatementSnapshot> listener) {
        ended.add(listener);
    }

    private void tellEnded(StatementSnapshot snapshot) {
        for (Consumer<StatementSnapshot> listener : ended) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                System.getLogger(LocalEngine.class.getName()).log(System.Logger.Level.WARNING,
                        "a listener failed on the end of statement " + snapshot.id(), e);
            }
        }
    }

    private void runUnits(LocalStatement statement, Connection connection) throws SQLException {
        Submission request = statement.request();
        StatementState self = statement.self();
        boolean transaction = request.batch() && request.executionMode() == Submission.ExecutionMode.TRANSACTION;
        if (transaction) {
            connection.setAutoCommit(false);
        }
        String failure = null;
        boolean anyResultSet = false;
        try {
            for (StatementState unit : statement.units()) {
                if (failure != null || statement.isCancelled()) {
                    unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason());
                    continue;
                }
                if (unit != self) {
                    unit.move(Phase.QUEUED, Phase.RUNNING, clock.instant(), System.nanoTime());
                }
                failure = runUnit(statement, unit, connection);
                anyResultSet |= unit.hasResultSet();
            }
            if (transaction) {
                if (failure == null && !statement.isCancelled()) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            }
        } finally {
            if (transaction) {
                connection.setAutoCommit(true);
            }
        }
        if (request.batch()) {
            Instant now = clock.instant();
            if (statement.isCancelled()) {
                self.abort(now, System.nanoTime(), statement.cancelReason());
            } else if (failure != null) {
                self.fail(now, System.nanoTime(), failure);
            } else {
                self.finishBatch(now, System.nanoTime(), anyResultSet);
            }
        }
    }

    /** Runs one piece; returns its error text, or null when it finished. */
    private String runUnit(LocalStatement statement, StatementState unit, Connection connection) {
        List<Submission.Parameter> parameters = statement.request().parameters();
        SqlScript.Positional positional = SqlScript.positional(unit.sql());
        List<SqlScript.Statement> parts = SqlScript.split(positional.sql());
        try {
            if (parts.size() == 1) {
                runOne(statement, unit, connection, parts.get(0).sql(), positional.names().stream()
                        .map(name -> valueOf(parameters, name)).toList());
            } else {
                // several statements in one text: DuckDB runs them all, the last one's rows are kept
                try (Statement jdbc = connection.createStatement()) {
                    if (started(statement, unit, jdbc)) {
                        stored(statement, unit, jdbc, jdbc.execute(unit.sql()));
                    }
                }
            }
            return null;
        } catch (ResultFiles.TooLarge e) {
            results.delete(unit.id());
            unit.fail(clock.instant(), System.nanoTime(), e.getMessage());
            return e.getMessage();
        } catch (SQLException | IOException | RuntimeException e) {
            results.delete(unit.id());
            if (statement.isCancelled()) {
                unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason());
                return null;
            }
            String error = errorText(e);
            unit.fail(clock.instant(), System.nanoTime(), error);
            return error;
        } finally {
            statement.running(null);
        }
    }

    /** One statement: a query goes straight from DuckDB into its result file; others run as they are. */
    private void runOne(LocalStatement statement, StatementState unit, Connection connection, String sql,
                        List<String> values) throws SQLException, IOException, ResultFiles.TooLarge {
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                prepared.setString(i + 1, values.get(i));
            }
            if (!started(statement, unit, prepared)) {
                return;
            }
            ResultSetMetaData meta = prepared.getMetaData();
            if (meta instanceof DuckDBResultSetMetaData duck && duck.getReturnType() == StatementReturnType.QUERY_RESULT) {
                ResultFiles.Stored copied = results.copy(unit.id(), connection, sql, meta, values, statement::running,
                        statement::isCancelled);
                if (copied != null) {
                    unit.finish(clock.instant(), System.nanoTime(), copied);
                    return;
                }
            }
            stored(statement, unit, prepared, prepared.execute());
        }
    }

    /** Registers the JDBC statement for cancel; false (and the unit cancelled) when a cancel came first. */
    private boolean started(LocalStatement statement, StatementState unit, Statement jdbc) {
        statement.running(jdbc);
        if (statement.isCancelled()) {
            unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason());
            return false;
        }
        return true;
    }

    private void stored(LocalStatement statement, StatementState unit, Statement jdbc, boolean hasResultSet)
            throws SQLException, IOException, ResultFiles.TooLarge {
        if (hasResultSet) {
            try (ResultSet rows = jdbc.getResultSet()) {
                unit.finish(clock.instant(), System.nanoTime(),
                        results.store(unit.id(), rows, staging, statement::isCancelled));
            }
        } else {
            unit.finishUpdate(clock.instant(), System.nanoTime(), Math.max(jdbc.getUpdateCount(), 0));
        }
    }

    private static String valueOf(List<Submission.Parameter> parameters, String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).map(Submission.Parameter::value).findFirst()
                .orElseThrow(() -> EngineException.validation("No value for the parameter :" + name + "."));
    }

    private static String errorText(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "ERROR: " + e.getClass().getSimpleName();
        }
        return message.startsWith("ERROR: ") ? message : "ERROR: " + message;
    }

    void expireSessions() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> session.closeIfExpired(now));
    }

    /** Drops statements, results and client tokens past their lifetime. */
    void purgeExpired() {
        Instant now = clock.instant();
        Instant horizon = now.minus(options.retention());
        for (LocalStatement statement : List.copyOf(statements.values())) {
            StatementSnapshot s = statement.snapshot();
            if (s.isFinal() && s.updatedAt().isBefore(horizon)) {
                statements.remove(s.id());
                try {
                    log.delete(s.id());
                    results.delete(s.id());
                    s.subStatements().forEach(sub -> results.delete(sub.id()));
                } catch (RuntimeException e) {
                    // a file still open or a disk error: the next start's cleanup removes what is left
                    System.getLogger(LocalEngine.class.getName()).log(System.Logger.Level.WARNING,
                            "could not remove the files of expired statement " + s.id(), e);
                }
            }
        }
        tokens.values().removeIf(t -> t.at().plus(CLIENT_TOKEN_LIFETIME).isBefore(now)
                || !statements.containsKey(t.statementId()));
    }

    public Options options() {
        return options;
    }

    /** Aborts running statements, records them, closes sessions and the database. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        workers.shutdown();
        Instant now = clock.instant();
        statements.values().forEach(s -> s.cancel(now, STOPPED));
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (LocalStatement statement : statements.values()) {
            if (statement.self().interrupt(clock.instant(), STOPPED)) {
                statement.units().forEach(u -> u.interrupt(clock.instant(), STOPPED));
                log.save(statement.snapshot());
            }
        }
        sessions.values().forEach(LocalSession::close);
        try {
            staging.close();
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the local database failed", e);
        }
    }
}
