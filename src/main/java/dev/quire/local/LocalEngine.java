package dev.quire.local;

import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.model.SqlScript;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
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
 * Statements and results are recorded and kept for the retention period, across restarts: a piece
 * is recorded before it runs and its end before it shows (on disk first when it may change data),
 * so that after a crash nothing is reported that did not happen. The engine speaks no wire
 * protocol: each dialect names its states and encodes its pages.
 */
public final class LocalEngine implements AutoCloseable {

    public static final String DATABASE = "dev";
    public static final String DEFAULT_SCHEMA = "public";
    /** The data folder's folder of files made from stored results (Athena's CSV), inside their disk budget. */
    public static final String MADE_FROM_RESULTS = "athena-results";
    static final Duration CLIENT_TOKEN_LIFETIME = Duration.ofHours(8);
    static final String STOPPED = "The local server stopped before the statement finished.";
    private static final System.Logger LOG = System.getLogger(LocalEngine.class.getName());

    /**
     * Engine settings; {@link #defaults(Path)} gives the production values. readMemoryBytes is the heap
     * that reads of stored results may hold at once, maxRowBytes the largest row a result may hold.
     */
    public record Options(Path dataDir, int workers, int maxActiveStatements, int pageBytes, long maxResultBytes,
                          long maxRowBytes, long readMemoryBytes, boolean sampleData, Duration retention,
                          long resultsBudgetBytes) {

        /** A quarter of the heap for reads; a row may hold a tenth of that, between 1 and 16 MiB. */
        public static Options defaults(Path dataDir) {
            long readMemory = Runtime.getRuntime().maxMemory() / 4;
            long maxRow = Math.max(1L << 20, Math.min(16L << 20, readMemory / 10));
            return new Options(dataDir, 4, 200, 1 << 20, 500L * 1024 * 1024, maxRow, readMemory, true,
                    Duration.ofHours(24), DiskBudget.DEFAULT_BYTES);
        }

        public Options withSampleData(boolean value) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, maxRowBytes,
                    readMemoryBytes, value, retention, resultsBudgetBytes);
        }

        public Options withPageBytes(int value) {
            return new Options(dataDir, workers, maxActiveStatements, value, maxResultBytes, maxRowBytes,
                    readMemoryBytes, sampleData, retention, resultsBudgetBytes);
        }

        public Options withLimits(int maxActive, long maxResult) {
            return new Options(dataDir, workers, maxActive, pageBytes, maxResult, maxRowBytes, readMemoryBytes,
                    sampleData, retention, resultsBudgetBytes);
        }

        public Options withMemory(long maxRow, long readMemory) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, maxRow, readMemory,
                    sampleData, retention, resultsBudgetBytes);
        }

        public Options withWorkers(int value) {
            return new Options(dataDir, value, maxActiveStatements, pageBytes, maxResultBytes, maxRowBytes,
                    readMemoryBytes, sampleData, retention, resultsBudgetBytes);
        }

        public Options withRetention(Duration value) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, maxRowBytes,
                    readMemoryBytes, sampleData, value, resultsBudgetBytes);
        }

        /** The disk that stored results may take; past it the oldest are dropped. */
        public Options withResultsBudget(long bytes) {
            return new Options(dataDir, workers, maxActiveStatements, pageBytes, maxResultBytes, maxRowBytes,
                    readMemoryBytes, sampleData, retention, bytes);
        }
    }

    /**
     * A ClientToken's statement. A use is claimed before its statement exists, so that of identical
     * submissions at once exactly one creates it; ready completes when the claimant has (or has failed).
     */
    private record TokenUse(String fingerprint, String statementId, Instant at, CompletableFuture<Void> ready) {
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
    private final List<Consumer<StatementSnapshot>> started = new CopyOnWriteArrayList<>();
    private final List<Consumer<StatementSnapshot>> ended = new CopyOnWriteArrayList<>();
    private final Set<String> catalogs = ConcurrentHashMap.newKeySet();
    private final List<Consumer<StatementSnapshot>> removed = new CopyOnWriteArrayList<>();
    private final MemoryBudget readMemory;

    private LocalEngine(DuckDBConnection root, DuckDBConnection staging, Options options, Clock clock)
            throws IOException {
        this.root = root;
        this.staging = staging;
        this.options = options;
        this.clock = clock;
        this.results = new ResultFiles(options.dataDir().resolve("results"), options.dataDir().resolve(
                MADE_FROM_RESULTS), options.maxResultBytes(), options.maxRowBytes(), options.resultsBudgetBytes());
        this.log = new StatementLog(options.dataDir().resolve("statements"));
        this.readMemory = new MemoryBudget(options.readMemoryBytes());
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
        OwnerOnlyFiles.restrict(file);
        DuckDBConnection staging = null;
        try {
            staging = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = root.createStatement()) {
                Path spill = OwnerOnlyFiles.directory(dataDir.resolve("spill"));
                // DuckDB holds the database file's lock: what a crashed run left in its spill folder is garbage
                clearFolder(spill);
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
            engine.every(engine::repeatCancels, 250, 250);
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

    private static void clearFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!f.equals(folder)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** DuckDB's threads: every core but one, so the window stays responsive during a heavy query. */
    static int queryThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Reads back the statement log. Statements a stop left unfinished end as far as is known (see
     * {@link LocalStatement#settleAfterStop}); results of statements not recorded as finished, and
     * half-written ones, are removed.
     */
    private void recover() throws IOException {
        Instant now = clock.instant();
        Set<String> kept = new HashSet<>();
        for (StatementSnapshot saved : log.loadAll()) {
            StatementState self = StatementState.restore(saved);
            List<StatementState> subs = saved.subStatements().stream().map(StatementState::restore).toList();
            LocalStatement statement = new LocalStatement(saved.request(), self, subs, saved.sessionId(), true);
            if (statement.settleAfterStop(now)) {
                try {
                    statement.record(log, true);
                } catch (UncheckedIOException e) {
                    // the next start settles it the same way
                    LOG.log(System.Logger.Level.WARNING, "could not record statement " + saved.id(), e);
                }
            }
            statements.put(saved.id(), statement);
            StatementSnapshot settled = statement.snapshot();
            for (StatementSnapshot unit : settled.isBatch() ? settled.subStatements() : List.of(settled)) {
                if (unit.status() == Phase.FINISHED) {
                    kept.add(unit.id());
                }
            }
            queryIds.accumulateAndGet(saved.queryId() + saved.subStatements().size() + 1, Math::max);
            if (saved.request().clientToken() != null) {
                tokens.put(tokenKey(saved.request()), new TokenUse(saved.request().fingerprint(), saved.id(),
                        saved.createdAt(), CompletableFuture.completedFuture(null)));
            }
        }
        results.retainOnly(kept);
        purgeExpired();
    }

    /**
     * A new connection to the database. A streamed result makes up to this much of itself before
     * its first rows come back: DuckDB's 10 MiB default kept the first page of a wide result
     * waiting about 30 ms, where a megabyte takes under 10.
     */
    private Connection duplicate() throws SQLException {
        Connection connection = root.duplicate();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET streaming_buffer_size = '1MB'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A new connection to the database, with Redshift's default schema. */
    public Connection connect() throws SQLException {
        Connection connection = duplicate();
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + DATABASE + "." + DEFAULT_SCHEMA);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Queues a statement or batch and returns its snapshot; a repeated ClientToken returns the first
     * run, also when the repeats come at once. A submission that fails changes nothing: no quota,
     * token, session or statement is left taken.
     */
    public StatementSnapshot submit(Submission request) {
        validate(request);
        if (request.clientToken() == null) {
            return start(request, UUID.randomUUID().toString());
        }
        String key = tokenKey(request);
        while (true) {
            TokenUse mine = new TokenUse(request.fingerprint(), UUID.randomUUID().toString(), clock.instant(),
                    new CompletableFuture<>());
            TokenUse earlier = tokens.putIfAbsent(key, mine);
            if (earlier != null) {
                if (!earlier.ready().isDone()) {
                    earlier.ready().join();
                    continue;
                }
                LocalStatement first = statements.get(earlier.statementId());
                boolean live = first != null && earlier.at().plus(CLIENT_TOKEN_LIFETIME).isAfter(clock.instant());
                if (live) {
                    if (!earlier.fingerprint().equals(request.fingerprint())) {
                        throw new EngineException(EngineException.Kind.CONFLICT, "The ClientToken "
                                + request.clientToken() + " was already used with different request parameters.",
                                null);
                    }
                    return first.snapshot();
                }
                if (!tokens.replace(key, earlier, mine)) {
                    continue;
                }
            }
            try {
                return start(request, mine.statementId());
            } catch (RuntimeException | Error e) {
                tokens.remove(key, mine);
                throw e;
            } finally {
                mine.ready().complete(null);
            }
        }
    }

    private StatementSnapshot start(Submission request, String id) {
        if (active.incrementAndGet() > options.maxActiveStatements()) {
            active.decrementAndGet();
            throw activeExceeded();
        }
        Session taken;
        try {
            taken = session(request);
        } catch (RuntimeException e) {
            active.decrementAndGet();
            throw e;
        }
        LocalSession session = taken == null ? null : taken.session();
        Instant now = clock.instant();
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
        try {
            statement.record(log, false);
        } catch (UncheckedIOException e) {
            giveBack(taken);
            active.decrementAndGet();
            throw new EngineException(EngineException.Kind.INTERNAL, "The local server could not record the "
                    + "statement, so it did not run it: " + describe(e.getCause()) + ". Retry when the disk has space.",
                    null);
        }
        statements.put(id, statement);
        try {
            workers.execute(() -> run(statement, session));
        } catch (RejectedExecutionException e) {
            statements.remove(id);
            try {
                log.delete(id);
            } catch (UncheckedIOException deleting) {
                e.addSuppressed(deleting);
            }
            giveBack(taken);
            active.decrementAndGet();
            throw activeExceeded();
        }
        return statement.snapshot();
    }

    /** A session taken for a submission; opened is true when the submission opened it. */
    private record Session(LocalSession session, boolean opened) {
    }

    /** Undoes the session part of a submission that failed. */
    private void giveBack(Session taken) {
        if (taken == null) {
            return;
        }
        if (taken.opened()) {
            sessions.remove(taken.session().id());
            taken.session().close();
        } else {
            taken.session().abandon();
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
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
        if (request.parameterStyle() == Submission.ParameterStyle.POSITIONAL) {
            validatePositional(request);
            return;
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

    /** One literal per ? marker of a single statement, each a literal whose value can be bound. */
    private static void validatePositional(Submission request) {
        if (request.batch()) {
            throw EngineException.validation("Positional parameters are taken for single statements only.");
        }
        int markers = SqlScript.positionalMarkers(request.sqls().get(0));
        if (markers != request.parameters().size()) {
            throw EngineException.validation("Incorrect number of parameters: expected " + markers + " but found "
                    + request.parameters().size() + ".");
        }
        for (Submission.Parameter p : request.parameters()) {
            if (p.name() != null) {
                throw EngineException.validation("The parameter " + p.name() + " has a name, but this statement's "
                        + "parameters are positional.");
            }
            SqlLiterals.value(p.value());
        }
    }

    private Session session(Submission request) {
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
            return new Session(session, false);
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
            return new Session(session, true);
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
        return scan(owner, id, from, List.of());
    }

    /**
     * As {@link #scan(String, String, long)}, each column in the form given at its position (columns
     * past the list's end as their values).
     */
    public RowScan scan(String owner, String id, long from, List<RowScan.Form> forms) {
        Located found = locate(owner, id);
        StatementSnapshot statement = found.statement().snapshotOf(found.unit());
        if (statement.status() != Phase.FINISHED || !statement.hasResultSet() || statement.isBatch()
                && found.unit() == found.statement().self()) {
            throw EngineException.notFound("Statement " + id + " has no stored result.", id);
        }
        Connection connection = null;
        try {
            connection = duplicate();
            return results.scan(statement.id(), connection, from, statement.columns().size(), forms);
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

    /**
     * Reads rows from to from + limit of a stored result by random access: DuckDB reads only the
     * row groups that hold them, so a page deep in a large result costs what the first page does.
     */
    public long readRange(String owner, String id, long from, long limit, RowReader reader) {
        Located found = locate(owner, id);
        StatementSnapshot statement = found.statement().snapshotOf(found.unit());
        if (statement.status() != Phase.FINISHED || !statement.hasResultSet() || statement.isBatch()
                && found.unit() == found.statement().self()) {
            throw EngineException.notFound("Statement " + id + " has no stored result.", id);
        }
        try (Connection connection = duplicate()) {
            return results.range(statement.id(), connection, from, limit, statement.columns(), reader);
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + id + " failed: "
                    + e.getMessage(), id);
        }
    }

    /** Whether a finished statement's result is still stored (a result may be kept shorter than its statement). */
    public boolean hasStoredResult(String id) {
        return results.exists(id);
    }

    /** Why a result is not stored: GONE when it was dropped to keep the disk budget, else NOT_FOUND. */
    public EngineException resultMissing(String id) {
        return results.missing(id);
    }

    /** Keeps the stored results within their budget after a file was made from one; that file is kept. */
    public void madeFromResult(Path file) {
        results.keepWithinBudget(file);
    }

    /** The bytes stored results and the files made from them take now. */
    public long resultsOnDisk() throws IOException {
        return results.storedBytes();
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
        return cancel(owner, id, null);
    }

    /** As {@link #cancel(String, String)}, with the reason the statement keeps as its error. */
    public boolean cancel(String owner, String id, String reason) {
        return locate(owner, id).statement().cancel(clock.instant(), reason);
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
                    failUnfinished(statement, "FATAL: database \"" + database + "\" does not exist");
                    return;
                }
                String catalog = statement.request().target().catalog();
                if (catalog != null && !catalogs.contains(catalog.toLowerCase(java.util.Locale.ROOT))) {
                    failUnfinished(statement, "ERROR: Catalog Error: Catalog \"" + catalog + "\" does not exist.");
                    return;
                }
                String schema = statement.request().target().schema();
                if (schema != null && !useSchema(connection, catalog == null ? DATABASE : catalog, schema)) {
                    failUnfinished(statement, "ERROR: Catalog Error: Schema \"" + schema + "\" does not exist.");
                    return;
                }
                tell(started, statement.snapshot(), "start");
                runUnits(statement, connection);
            } finally {
                if (session == null) {
                    connection.close();
                }
            }
        } catch (SQLException | RuntimeException e) {
            failUnfinished(statement, errorText(e));
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the statement fails and the worker goes on: what the statement held is garbage now
            failUnfinished(statement, statement.mayHaveChangedData()
                    ? "unknown: the local server ran out of memory while the statement ran (" + e + "); it may or "
                    + "may not have taken effect."
                    : "ERROR: The local server ran out of memory running the statement (" + e + ").");
        } finally {
            // every path gives the session back, also a cancel that came while the statement waited
            if (session != null) {
                session.release(clock.instant());
            }
            if (!self.status().isFinal()) {
                failUnfinished(statement, "ERROR: The statement stopped unexpectedly.");
            }
            active.decrementAndGet();
            try {
                statement.record(log, statement.mayHaveChangedData());
            } catch (UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not record statement " + statement.id(), e);
            } finally {
                statement.markEnded();
                tellEnded(statement.snapshot());
            }
        }
    }

    /** Makes the schema (named in any case) the connection's default; false when the catalog has none such. */
    private static boolean useSchema(Connection connection, String catalog, String schema) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT count(*) FROM duckdb_schemas() "
                + "WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?)")) {
            exists.setString(1, catalog);
            exists.setString(2, schema);
            try (ResultSet rows = exists.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return false;
                }
            }
        }
        try (Statement use = connection.createStatement()) {
            use.execute("USE " + SqlLiterals.identifier(catalog) + "." + SqlLiterals.identifier(schema));
        }
        return true;
    }

    /**
     * Attaches an in-memory DuckDB catalog of the given name (once; it lasts as long as the engine)
     * where a dialect keeps what it shows besides the database, such as views over it; a
     * submission's {@link Submission.Target#catalog} may then name it.
     */
    public void attachCatalog(String name) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("ATTACH IF NOT EXISTS ':memory:' AS " + SqlLiterals.identifier(name));
        }
        catalogs.add(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Ends what has not ended: the piece that ran fails, those that had not started are cancelled. */
    private void failUnfinished(LocalStatement statement, String error) {
        statement.end(() -> {
            Instant now = clock.instant();
            long nanos = System.nanoTime();
            for (StatementState unit : statement.units()) {
                if (unit.status() == Phase.QUEUED && unit != statement.self()) {
                    unit.abort(now, nanos, statement.cancelReason());
                } else {
                    unit.fail(now, nanos, error);
                }
            }
            statement.self().fail(now, nanos, error);
        }, log, statement.mayHaveChangedData());
    }

    /** Listeners hear of every statement that starts to run, on its worker, before it runs; they must not block. */
    public void onStarted(Consumer<StatementSnapshot> listener) {
        started.add(listener);
    }

    /** Listeners hear of every statement that ends, on the worker that ran it; they must not block. */
    public void onEnded(Consumer<StatementSnapshot> listener) {
        ended.add(listener);
    }

    /** Listeners hear of every statement dropped at the end of its retention, so they can drop what they keep. */
    public void onRemoved(Consumer<StatementSnapshot> listener) {
        removed.add(listener);
    }

    private void tellEnded(StatementSnapshot snapshot) {
        tell(ended, snapshot, "end");
    }

    private static void tell(List<Consumer<StatementSnapshot>> listeners, StatementSnapshot snapshot, String what) {
        for (Consumer<StatementSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener failed on the " + what + " of statement "
                        + snapshot.id(), e);
            }
        }
    }

    /**
     * Runs a statement's pieces in order. A batch in a transaction is recorded durably, all of its
     * pieces finished, before it commits: after a crash it then reads as "may have committed", and
     * as rolled back when the crash came before.
     */
    private void runUnits(LocalStatement statement, Connection connection) throws SQLException {
        Submission request = statement.request();
        StatementState self = statement.self();
        boolean transaction = request.batch() && request.executionMode() == Submission.ExecutionMode.TRANSACTION;
        if (transaction) {
            connection.setAutoCommit(false);
        }
        String failure = null;
        boolean anyResultSet = false;
        boolean committed = false;
        boolean settled = !transaction;
        try {
            for (StatementState unit : statement.units()) {
                if (failure != null || statement.isCancelled()) {
                    statement.end(() -> unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason()), log,
                            false);
                    continue;
                }
                if (unit != self) {
                    unit.move(Phase.QUEUED, Phase.RUNNING, clock.instant(), System.nanoTime());
                }
                failure = runUnit(statement, unit, connection, transaction);
                anyResultSet |= unit.hasResultSet();
            }
            if (transaction) {
                if (failure == null && !statement.isCancelled()) {
                    try {
                        statement.record(log, true);
                        connection.commit();
                        committed = true;
                    } catch (UncheckedIOException e) {
                        failure = "ERROR: The local server could not record the batch before committing it, so it "
                                + "rolled it back: " + describe(e.getCause());
                        connection.rollback();
                    }
                } else {
                    connection.rollback();
                }
                settled = true;
            }
        } finally {
            if (transaction) {
                if (!settled) {
                    // an error escaped a piece: never let the autocommit switch below commit the rest
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            }
        }
        if (request.batch()) {
            boolean done = transaction ? committed
                    : statement.units().stream().allMatch(u -> u.status() == Phase.FINISHED);
            boolean any = anyResultSet;
            String failed = failure;
            statement.end(() -> {
                Instant now = clock.instant();
                if (done) {
                    self.finishBatch(now, System.nanoTime(), any);
                } else if (statement.isCancelled()) {
                    self.abort(now, System.nanoTime(), statement.cancelReason());
                } else {
                    self.fail(now, System.nanoTime(), failed);
                }
            }, log, statement.mayHaveChangedData());
        }
    }

    /** Runs one piece; returns its error text, or null when it finished. */
    private String runUnit(LocalStatement statement, StatementState unit, Connection connection,
                           boolean inTransaction) {
        Submission request = statement.request();
        List<SqlScript.Statement> parts = SqlScript.split(unit.sql());
        boolean positional = request.parameterStyle() == Submission.ParameterStyle.POSITIONAL;
        int bound = 0;
        try {
            // several statements in one text run one by one, and the last one's rows are kept
            for (int i = 0; i < Math.max(1, parts.size()); i++) {
                String text = parts.isEmpty() ? unit.sql() : parts.get(i).sql();
                if (request.target().catalogAlias() != null) {
                    text = SqlScript.withoutCatalog(text, request.target().catalogAlias());
                }
                String sql;
                List<Object> values;
                if (positional) {
                    sql = text;
                    int markers = SqlScript.positionalMarkers(text);
                    values = request.parameters().subList(bound, bound + markers).stream()
                            .map(p -> SqlLiterals.value(p.value())).toList();
                    bound += markers;
                } else {
                    SqlScript.Positional part = SqlScript.positional(text);
                    sql = part.sql();
                    values = part.names().stream().map(name -> (Object) valueOf(request.parameters(), name)).toList();
                }
                if (positional) {
                    sql = Plans.dremioExplain(sql);
                } else {
                    java.util.Optional<String> explained = Plans.redshiftExplained(sql);
                    if (explained.isPresent()) {
                        sql = Plans.redshiftRows(duckPlan(connection, explained.get(), values));
                        values = List.of();
                    }
                }
                boolean last = i >= parts.size() - 1;
                if (!runOne(statement, unit, connection, sql, values, inTransaction, last)) {
                    break;
                }
            }
            return null;
        } catch (ResultFiles.TooLarge e) {
            results.delete(unit.id());
            statement.end(() -> unit.fail(clock.instant(), System.nanoTime(), e.getMessage()), log,
                    durable(statement, inTransaction));
            return e.getMessage();
        } catch (SQLException | IOException | RuntimeException e) {
            results.delete(unit.id());
            if (statement.isCancelled()) {
                statement.end(() -> unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason()), log,
                        durable(statement, inTransaction));
                return null;
            }
            String error = errorText(e);
            statement.end(() -> unit.fail(clock.instant(), System.nanoTime(), error), log,
                    durable(statement, inTransaction));
            return error;
        } finally {
            statement.running(null);
        }
    }

    /** DuckDB's plan of a statement, as JSON. */
    private static String duckPlan(Connection connection, String sql, List<Object> values) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            SqlLiterals.bind(explain, values);
            try (ResultSet rows = explain.executeQuery()) {
                StringBuilder plan = new StringBuilder();
                while (rows.next()) {
                    plan.append(rows.getString(rows.getMetaData().getColumnCount()));
                }
                return plan.toString();
            }
        }
    }

    /** Whether an end is a commit that must be on disk before it is shown. */
    private static boolean durable(LocalStatement statement, boolean inTransaction) {
        return statement.mayHaveChangedData() && !inTransaction;
    }

    /**
     * One statement: a query goes straight from DuckDB into its result file; others run as they are
     * and, when last, end the piece. False when a cancel came first.
     */
    private boolean runOne(LocalStatement statement, StatementState unit, Connection connection, String sql,
                           List<Object> values, boolean inTransaction, boolean last)
            throws SQLException, IOException, ResultFiles.TooLarge {
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
            SqlLiterals.bind(prepared, values);
            if (!started(statement, unit, prepared)) {
                return false;
            }
            ResultSetMetaData meta = prepared.getMetaData();
            boolean query = meta instanceof DuckDBResultSetMetaData duck
                    && duck.getReturnType() == StatementReturnType.QUERY_RESULT;
            if (query && last) {
                ResultFiles.Stored copied = results.copy(unit.id(), connection, sql, meta, values, statement::running,
                        statement::isCancelled, () -> begin(statement, false, inTransaction));
                if (copied != null) {
                    statement.end(() -> unit.finish(clock.instant(), System.nanoTime(), copied), log,
                            durable(statement, inTransaction));
                    return true;
                }
            }
            begin(statement, true, inTransaction);
            if (statement.isCancelled()) {
                statement.end(() -> unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason()), log,
                        false);
                return false;
            }
            // rows returned by a change (INSERT ... RETURNING) are stored before it commits, when it can wait
            boolean own = query && last && !inTransaction && statement.sessionId() == null;
            if (own) {
                connection.setAutoCommit(false);
            }
            try {
                boolean hasResultSet = prepared.execute();
                if (!last) {
                    if (hasResultSet) {
                        prepared.getResultSet().close();
                    }
                    return true;
                }
                Runnable end;
                if (hasResultSet) {
                    ResultFiles.Stored stored;
                    try (ResultSet rows = prepared.getResultSet()) {
                        stored = results.store(unit.id(), rows, staging, statement::isCancelled);
                    }
                    end = () -> unit.finish(clock.instant(), System.nanoTime(), stored);
                } else {
                    long affected = Math.max(prepared.getUpdateCount(), 0);
                    end = () -> unit.finishUpdate(clock.instant(), System.nanoTime(), affected);
                }
                if (own) {
                    connection.commit();
                    own = false;
                    connection.setAutoCommit(true);
                }
                statement.end(end, log, durable(statement, inTransaction));
                return true;
            } finally {
                if (own) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    /**
     * Records that a piece is about to run, before it runs: durably when it may change data, so that
     * after a crash it reads as "may have run". Throws, and the piece does not run, when it cannot.
     */
    private void begin(LocalStatement statement, boolean changes, boolean inTransaction) {
        if (changes) {
            statement.changesData();
        }
        try {
            statement.record(log, changes && !inTransaction);
        } catch (UncheckedIOException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "ERROR: The local server could not record the "
                    + "statement before running it, so it did not run it: " + describe(e.getCause()), null);
        }
    }

    /** Registers the JDBC statement for cancel; false (and the unit cancelled) when a cancel came first. */
    private boolean started(LocalStatement statement, StatementState unit, Statement jdbc) {
        statement.running(jdbc);
        if (statement.isCancelled()) {
            statement.end(() -> unit.abort(clock.instant(), System.nanoTime(), statement.cancelReason()), log, false);
            return false;
        }
        return true;
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

    StatementLog log() {
        return log;
    }

    private void repeatCancels() {
        statements.values().forEach(LocalStatement::repeatCancel);
    }

    /** Sessions open now: for tests of what failed and cancelled statements leave behind, and of expiry. */
    public int openSessions() {
        return (int) sessions.values().stream().filter(LocalSession::isOpen).count();
    }

    void expireSessions() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> session.closeIfExpired(now));
    }

    /**
     * Drops statements, results and client tokens past their lifetime: the submission's retention,
     * or the engine's.
     */
    void purgeExpired() {
        Instant now = clock.instant();
        for (LocalStatement statement : List.copyOf(statements.values())) {
            StatementSnapshot s = statement.snapshot();
            Duration retention = Objects.requireNonNullElse(s.request().retention(), options.retention());
            Duration keepResult = s.request().resultRetention();
            if (s.isFinal() && keepResult != null && s.updatedAt().isBefore(now.minus(keepResult))
                    && results.exists(s.id())) {
                try {
                    results.delete(s.id());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not remove the expired result of " + s.id(), e);
                }
            }
            if (s.isFinal() && s.updatedAt().isBefore(now.minus(retention))) {
                statements.remove(s.id());
                try {
                    log.delete(s.id());
                    results.delete(s.id());
                    s.subStatements().forEach(sub -> results.delete(sub.id()));
                } catch (RuntimeException e) {
                    // a file still open or a disk error: the next start's cleanup removes what is left
                    LOG.log(System.Logger.Level.WARNING, "could not remove the files of expired statement " + s.id(),
                            e);
                }
                tell(removed, s, "removal");
            }
        }
        // a use still being claimed has no statement yet
        tokens.values().removeIf(t -> t.ready().isDone() && (t.at().plus(CLIENT_TOKEN_LIFETIME).isBefore(now)
                || !statements.containsKey(t.statementId())));
    }

    public Options options() {
        return options;
    }

    /** The heap that reads of stored results may hold at once; each dialect takes its share per page. */
    public MemoryBudget readMemory() {
        return readMemory;
    }

    /**
     * About how much heap an open scan of a stored result holds: DuckDB hands it one row group at a
     * time, cut at {@link ResultFiles#ROW_GROUP_BYTES} or one row, whichever is larger; strings
     * take up to two bytes a character in Java.
     */
    public long scanMemory(StatementSnapshot unit) {
        long row = unit.rowBytes() >= 0 ? unit.rowBytes() : options.maxRowBytes();
        return 2 * (ResultFiles.ROW_GROUP_BYTES + row);
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
            // a worker that did not stop in time: what it ran may or may not have taken effect
            boolean settled = statement.settleAfterStop(clock.instant());
            try {
                statement.record(log, settled);
            } catch (UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not record statement " + statement.id(), e);
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
