package dev.quire.ui.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.HistoryEntry;
import dev.quire.model.Page;
import dev.quire.model.StatementRequest;
import dev.quire.model.RunState;
import dev.quire.model.StatementSummary;
import dev.quire.service.ForwardingApi;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import dev.quire.service.history.HistoryRow;
import dev.quire.service.history.HistoryService;
import dev.quire.service.history.HistoryStore;
import dev.quire.ui.common.UiQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history list's model without the toolkit: a queue for the FX thread, a real local server and history file. */
class HistoryModelTest {

    private static final String CONNECTION = "Local test";
    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    @TempDir
    Path dir;
    LocalFixture local;
    DataApi client;
    HistoryService history;
    final UiQueue ui = new UiQueue();
    final AtomicReference<DataApi> api = new AtomicReference<>();
    HistoryModel model;

    @BeforeEach
    void open() throws Exception {
        local = LocalFixture.start(dir.resolve("server"));
        client = local.client();
        api.set(client);
        history = new HistoryService(HistoryStore.open(dir.resolve(HistoryStore.FILE_NAME)));
        model = new HistoryModel(ui, api::get, () -> CONNECTION);
        model.serviceProperty().set(history);
    }

    @AfterEach
    void close() {
        history.close();
        client.close();
        local.close();
    }

    private void save(String connection, String sql, RunState status, int minute) throws Exception {
        Instant at = START.plus(Duration.ofMinutes(minute));
        history.store().save(new HistoryEntry(UUID.randomUUID().toString(), connection, UUID.randomUUID().toString(),
                List.of(sql), null, status, at, at.plusMillis(40), Duration.ofMillis(40), 1,
                status == RunState.FAILED ? "it failed" : null, false));
    }

    private void awaitSummary(String summary) throws InterruptedException {
        ui.runUntil(() -> model.summaryProperty().get().equals(summary),
                () -> "summary '" + summary + "', not '" + model.summaryProperty().get() + "'");
    }

    private List<String> sqls() {
        return model.rows().stream().map(row -> row.entry().sql()).toList();
    }

    @Test
    void showsTheConnectionsRunsNewestFirstTwentyFiveAtATime() throws Exception {
        for (int i = 0; i < 30; i++) {
            save(CONNECTION, "select " + i, RunState.FINISHED, i);
        }
        save("Another connection", "select 'elsewhere'", RunState.FINISHED, 99);
        model.reload();
        assertEquals("Loading…", model.summaryProperty().get());
        awaitSummary("25 of 30");
        assertEquals("select 29", sqls().get(0));
        assertEquals("select 5", sqls().get(24));
        assertTrue(model.hasMore());
        model.loadMore();
        awaitSummary("30 of 30");
        assertEquals("select 0", sqls().get(29));
        assertFalse(model.hasMore());
        assertFalse(sqls().contains("select 'elsewhere'"), "another connection's runs are not listed");
    }

    @Test
    void filtersByTextAndByStatus() throws Exception {
        save(CONNECTION, "select * from taxi.trips", RunState.FINISHED, 1);
        save(CONNECTION, "select * from taxi.zones", RunState.FAILED, 2);
        save(CONNECTION, "select * from tpch.nation", RunState.FAILED, 3);
        model.textProperty().set("taxi");
        awaitSummary("2 of 2");
        assertEquals(List.of("select * from taxi.zones", "select * from taxi.trips"), sqls());
        model.statusProperty().set(RunState.FAILED);
        awaitSummary("1 of 1");
        assertEquals(List.of("select * from taxi.zones"), sqls());
        model.textProperty().set("");
        awaitSummary("2 of 2");
        assertEquals(List.of("select * from tpch.nation", "select * from taxi.zones"), sqls());
    }

    @Test
    void mergesTheStatementsTheServerListsWithThoseRunFromHere() throws Exception {
        try (QueryService queries = new QueryService(local.client())) {
            QueryRun tracked = queries.run(StatementRequest.of("select 'from quire' as origin"));
            history.track(CONNECTION, tracked).get(60, TimeUnit.SECONDS);
            queries.run(StatementRequest.of("select 'from another tool' as origin")).finished()
                    .get(60, TimeUnit.SECONDS);
        }
        model.reload();
        awaitSummary("2 of 2");
        assertEquals(List.of("select 'from another tool' as origin", "select 'from quire' as origin"), sqls());
        assertEquals(List.of(HistoryRow.Source.SERVER, HistoryRow.Source.BOTH),
                model.rows().stream().map(HistoryRow::source).toList());
    }

    @Test
    void showsThisAppsRunsWhenTheServerCannotListItsOwn() throws Exception {
        api.set(new ForwardingApi(client) {
            @Override
            public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
                return CompletableFuture.failedFuture(new DataApiException("AccessDeniedException",
                        "not allowed to list statements", 400, "test"));
            }
        });
        save(CONNECTION, "select 'kept here'", RunState.FINISHED, 1);
        model.reload();
        awaitSummary(HistoryModel.LOCAL_ONLY);
        assertEquals(List.of("select 'kept here'"), sqls());
        assertEquals(HistoryRow.Source.LOCAL, model.rows().get(0).source());
    }

    @Test
    void saysWhyTheHistoryCouldNotBeRead() throws Exception {
        history.close();
        model.reload();
        ui.runUntil(() -> model.summaryProperty().get().startsWith("History could not be read: "),
                () -> model.summaryProperty().get());
        String summary = model.summaryProperty().get();
        assertFalse(summary.contains("Exception:"), "the future's wrapping is not shown: " + summary);
        assertTrue(model.rows().isEmpty());
    }

    @Test
    void aNewerSearchSupersedesTheOneStillLoading() throws Exception {
        save(CONNECTION, "select * from taxi.trips", RunState.FINISHED, 1);
        save(CONNECTION, "select * from tpch.nation", RunState.FINISHED, 2);
        model.textProperty().set("taxi");
        model.textProperty().set("tpch");
        ui.awaitQueued(2);
        ui.runQueued();
        assertEquals(List.of("select * from tpch.nation"), sqls(), "the older search's rows were dropped");
        assertEquals("1 of 1", model.summaryProperty().get());
    }

    @Test
    void withoutABackendNothingLoadsAndWhatWasLoadingIsDropped() throws Exception {
        save(CONNECTION, "select 1", RunState.FINISHED, 1);
        model.reload();
        api.set(null);
        model.reload();
        ui.awaitQueued(1);
        ui.runQueued();
        assertTrue(model.rows().isEmpty(), "the load for the backend that went away is not shown: " + sqls());
        assertEquals("", model.summaryProperty().get(), "no backend, nothing loading");
    }
}
