package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.local.LocalEngineTest.TestClock;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What failed writes, identical submissions at once, cancels and stops leave behind: nothing wedged, nothing false. */
class LocalEngineFailuresTest {

    private static final String SLOW = "select sum(hash(i)) from range(100000000000) t(i)";

    @TempDir
    Path dir;

    private LocalEngine open(TestClock clock, LocalEngine.Options options) throws Exception {
        return LocalEngine.open(options, SampleData.Progress.NONE, clock);
    }

    private LocalEngine.Options options() {
        return LocalEngine.Options.defaults(dir).withSampleData(false);
    }

    private static Submission request(String sql, String clientToken, Integer keepAlive, String sessionId) {
        return new Submission("me", List.of(sql), false, List.of(), null, clientToken, null, null, keepAlive,
                sessionId, null);
    }

    private static Submission batch(Submission.ExecutionMode mode, String... sqls) {
        return new Submission("me", List.of(sqls), true, List.of(), null, null, null, mode, null, null, null);
    }

    /**
     * The statement log's folder replaced by a file, as a full disk does to it: every write under
     * it fails, whoever the test runs as. Closing gives the folder back.
     */
    private static AutoCloseable unwritableLog(Path dataDir) throws Exception {
        Path log = dataDir.resolve("statements");
        Path away = dataDir.resolve("statements.away");
        Files.move(log, away);
        Files.writeString(log, "not a folder");
        return () -> {
            Files.delete(log);
            Files.move(away, log);
        };
    }

    private static StatementSnapshot finished(LocalEngine engine, String id) {
        StatementSnapshot s = engine.await("me", id, Duration.ofSeconds(60));
        assertEquals(Phase.FINISHED, s.status(), s.error());
        return s;
    }

    private static void awaitRunning(LocalEngine engine, String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (engine.describe("me", id).status() != Phase.RUNNING && Instant.now().isBefore(deadline)) {
            engine.await("me", id, Duration.ofMillis(20));
        }
        assertEquals(Phase.RUNNING, engine.describe("me", id).status());
    }

