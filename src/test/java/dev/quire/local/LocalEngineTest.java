package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.StatementStatus;
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
    void sessionEndsWhenItsKeepAliveRunsOut() throws Exception {
        TestClock clock = new TestClock();
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            StatementSnapshot first = engine.submit(inSession("select 1", 60, null));
            engine.await("me", first.id(), Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(59));
            engine.expireSessions();
            StatementSnapshot second = engine.submit(inSession("select 2", null, first.sessionId()));
            assertEquals(StatementStatus.FINISHED, engine.await("me", second.id(), Duration.ofSeconds(30)).status());
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
            assertEquals(StatementStatus.FINISHED, engine.await("me", finished, Duration.ofSeconds(30)).status());
            running = engine.submit(Submission.of("me", "select sum(hash(i)) from range(100000000000) t(i)")).id();
            Instant deadline = Instant.now().plusSeconds(20);
            while (engine.describe("me", running).status() != StatementStatus.STARTED
                    && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
        }
        try (LocalEngine engine = open(clock, Duration.ofHours(24))) {
            StatementSnapshot again = engine.describe("me", finished);
            assertEquals(StatementStatus.FINISHED, again.status());
            ResultPageBytes page = engine.page("me", finished, 0, Submission.ResultFormat.JSON);
            assertEquals("[{\"longValue\":42}]", new String(page.records(), java.nio.charset.StandardCharsets.UTF_8));
            StatementSnapshot interrupted = engine.describe("me", running);
            assertEquals(StatementStatus.ABORTED, interrupted.status());
            assertEquals(LocalEngine.STOPPED, interrupted.error());
            assertEquals(2, engine.statements("me").size());
            Path record = dir.resolve("statements").resolve(finished + ".json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
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
            assertEquals(StatementStatus.FINISHED, engine.describe("me", id).status());
            clock.advance(Duration.ofHours(2));
            engine.purgeExpired();
            assertEquals(EngineException.Kind.NOT_FOUND,
                    assertThrows(EngineException.class, () -> engine.describe("me", id)).kind());
            assertTrue(Files.notExists(dir.resolve("results").resolve(id)));
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
            assertEquals(StatementStatus.ABORTED, engine.await("me", a, Duration.ofSeconds(30)).status());
            assertEquals(StatementStatus.ABORTED, engine.await("me", b, Duration.ofSeconds(30)).status());
            String after = engine.submit(Submission.of("me", "select 1")).id();
            assertEquals(StatementStatus.FINISHED, engine.await("me", after, Duration.ofSeconds(30)).status());
        }
    }

    @Test
    void resultOverTheSizeCapFails() throws Exception {
        LocalEngine.Options options = LocalEngine.Options.defaults(dir).withSampleData(false)
                .withPageBytes(4096).withLimits(10, 64 * 1024);
        try (LocalEngine engine = LocalEngine.open(options, SampleData.Progress.NONE)) {
            String id = engine.submit(Submission.of("me", "select i, repeat('x', 100) from range(10000) t(i)")).id();
            StatementSnapshot failed = engine.await("me", id, Duration.ofSeconds(30));
            assertEquals(StatementStatus.FAILED, failed.status());
            assertTrue(failed.error().contains("maximum result size"), failed.error());
            assertTrue(Files.notExists(dir.resolve("results").resolve(id)), "partial pages are removed");
        }
    }
}
