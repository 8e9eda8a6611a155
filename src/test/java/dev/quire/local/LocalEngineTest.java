package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on its own, with a clock the test moves. */
class LocalEngineTest {

    @TempDir
    Path dir;

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private LocalEngine open(TestClock clock, Duration retention) throws Exception {
        return LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false).withRetention(retention),
                SampleData.Progress.NONE, clock);
    }

    private static Submission inSession(String sql, Integer keepAlive, String sessionId) {
        return new Submission("me", List.of(sql), false, List.of(), null, null, null, null, keepAlive, sessionId,
                null);
    }

    @Test
    void connectionsStreamResultsThroughASmallBuffer() throws Exception {
        try (LocalEngine engine = open(new TestClock(), Duration.ofHours(24));
             java.sql.Connection connection = engine.connect();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet setting = statement.executeQuery("SELECT current_setting('streaming_buffer_size')")) {
            setting.next();
            assertEquals("976.5 KiB", setting.getString(1), "a first page does not wait for 10 MiB of rows");
        }
    }

    @Test
    void sessionEndsWhenItsKeepAliveRunsOut() throws Exception {
        TestClock clock = new TestClock();
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            StatementSnapshot first = engine.submit(inSession("select 1", 60, null));
            engine.await("me", first.id(), Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(59));
            engine.expireSessions();
            StatementSnapshot second = engine.submit(inSession("select 2", null, first.sessionId()));
            assertEquals(Phase.FINISHED, engine.await("me", second.id(), Duration.ofSeconds(30)).status());
            clock.advance(Duration.ofSeconds(61));
            engine.expireSessions();
            EngineException gone = assertThrows(EngineException.class,
                    () -> engine.submit(inSession("select 3", null, first.sessionId())));
            assertEquals(EngineException.Kind.NOT_FOUND, gone.kind());
        }
    }

    @Test
    void statementsAndResultsSurviveARestart() throws Exception {
        TestClock clock = new TestClock();
        String finished;
        String running;
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            finished = engine.submit(Submission.of("me", "select 42 as answer")).id();
            assertEquals(Phase.FINISHED, engine.await("me", finished, Duration.ofSeconds(30)).status());
            running = engine.submit(Submission.of("me", "select sum(hash(i)) from range(100000000000) t(i)")).id();
            Instant deadline = Instant.now().plusSeconds(20);
            while (engine.describe("me", running).status() != Phase.RUNNING
                    && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
        }
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            StatementSnapshot again = engine.describe("me", finished);
            assertEquals(Phase.FINISHED, again.status());
            List<Long> answers = new java.util.ArrayList<>();
            engine.read("me", finished, 0, 10, rows -> answers.add(rows.getLong(1)));
            assertEquals(List.of(42L), answers);
            StatementSnapshot interrupted = engine.describe("me", running);
            assertEquals(Phase.CANCELLED, interrupted.status());
            assertEquals(LocalEngine.STOPPED, interrupted.error());
            assertEquals(2, engine.statements("me").size());
            Path record = dir.resolve("statements").resolve(finished + ".json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
    }

    @Test
    void recordsWrittenBeforeResultsWereStoredOnceAreReadBack() throws Exception {
        String id = "0b5c3c43-0c1c-4b44-9e1d-7a3f6c1c2d01";
        Files.createDirectories(dir.resolve("statements"));
        // a record as the engine wrote it when it kept Redshift pages: Redshift's state names and column shapes
        Files.writeString(dir.resolve("statements").resolve(id + ".json"), "{\"id\":\"" + id + "\",\"owner\":\"me\","
                + "\"sqls\":[\"select 42 as answer\"],\"batch\":false,\"parameters\":[],\"statementName\":null,"
                + "\"clientToken\":null,\"resultFormat\":\"JSON\",\"executionMode\":\"TRANSACTION\","
                + "\"requestedSessionId\":null,\"database\":\"dev\",\"workgroupName\":\"local\","
                + "\"clusterIdentifier\":null,\"dbUser\":null,\"secretArn\":null,\"sql\":\"select 42 as answer\","
                + "\"status\":\"FINISHED\",\"error\":null,\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2026-01-01T00:00:01Z\",\"durationNanos\":1000,\"resultRows\":1,\"resultSize\":20,"
                + "\"hasResultSet\":true,\"pageCount\":1,\"sessionId\":null,\"queryId\":100001,\"columns\":[{"
                + "\"isCaseSensitive\":false,\"isCurrency\":false,\"isSigned\":true,\"label\":\"answer\","
                + "\"length\":0,\"name\":\"answer\",\"nullable\":1,\"precision\":10,\"scale\":0,"
                + "\"schemaName\":\"\",\"tableName\":\"\",\"typeName\":\"int4\"}],\"subStatements\":[]}");
        Files.createDirectories(dir.resolve("results").resolve(id));
        Files.write(dir.resolve("results").resolve(id).resolve("0.page"), "[{\"longValue\":42}]".getBytes());
        try (LocalEngine engine = open(new TestClock(), Duration.ofHours(24))) {
            StatementSnapshot old = engine.describe("me", id);
            assertEquals(Phase.FINISHED, old.status());
            assertEquals(1, old.resultRows());
            assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                    () -> engine.read("me", id, 0, 10, rows -> true)).kind());
            assertTrue(Files.notExists(dir.resolve("results").resolve(id)), "pages of the old kind are removed");
            String fresh = engine.submit(Submission.of("me", "select 1")).id();
            assertEquals(Phase.FINISHED, engine.await("me", fresh, Duration.ofSeconds(30)).status());
        }
    }

    @Test
    void statementsArePurgedAfterTheRetentionPeriod() throws Exception {
        TestClock clock = new TestClock();
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            String id = engine.submit(Submission.of("me", "select 1")).id();
            engine.await("me", id, Duration.ofSeconds(30));
            clock.advance(Duration.ofHours(23));
            engine.purgeExpired();
            assertEquals(Phase.FINISHED, engine.describe("me", id).status());
            clock.advance(Duration.ofHours(2));
            engine.purgeExpired();
            assertEquals(EngineException.Kind.NOT_FOUND,
                    assertThrows(EngineException.class, () -> engine.describe("me", id)).kind());
            assertTrue(Files.notExists(dir.resolve("results").resolve(id + ".parquet")));
            assertTrue(Files.exists(dir.resolve("results")));
        }
    }

    @Test
    void eachCallerSeesOnlyItsOwnStatements() throws Exception {
        try (LocalEngine engine = open(new TestClock(), Duration.ofHours(24))) {
            String mine = engine.submit(Submission.of("me", "select 1")).id();
            engine.await("me", mine, Duration.ofSeconds(30));
            assertEquals(EngineException.Kind.NOT_FOUND,
                    assertThrows(EngineException.class, () -> engine.describe("you", mine)).kind());
            assertEquals(EngineException.Kind.NOT_FOUND,
                    assertThrows(EngineException.class, () -> engine.cancel("you", mine)).kind());
            assertEquals(0, engine.statements("you").size());
            assertEquals(1, engine.statements("me").size());
        }
    }

    @Test
    void tooManyActiveStatementsAreRefused() throws Exception {
        LocalEngine.Options options = LocalEngine.Options.defaults(dir).withSampleData(false).withLimits(2, 1 << 20);
        try (LocalEngine engine = LocalEngine.open(options, SampleData.Progress.NONE)) {
            String slow = "select sum(hash(i)) from range(100000000000) t(i)";
            String a = engine.submit(Submission.of("me", slow)).id();
            String b = engine.submit(Submission.of("me", slow)).id();
            EngineException refused = assertThrows(EngineException.class,
                    () -> engine.submit(Submission.of("me", slow)));
            assertEquals(EngineException.Kind.ACTIVE_STATEMENTS_EXCEEDED, refused.kind());
            engine.cancel("me", a);
            engine.cancel("me", b);
            assertEquals(Phase.CANCELLED, engine.await("me", a, Duration.ofSeconds(30)).status());
            assertEquals(Phase.CANCELLED, engine.await("me", b, Duration.ofSeconds(30)).status());
            String after = engine.submit(Submission.of("me", "select 1")).id();
            assertEquals(Phase.FINISHED, engine.await("me", after, Duration.ofSeconds(30)).status());
        }
    }

    @Test
    void resultOverTheSizeCapFails() throws Exception {
        LocalEngine.Options options = LocalEngine.Options.defaults(dir).withSampleData(false)
                .withPageBytes(4096).withLimits(10, 64 * 1024);
        try (LocalEngine engine = LocalEngine.open(options, SampleData.Progress.NONE)) {
            String id = engine.submit(Submission.of("me", "select i, repeat('x', 100) from range(10000) t(i)")).id();
            StatementSnapshot failed = engine.await("me", id, Duration.ofSeconds(30));
            assertEquals(Phase.FAILED, failed.status());
            assertTrue(failed.error().contains("maximum result size"), failed.error());
            try (var left = Files.list(dir.resolve("results"))) {
                assertEquals(List.of(), left.toList(), "a partial result is removed");
            }
        }
    }
}