    private static long count(LocalEngine engine, String sql) throws Exception {
        try (Connection c = engine.connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void aSubmissionWhoseRecordCannotBeWrittenChangesNothing() throws Exception {
        TestClock clock = new TestClock();
        try (LocalEngine engine = open(clock, options().withLimits(3, 1 << 20))) {
            String session = finished(engine, engine.submit(request("select 1", null, 600, null)).id()).sessionId();
            assertEquals(1, engine.openSessions());
            try (AutoCloseable full = unwritableLog(dir)) {
                for (int i = 0; i < 200; i++) {
                    Submission attempt = switch (i % 4) {
                        case 0 -> Submission.of("me", "select " + i);
                        case 1 -> request("select 'retried'", "token-1", null, null);
                        case 2 -> request("select " + i, null, 30, session);
                        default -> request("select " + i, null, 30, null);
                    };
                    EngineException e = assertThrows(EngineException.class, () -> engine.submit(attempt));
                    assertEquals(EngineException.Kind.INTERNAL, e.kind());
                    assertTrue(e.getMessage().contains("could not record the statement, so it did not run it"),
                            e.getMessage());
                }
            }
            assertEquals(1, engine.statements("me").size(), "no failed submission is listed");
            assertEquals(1, engine.openSessions(), "sessions opened by failed submissions are closed");

            String retried = engine.submit(request("select 'retried'", "token-1", null, null)).id();
            assertEquals(Phase.FINISHED, finished(engine, retried).status());
            assertEquals(retried, engine.submit(request("select 'retried'", "token-1", null, null)).id());
            finished(engine, engine.submit(request("select 2", null, null, session)).id());

            // the quota is whole: three at once run, a fourth is refused
            List<String> slow = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(engine.submit(Submission.of("me", SLOW)).id());
            }
            assertEquals(EngineException.Kind.ACTIVE_STATEMENTS_EXCEEDED,
                    assertThrows(EngineException.class, () -> engine.submit(Submission.of("me", "select 3"))).kind());
            slow.forEach(id -> engine.cancel("me", id));
            slow.forEach(id -> assertEquals(Phase.CANCELLED, engine.await("me", id, Duration.ofSeconds(60)).status()));
        }
    }

    @Test
    void quireSqlGetsTheServicesErrorWhileTheLogCannotBeWrittenAndWorksAgainAfter() throws Exception {
        try (LocalFixture local = LocalFixture.start(options()); RedshiftDataClient client = local.client()) {
            try (AutoCloseable full = unwritableLog(dir)) {
                for (int i = 0; i < 5; i++) {
                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> client.execute(StatementRequest.of("select 1")).get(60, TimeUnit.SECONDS));
                    DataApiException e = assertInstanceOf(DataApiException.class, failed.getCause());
                    assertEquals("InternalServerException", e.code());
                    assertEquals(500, e.status());
                }
            }
            String id = client.execute(StatementRequest.of("select 1 as one")).get(60, TimeUnit.SECONDS);
            StatementInfo info = client.describe(id, Duration.ofSeconds(20)).get(60, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(60);
            while (!info.isFinal() && Instant.now().isBefore(deadline)) {
                info = client.describe(id, Duration.ofSeconds(20)).get(60, TimeUnit.SECONDS);
            }
            assertEquals("FINISHED", info.statusName());
            ResultPage page = client.fetch(id, null).get(60, TimeUnit.SECONDS);
            assertEquals(1L, ((Number) page.rows().get(0)[0]).longValue());
        }
    }

    @Test
    void identicalSubmissionsAtOnceRunOnce() throws Exception {
        int tokens = 10;
        int copies = 16;
        try (LocalEngine engine = open(new TestClock(), options())) {
            finished(engine, engine.submit(Submission.of("me", "create table ran(token varchar)")).id());
            ExecutorService threads = Executors.newFixedThreadPool(tokens * copies);
            try {
                CountDownLatch go = new CountDownLatch(1);
                Map<String, List<Future<String>>> ids = new HashMap<>();
                for (int t = 0; t < tokens; t++) {
                    String token = "token-" + t;
                    List<Future<String>> same = new ArrayList<>();
                    for (int c = 0; c < copies; c++) {
                        same.add(threads.submit(() -> {
                            go.await();
                            return engine.submit(request("insert into ran values ('" + token + "')", token, null,
                                    null)).id();
                        }));
                    }
                    ids.put(token, same);
                }
                go.countDown();
                for (Map.Entry<String, List<Future<String>>> token : ids.entrySet()) {
                    Set<String> distinct = ConcurrentHashMap.newKeySet();
                    for (Future<String> id : token.getValue()) {
                        distinct.add(id.get(60, TimeUnit.SECONDS));
                    }
                    assertEquals(1, distinct.size(), token.getKey() + " gave " + distinct);
                    finished(engine, distinct.iterator().next());
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(tokens + 1, engine.statements("me").size());
            assertEquals(tokens, count(engine, "select count(*) from ran"));
            assertEquals(tokens, count(engine, "select count(distinct token) from ran"));
        }
    }

    @Test
    void cancellingAQueuedStatementOfASessionGivesTheSessionBack() throws Exception {
        TestClock clock = new TestClock();
        try (LocalEngine engine = open(clock, options().withWorkers(1))) {
            String session = finished(engine, engine.submit(request("create temp table kept as select 7 as v", null,
                    60, null)).id()).sessionId();
            String slow = engine.submit(Submission.of("me", SLOW)).id();
            awaitRunning(engine, slow);
            String queued = engine.submit(request("select 1", null, null, session)).id();
            assertEquals(Phase.QUEUED, engine.describe("me", queued).status());
            assertTrue(engine.cancel("me", queued));
            engine.cancel("me", slow);
            assertEquals(Phase.CANCELLED, engine.await("me", queued, Duration.ofSeconds(60)).status());
            assertEquals(Phase.CANCELLED, engine.await("me", slow, Duration.ofSeconds(60)).status());

            String again = engine.submit(request("select v from kept", null, null, session)).id();
            assertEquals(1, finished(engine, again).resultRows(), "the session and its temporary table are there");
            clock.advance(Duration.ofSeconds(61));
            engine.expireSessions();
            assertEquals(0, engine.openSessions(), "its connection is closed when the keep-alive runs out");
            assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                    () -> engine.submit(request("select 1", null, null, session))).kind());
        }
    }

    @Test
    void aBatchThatCannotRecordItsCommitRollsBack() throws Exception {
        try (LocalEngine engine = open(new TestClock(), options())) {
            finished(engine, engine.submit(Submission.of("me", "create table t(i int)")).id());
            engine.log().failWhen(s -> s.isBatch() && s.status() == Phase.RUNNING
                    && s.subStatements().stream().allMatch(sub -> sub.status() == Phase.FINISHED));
            String id = engine.submit(batch(Submission.ExecutionMode.TRANSACTION, "insert into t values (1)",
                    "insert into t values (2)")).id();
            StatementSnapshot failed = engine.await("me", id, Duration.ofSeconds(60));
            assertEquals(Phase.FAILED, failed.status());
            assertTrue(failed.error().contains("could not record the batch before committing it"), failed.error());
            assertEquals(0, count(engine, "select count(*) from t"), "rolled back");
        }
    }

    @Test
    void aPieceThatCannotBeRecordedBeforeItRunsDoesNotRun() throws Exception {
        try (LocalEngine engine = open(new TestClock(), options())) {
            finished(engine, engine.submit(Submission.of("me", "create table t(i int)")).id());
            engine.log().failWhen(s -> s.isBatch() && s.subStatements().get(1).status() == Phase.RUNNING);
            String id = engine.submit(batch(Submission.ExecutionMode.AUTO_COMMIT, "insert into t values (1)",
                    "insert into t values (2)", "insert into t values (3)")).id();
            StatementSnapshot failed = engine.await("me", id, Duration.ofSeconds(60));
            engine.log().failWhen(s -> false);
            assertEquals(List.of(Phase.FINISHED, Phase.FAILED, Phase.CANCELLED), phases(failed));
            assertTrue(failed.subStatements().get(1).error().contains("could not record the statement before "
                    + "running it"), failed.subStatements().get(1).error());
            assertEquals(1, count(engine, "select count(*) from t"));
            assertEquals(failed, engine.describe("me", id));
        }
    }

    /** A statement as a crashed run left it in the log: a piece's phase for each sub-statement. */
    private static void recorded(StatementLog log, String id, Submission request, Phase self, Phase... subs) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        StatementState parent = new StatementState(id, String.join(";\n", request.sqls()), at, 1000);
        List<StatementState> pieces = new ArrayList<>();
        for (int i = 0; i < subs.length; i++) {
            StatementState piece = new StatementState(id + ":" + (i + 1), request.sqls().get(i), at, 1001 + i);
            set(piece, subs[i]);
            pieces.add(piece);
        }
        set(parent, self);
        log.save(new LocalStatement(request, parent, pieces, null, true).snapshot(), false);
    }

