package dev.quire.service.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording runs and merging the local history with the real local server's ListStatements. */
class HistoryServiceTest {

    private static final String CONNECTION = "Local engine";

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService queries;
    /** Another tool on the same server: its statements are not in Quire's history. */
    static RedshiftDataClient otherTool;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(dir.resolve("server"));
        queries = new QueryService(local.client());
        otherTool = local.client();
    }

    @AfterAll
    static void stop() {
        otherTool.close();
        queries.close();
        local.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static HistoryService open(String name) throws Exception {
        return new HistoryService(HistoryStore.open(dir.resolve(name).resolve(HistoryStore.FILE_NAME)));
    }

    /** Waits until the store holds an entry that passes the test. */
    private static HistoryEntry awaitEntry(HistoryStore store, Predicate<HistoryEntry> test) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (HistoryEntry e : store.search(HistoryQuery.all()).items()) {
                if (test.test(e)) {
                    return e;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no such entry in time: " + store.search(HistoryQuery.all()).items());
    }

    @Test
    void recordsARunWhenSubmittedAndUpdatesTheSameEntryAtItsEnd() throws Exception {
        try (HistoryService history = open("track")) {
            QueryRun run = queries.run(new StatementRequest(List.of("select 42 as answer"), Map.of(), "answer", null));
            HistoryEntry entry = await(history.track(CONNECTION, run));
            StatementInfo info = await(run.finished());
            assertEquals(RunState.FINISHED, entry.status());
            assertEquals(info.id(), entry.statementId());
            assertEquals(List.of("select 42 as answer"), entry.sqls());
            assertEquals("answer", entry.statementName());
            assertEquals(CONNECTION, entry.connection());
            assertEquals(1, entry.resultRows());
            assertNotNull(entry.endedAt());
            assertTrue(!entry.duration().isNegative());
            assertNull(entry.error());
            assertEquals(List.of(entry), await(history.search(HistoryQuery.all())).items());

            HistoryEntry failed = await(history.track(CONNECTION, queries.run(StatementRequest.of(
                    "select * from no_such_table"))));
            assertEquals(RunState.FAILED, failed.status());
            assertTrue(failed.error().contains("no_such_table"), failed.error());

            HistoryEntry batch = await(history.track(CONNECTION, queries.run(new StatementRequest(
                    List.of("select 1", "select 2"), Map.of(), null, null))));
            assertTrue(batch.batch());
            assertEquals(List.of("select 1", "select 2"), batch.sqls());
            assertEquals(RunState.FINISHED, batch.status());
            assertTrue(!batch.statementId().contains(":"), "a batch is recorded under its parent id");

            assertEquals(3, history.store().size());
            assertEquals(List.of(failed), await(history.search(HistoryQuery.of("NO_SUCH")
                    .withStatuses(RunState.FAILED))).items());
        }
    }

    @Test
    void aRunningStatementIsOnDiskBeforeItEnds() throws Exception {
        try (HistoryService history = open("running");
             HistoryStore reader = HistoryStore.open(dir.resolve("running").resolve(HistoryStore.FILE_NAME))) {
            QueryRun run = queries.run(StatementRequest.of("select sum(hash(i)) from range(100000000000) t(i)"));
            CompletableFuture<HistoryEntry> tracked = history.track(CONNECTION, run);
            String id = await(run.id());
            HistoryEntry running = awaitEntry(reader, e -> id.equals(e.statementId()));
            assertEquals(RunState.QUEUED, running.status());
            assertNull(running.endedAt());
            run.cancel();
            HistoryEntry ended = await(tracked);
            assertEquals(RunState.CANCELLED, ended.status());
            assertEquals(running.id(), ended.id());
            assertEquals(List.of(ended), reader.search(HistoryQuery.all()).items());
        }
    }

    @Test
    void aSubmissionTheServerRefusesIsRecordedAsFailed() throws Exception {
        try (HistoryService history = open("refused")) {
            HistoryEntry entry = await(history.track(CONNECTION, queries.run(StatementRequest.of(
                    "select '" + "x".repeat(110 * 1024) + "'"))));
            assertEquals(RunState.FAILED, entry.status());
            assertNull(entry.statementId());
            assertNotNull(entry.error());
        }
    }

    @Test
    void mergesTheServersStatementsWithTheLocalHistory() throws Exception {
        try (HistoryService history = open("merge")) {
            HistoryEntry tracked = await(history.track(CONNECTION, queries.run(StatementRequest.of(
                    "select 'tracked' as merge_marker"))));

            // run from another tool: more than one ListStatements page (100)
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 105; i++) {
                others.add(await(otherTool.execute(StatementRequest.of("select " + i + " as merge_other"))));
            }
            // a run whose end Quire never saw (the app closed while it ran)
            String crashedId = await(otherTool.execute(StatementRequest.of("select 'crashed' as merge_marker")));
            awaitFinal(crashedId);
            HistoryEntry crashed = history.store().save(HistoryEntry.submitted(CONNECTION,
                    StatementRequest.of("select 'crashed' as merge_marker"), Instant.now())
                    .withStatementId(crashedId));
            // older than the server keeps, and another connection's
            HistoryEntry old = history.store().save(Entries.finished(CONNECTION, "select 'old' as merge_marker", 0));
            history.store().save(Entries.finished("Prod", "select 'prod' as merge_marker", 0));

            HistoryQuery all = HistoryQuery.all().withConnection(CONNECTION).page(0, 10_000);
            HistoryPage<HistoryRow> merged = await(history.history(otherTool, all));
            List<HistoryRow> rows = merged.items();
            assertEquals(rows.size(), merged.total());
            List<String> ids = rows.stream().map(r -> r.entry().statementId()).filter(i -> i != null).toList();
            assertEquals(ids.size(), ids.stream().distinct().count(), "one row per statement id");
            assertTrue(rows.stream().noneMatch(r -> r.entry().connection().equals("Prod")));

            HistoryRow trackedRow = row(rows, tracked.statementId());
            assertEquals(HistoryRow.Source.BOTH, trackedRow.source());
            assertEquals(tracked, trackedRow.entry());

            HistoryRow crashedRow = row(rows, crashedId);
            assertEquals(HistoryRow.Source.BOTH, crashedRow.source());
            assertEquals(RunState.FINISHED, crashedRow.entry().status(), "the server's later status wins");
            assertEquals(crashed.id(), crashedRow.entry().id());
            assertNotNull(crashedRow.entry().endedAt());

            for (String id : others) {
                HistoryRow other = row(rows, id);
                assertEquals(HistoryRow.Source.SERVER, other.source());
                assertNull(other.entry().id());
                assertEquals(CONNECTION, other.entry().connection());
                assertTrue(other.entry().sql().endsWith("as merge_other"));
            }
            HistoryRow oldRow = rows.get(rows.size() - 1);
            assertEquals(old, oldRow.entry());
            assertEquals(HistoryRow.Source.LOCAL, oldRow.source());
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(!rows.get(i).entry().submittedAt().isAfter(rows.get(i - 1).entry().submittedAt()),
                        "newest first");
            }

            HistoryPage<HistoryRow> markers = await(history.history(otherTool,
                    HistoryQuery.of("MERGE_MARKER").withConnection(CONNECTION)));
            assertEquals(List.of(crashed.id(), tracked.id(), old.id()),
                    markers.items().stream().map(r -> r.entry().id()).toList());
            HistoryPage<HistoryRow> page = await(history.history(otherTool,
                    HistoryQuery.of("merge_other").withConnection(CONNECTION).page(100, 25)));
            assertEquals(105, page.total());
            assertEquals(5, page.items().size());
        }
    }

    @Test
    void pruneRunsInTheBackground() throws Exception {
        try (HistoryService history = open("prune")) {
            history.store().save(Entries.finished(CONNECTION, "select 'old'", 0));
            HistoryEntry recent = history.store().save(Entries.finished(CONNECTION, "select 'recent'", 60 * 24 * 30));
            assertEquals(1, await(history.prune(Entries.START.plus(Duration.ofDays(1)))));
            assertEquals(List.of(recent), await(history.search(HistoryQuery.all())).items());
        }
    }

    private static HistoryRow row(List<HistoryRow> rows, String statementId) {
        return rows.stream().filter(r -> statementId.equals(r.entry().statementId())).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + statementId));
    }

    private static void awaitFinal(String id) throws Exception {
        StatementInfo info = await(otherTool.describe(id, Duration.ofSeconds(20)));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!info.isFinal() && Instant.now().isBefore(deadline)) {
            info = await(otherTool.describe(id, Duration.ofSeconds(5)));
        }
        assertEquals(RunState.FINISHED, info.status());
    }
}
