package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query runs against the real local server: long polls, their fallback, scripts as batches. */
class QueryServiceTest {

    @TempDir
    static Path dir;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void longPollsFollowARunningStatementInAFewCalls() throws Exception {
        ForwardingApi api = new ForwardingApi(local.client());
        try (QueryService service = new QueryService(api)) {
            QueryRun run = service.run(dev.quire.model.StatementRequest.of(
                    "select sum(hash(i)) from range(100000000000) t(i)"));
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            while (api.count("longPoll") == 0 && java.time.Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            assertTrue(api.count("longPoll") >= 1, "the server holds a describe");
            run.cancel();
            StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.CANCELLED, info.status());
            assertTrue(api.count("describe") + api.count("longPoll") <= 4,
                    "the held describe ends with the cancel, no busy loop: " + api.calls);
        }
    }

    @Test
    void fallsBackToShortPollsWhenTheServerRefusesToWait() throws Exception {
        ForwardingApi api = new ForwardingApi(local.client()) {
            @Override
            public CompletableFuture<StatementInfo> describe(String id, Duration wait) {
                if (!wait.isZero()) {
                    note("refused");
                    return CompletableFuture.failedFuture(new DataApiException(
                            QueryRun.TOO_MANY_WAITING, "too many waiting", 400, "test"));
                }
                return super.describe(id, wait);
            }
        };
        try (QueryService service = new QueryService(api)) {
            QueryRun run = service.run(dev.quire.model.StatementRequest.of(
                    "select sum(hash(i)) from range(100000000000) t(i)"));
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            while (api.count("describe") < 3 && java.time.Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            run.cancel();
            assertEquals(RunState.CANCELLED, run.finished().get(60, TimeUnit.SECONDS).status());
            assertEquals(1, api.count("refused"), "one refusal switches the run to short polls");
            assertTrue(api.count("describe") >= 3, "short polls follow: " + api.calls);
        }
    }

    @Test
    void scriptRunsAsOneBatchWithAResultPerStatement() throws Exception {
        try (QueryService service = new QueryService(local.client())) {
            QueryRun run = service.runScript("create table script_t as select 1 as x;\n"
                    + "select x + 1 as y from script_t; -- a comment; with a semicolon\nselect 'z' as z;");
            StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FINISHED, info.status(), info.error());
            assertEquals(3, info.subStatements().size());
            assertEquals(List.of(info.id() + ":2", info.id() + ":3"),
                    info.resultSets().stream().map(StatementInfo::id).toList());
            assertEquals(2L, run.firstPage().get(30, TimeUnit.SECONDS).rows().get(0)[0]);
            assertThrows(IllegalArgumentException.class, () -> service.runScript("-- nothing\n;"));
            assertThrows(IllegalArgumentException.class, () -> service.runScript("select 1;".repeat(41)));
        }
    }

    @Test
    void withoutBatchesAScriptRunsStatementByStatement() throws Exception {
        NoBatchApi api = new NoBatchApi(local.client());
        try (QueryService service = new QueryService(api)) {
            assertFalse(service.scriptIsOneTransaction());
            QueryRun run = service.runScript("create table one_by_one as select 1 as x;\n"
                    + "select x + 1 as y from one_by_one;\nselect 'z' as z;");
            assertTrue(run.oneByOne());
            StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FINISHED, info.status(), info.error());
            assertEquals(List.of(List.of("create table one_by_one as select 1 as x"),
                    List.of("select x + 1 as y from one_by_one"), List.of("select 'z' as z")), api.submitted(),
                    "each statement on its own, in order");
            assertEquals(3, info.subStatements().size());
            assertEquals(info.subStatements().get(0).id(), info.id(), "the run is known by its first statement");
            assertEquals(List.of(info.subStatements().get(1).id(), info.subStatements().get(2).id()),
                    info.resultSets().stream().map(StatementInfo::id).toList());
            assertEquals(2L, run.firstPage().get(30, TimeUnit.SECONDS).rows().get(0)[0]);
            assertEquals(info.id(), run.id().get(30, TimeUnit.SECONDS));
            QueryRun many = service.runScript("select 1;".repeat(41));
            assertEquals(RunState.FINISHED, many.finished().get(60, TimeUnit.SECONDS).status(),
                    "no batch, so no batch limit");
        }
    }

    @Test
    void withoutBatchesAStatementThatFailsStopsTheScript() throws Exception {
        NoBatchApi api = new NoBatchApi(local.client());
        try (QueryService service = new QueryService(api)) {
            QueryRun run = service.runScript("select 1 as a;\nselect * from no_such_table;\nselect 3 as c;");
            StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, info.status());
            assertEquals("FAILED", info.statusName());
            assertTrue(info.error().startsWith("Statement 2 of 3: "), info.error());
            assertTrue(info.error().contains("no_such_table"), info.error());
            assertEquals(2, api.submitted().size(), "the third statement is not run");
            assertEquals(2, info.subStatements().size());
        }
    }

    @Test
    void withoutBatchesCancelStopsTheStatementRunningAndTheRest() throws Exception {
        NoBatchApi api = new NoBatchApi(local.client());
        try (QueryService service = new QueryService(api)) {
            QueryRun run = service.runScript("select sum(hash(i)) from range(100000000000) t(i);\nselect 2 as b;");
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
            while ((run.latest() == null || run.latest().status() != RunState.RUNNING)
                    && java.time.Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            assertEquals("STARTED", run.latest().statusName(), "the backend's own name for running");
            run.cancel();
            StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.CANCELLED, info.status());
            assertEquals("ABORTED", info.statusName());
            assertEquals(1, api.submitted().size(), "the second statement is not run");
        }
    }

    @Test
    void failedSubmissionFailsTheRunWithTheServersError() throws Exception {
        try (QueryService service = new QueryService(local.client())) {
            QueryRun run = service.run(dev.quire.model.StatementRequest.of("select '" + "x".repeat(110_000) + "'"));
            var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> run.finished().get(30, TimeUnit.SECONDS));
            DataApiException error = (DataApiException) failure.getCause();
            assertEquals("ValidationException", error.code());
        }
    }
}