    private static void set(StatementState state, Phase phase) {
        Instant at = Instant.parse("2026-01-01T00:00:01Z");
        switch (phase) {
            case QUEUED -> { }
            case RUNNING -> state.move(Phase.QUEUED, Phase.RUNNING, at, 1);
            case FINISHED -> state.finishUpdate(at, 2, 1);
            default -> throw new IllegalArgumentException(phase.name());
        }
    }

    @Test
    void afterACrashWhatMayHaveRunIsUnknownAndWhatCommittedStaysFinished() throws Exception {
        StatementLog log = new StatementLog(dir.resolve("statements"));
        Submission.ExecutionMode auto = Submission.ExecutionMode.AUTO_COMMIT;
        Submission.ExecutionMode tx = Submission.ExecutionMode.TRANSACTION;
        String[] three = {"insert into t values (1)", "insert into t values (2)", "insert into t values (3)"};
        Map<String, Submission> requests = Map.of(
                "a0000000-0000-0000-0000-000000000001", Submission.of("me", "insert into t values (1)"),
                "a0000000-0000-0000-0000-000000000002", Submission.of("me", "insert into t values (2)"),
                "a0000000-0000-0000-0000-000000000003", batch(auto, three),
                "a0000000-0000-0000-0000-000000000004", batch(auto, three),
                "a0000000-0000-0000-0000-000000000005", batch(auto, three),
                "a0000000-0000-0000-0000-000000000006", batch(tx, three),
                "a0000000-0000-0000-0000-000000000007", batch(tx, three));
        recorded(log, "a0000000-0000-0000-0000-000000000001", requests.get("a0000000-0000-0000-0000-000000000001"),
                Phase.RUNNING);
        recorded(log, "a0000000-0000-0000-0000-000000000002", requests.get("a0000000-0000-0000-0000-000000000002"),
                Phase.QUEUED);
        recorded(log, "a0000000-0000-0000-0000-000000000003", requests.get("a0000000-0000-0000-0000-000000000003"),
                Phase.RUNNING, Phase.FINISHED, Phase.RUNNING, Phase.QUEUED);
        recorded(log, "a0000000-0000-0000-0000-000000000004", requests.get("a0000000-0000-0000-0000-000000000004"),
                Phase.RUNNING, Phase.FINISHED, Phase.QUEUED, Phase.QUEUED);
        recorded(log, "a0000000-0000-0000-0000-000000000005", requests.get("a0000000-0000-0000-0000-000000000005"),
                Phase.RUNNING, Phase.FINISHED, Phase.FINISHED, Phase.FINISHED);
        recorded(log, "a0000000-0000-0000-0000-000000000006", requests.get("a0000000-0000-0000-0000-000000000006"),
                Phase.RUNNING, Phase.FINISHED, Phase.RUNNING, Phase.QUEUED);
        recorded(log, "a0000000-0000-0000-0000-000000000007", requests.get("a0000000-0000-0000-0000-000000000007"),
                Phase.RUNNING, Phase.FINISHED, Phase.FINISHED, Phase.FINISHED);
        try (LocalEngine engine = open(new TestClock(), options())) {
            StatementSnapshot single = engine.describe("me", "a0000000-0000-0000-0000-000000000001");
            assertEquals(Phase.FAILED, single.status());
            assertTrue(single.error().startsWith("unknown:"), single.error());
            StatementSnapshot neverRan = engine.describe("me", "a0000000-0000-0000-0000-000000000002");
            assertEquals(Phase.CANCELLED, neverRan.status());
            assertEquals(LocalEngine.STOPPED, neverRan.error());

            StatementSnapshot mid = engine.describe("me", "a0000000-0000-0000-0000-000000000003");
            assertEquals(List.of(Phase.FINISHED, Phase.FAILED, Phase.CANCELLED), phases(mid));
            assertTrue(mid.subStatements().get(1).error().startsWith("unknown:"));
            assertEquals(Phase.FAILED, mid.status());
            assertTrue(mid.error().startsWith("unknown:"), mid.error());

            StatementSnapshot between = engine.describe("me", "a0000000-0000-0000-0000-000000000004");
            assertEquals(List.of(Phase.FINISHED, Phase.CANCELLED, Phase.CANCELLED), phases(between));
            assertEquals(Phase.FAILED, between.status(), "a batch with committed work is never ABORTED");
            assertFalse(between.error().startsWith("unknown:"), between.error());

            assertEquals(Phase.FINISHED, engine.describe("me", "a0000000-0000-0000-0000-000000000005").status(),
                    "every piece committed");

            StatementSnapshot rolledBack = engine.describe("me", "a0000000-0000-0000-0000-000000000006");
            assertEquals(Phase.CANCELLED, rolledBack.status(), "a transaction that never reached its commit");
            assertEquals(List.of(Phase.FINISHED, Phase.CANCELLED, Phase.CANCELLED), phases(rolledBack));

            StatementSnapshot committing = engine.describe("me", "a0000000-0000-0000-0000-000000000007");
            assertEquals(Phase.FAILED, committing.status());
            assertTrue(committing.error().startsWith("unknown:"), committing.error());
        }
        // settled once, durably: a second start reads the same
        try (LocalEngine engine = open(new TestClock(), options())) {
            assertTrue(engine.describe("me", "a0000000-0000-0000-0000-000000000001").error().startsWith("unknown:"));
            assertEquals(7, engine.statements("me").size());
        }
    }

    private static List<Phase> phases(StatementSnapshot batch) {
        return batch.subStatements().stream().map(StatementSnapshot::status).toList();
    }

    @Test
    void whatACrashLeftHalfWrittenIsRemovedAtTheNextStart() throws Exception {
        String kept;
        try (LocalEngine engine = open(new TestClock(), options())) {
            kept = finished(engine, engine.submit(Submission.of("me", "select 42")).id()).id();
        }
        Path results = dir.resolve("results");
        Files.writeString(results.resolve("b0000000-0000-0000-0000-000000000001.parquet.partial"), "half");
        Files.writeString(results.resolve(kept + ".parquet.partial"), "half");
        Files.writeString(dir.resolve("statements").resolve(kept + ".json.tmp"), "{\"id\":");
        Files.writeString(dir.resolve("spill").resolve("duckdb_temp_storage-0.tmp"), "spilled");
        try (LocalEngine engine = open(new TestClock(), options())) {
            try (Stream<Path> left = Files.list(results)) {
                assertEquals(List.of(kept + ".parquet"), left.map(p -> p.getFileName().toString()).toList());
            }
            try (Stream<Path> left = Files.list(dir.resolve("statements"))) {
                assertEquals(List.of(kept + ".json"), left.map(p -> p.getFileName().toString()).toList());
            }
            try (Stream<Path> left = Files.list(dir.resolve("spill"))) {
                assertEquals(0, left.count());
            }
            List<Long> answer = new ArrayList<>();
            engine.read("me", kept, 0, 10, rows -> answer.add(rows.getLong(1)));
            assertEquals(List.of(42L), answer);
            assertNotEquals(Phase.QUEUED, engine.describe("me", kept).status());
        }
    }
}
