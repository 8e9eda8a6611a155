package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Connections;
import dev.quire.model.ConnectionProfile;
import dev.quire.service.ConnectionManager;
import dev.quire.service.ProfileStore;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import dev.quire.service.history.HistoryService;
import dev.quire.service.history.HistoryStore;
import dev.quire.ui.common.StepClock;
import dev.quire.ui.common.StepTicker;
import dev.quire.ui.common.UiQueue;
import dev.quire.ui.results.ShownResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's model without the toolkit: a queue stands in for the FX thread, a step clock and
 * ticker for time, and statements run on a real local server and DuckDB.
 */
class WorkbenchModelTest {

    private static final String LONG_QUERY = "select sum(hash(i)) from range(100000000000) t(i)";
    private static final String SECONDS = "\\d+\\.\\d\\d s";

    @TempDir
    static Path dir;
    static LocalBackend backend;

    final UiQueue ui = new UiQueue();
    final StepClock clock = new StepClock(Instant.parse("2026-01-05T09:30:00Z"));
    final StepTicker ticker = new StepTicker();
    WorkbenchModel model;

    @BeforeAll
    static void startServer() throws Exception {
        backend = LocalBackend.start(dir);
    }

    @AfterAll
    static void stopServer() {
        backend.close();
    }

    @BeforeEach
    void connect() {
        model = new WorkbenchModel(ui, clock, ticker);
        model.connected(backend.service(), "test server", backend.store());
    }

    @AfterEach
    void cancelWhatRuns() throws InterruptedException {
        if (model.runningProperty().get()) {
            model.cancel();
            awaitIdle();
        }
    }

    private void awaitIdle() throws InterruptedException {
        ui.runUntil(() -> !model.runningProperty().get(), () -> "the run to end; status " + status());
    }

    private String status() {
        return model.statusProperty().get();
    }

    private String lastMessage() {
        return model.messages().get(model.messages().size() - 1);
    }

    private static List<Object> column(ResultCursor cursor) throws Exception {
        List<Object> values = new ArrayList<>();
        for (Object[] row : cursor.rows(0, (int) cursor.totalRows()).get(60, TimeUnit.SECONDS)) {
            values.add(row[0]);
        }
        return values;
    }

    @Test
    void startsReadyAndConnected() {
        assertEquals("Ready · test server", status());
        assertEquals(List.of("09:30:00  Connected to test server."), model.messages());
        assertNotNull(model.catalogProperty().get());
        assertTrue(model.canRunProperty().get());
    }

    @Test
    void runsAStatementAndShowsItsRowsStatusAndMessage() throws Exception {
        String sql = "select 1 as n union all select 2 union all select 3 order by n";
        model.run(sql);
        assertTrue(model.runningProperty().get());
        assertFalse(model.canRunProperty().get(), "one run at a time");
        assertEquals("Submitted", status());
        assertTrue(ticker.ticking());
        assertEquals(Duration.ofMillis(100), ticker.period());
        awaitIdle();
        assertTrue(status().matches("Finished in " + SECONDS + " · 3 rows"), status());
        assertEquals("3 rows", model.rowsTextProperty().get());
        assertNull(model.errorProperty().get());
        assertEquals(1, model.results().size());
        ShownResult set = model.results().get(0);
        assertEquals(sql, set.title());
        assertEquals(List.of(1, 2, 3), column(set.cursor()).stream().map(v -> ((Number) v).intValue()).toList());
        assertTrue(lastMessage().matches("09:30:00  Finished in " + SECONDS + " · 3 rows · " + java.util.regex.Pattern
                .quote(sql)), lastMessage());
        assertFalse(ticker.ticking(), "the running clock stops with the run");
        assertTrue(model.canRunProperty().get());
    }

    @Test
    void aNewRunClosesTheResultShownBefore() throws Exception {
        model.run("select 'first' as v");
        awaitIdle();
        ResultCursor first = model.results().get(0).cursor();
        model.run("select 'second' as v");
        assertTrue(model.results().isEmpty(), "the old result goes as the run starts");
        assertEquals(ResultCursor.State.CLOSED, first.state());
        awaitIdle();
        assertEquals(List.of("second"), column(model.results().get(0).cursor()));
    }

    @Test
    void aStatementTheServerRejectsShowsItsErrorInTheErrorLineAndTheMessages() throws Exception {
        model.run("select * from no_such_table");
        awaitIdle();
        assertTrue(status().matches("Failed in " + SECONDS), status());
        String error = model.errorProperty().get();
        assertNotNull(error);
        assertTrue(error.contains("no_such_table"), error);
        assertTrue(model.hasErrorProperty().get());
        assertTrue(model.results().isEmpty());
        assertTrue(lastMessage().endsWith("select * from no_such_table\n    " + error), lastMessage());
        model.run("select 1");
        assertNull(model.errorProperty().get(), "a new run clears the error line");
        awaitIdle();
    }

    @Test
    void aSubmissionThatFailsShowsTheBackendsOwnMessage() throws Exception {
        model.run("select '" + "x".repeat(110_000) + "'");
        awaitIdle();
        assertEquals("Failed", status());
        String error = model.errorProperty().get();
        assertNotNull(error);
        assertFalse(error.contains("Exception:"), "the future's wrapping is not shown: " + error);
        assertTrue(lastMessage().startsWith("09:30:00  Failed · select 'xxx"), lastMessage());
    }

    @Test
    void aScriptRunsAsOneBatchWithATabPerResultAndRowsAffectedWithout() throws Exception {
        model.runScript("create table script_rows as select 1 as x;\nselect x + 1 as y from script_rows;\n"
                + "select 'z' as z;");
        awaitIdle();
        assertTrue(status().startsWith("Finished in "), status());
        assertEquals(List.of("select x + 1 as y from script_rows", "select 'z' as z"),
                model.results().stream().map(ShownResult::title).toList());
        assertEquals(List.of(2), column(model.results().get(0).cursor()).stream()
                .map(v -> ((Number) v).intValue()).toList());
        model.run("insert into script_rows values (2), (3)");
        awaitIdle();
        assertEquals("2 rows affected", model.rowsTextProperty().get());
        assertTrue(model.results().isEmpty());
    }

    @Test
    void aScriptWithNoStatementIsRefusedWithAReason() {
        model.runScript("-- nothing here\n;");
        assertEquals("The script has no statement to run.", model.errorProperty().get());
        assertEquals("09:30:00  The script has no statement to run.", lastMessage());
        assertFalse(model.runningProperty().get());
    }

    @Test
    void theStatusLineCountsTheRunningTimeByTheClockAndCancelEndsTheRunAborted() throws Exception {
        model.run(LONG_QUERY);
        clock.advance(Duration.ofMillis(1500));
        ticker.tick();
        assertTrue(status().matches("(Submitted|Picked|Running) · 1\\.50 s"), status());
        ui.runUntil(() -> status().startsWith("Running"), () -> "the statement to start; status " + status());
        clock.advance(Duration.ofMillis(750));
        ticker.tick();
        assertEquals("Running · 2.25 s", status());
        model.run("select 'not now'");
        assertEquals("Running · 2.25 s", status(), "no second run while one runs");
        model.cancel();
        assertEquals("Cancelling…", status());
        awaitIdle();
        assertTrue(status().startsWith("Cancelled in "), status());
        assertTrue(lastMessage().startsWith("09:30:02  Cancelled in "), lastMessage());
        assertTrue(lastMessage().contains(LONG_QUERY), lastMessage());
        String ended = status();
        clock.advance(Duration.ofSeconds(5));
        ticker.tick();
        assertEquals(ended, status(), "an ended run's time stands still");
        assertTrue(model.canRunProperty().get());
    }

    @Test
    void aResultFromTheHistoryIsShownAgainOrSaysWhyNot() throws Exception {
        model.run("select 'again' as v");
        awaitIdle();
        String id = model.results().get(0).statementId();
        ResultCursor shown = model.results().get(0).cursor();
        model.showResult(id);
        ui.runUntil(() -> model.statusProperty().get().equals("Result of statement " + id + ", from the history"),
                this::status);
        assertEquals("statement " + id, model.results().get(0).title());
        assertEquals(List.of("again"), column(model.results().get(0).cursor()));
        assertEquals("1 row", model.rowsTextProperty().get());
        assertEquals(ResultCursor.State.CLOSED, shown.state(), "the result shown before is closed");

        model.showResult("00000000-0000-0000-0000-000000000001");
        ui.runUntil(() -> model.errorProperty().get() != null, this::status);
        assertTrue(model.errorProperty().get().startsWith(
                "The result of 00000000-0000-0000-0000-000000000001 is no longer available: "),
                model.errorProperty().get());
        assertEquals("statement " + id, model.results().get(0).title(), "the result shown stays");
    }

    @Test
    void aResultFromTheHistoryThatArrivesAfterANewRunStartedIsDropped() throws Exception {
        model.run("select 'old' as v");
        awaitIdle();
        String id = model.results().get(0).statementId();
        List<String> titles = new ArrayList<>();
        model.results().addListener((ListChangeListener<ShownResult>) change ->
                model.results().forEach(set -> titles.add(set.title())));
        model.showResult(id);
        ui.awaitQueued(1);
        model.run("select 'new' as v");
        awaitIdle();
        assertEquals(List.of("select 'new' as v"), titles, "the history's result never showed");
        assertTrue(status().startsWith("Finished"), status());
    }

    @Test
    void aResultThatCannotBeReadSaysSo() throws Exception {
        SpillStore closed = SpillStore.open(SpillStore.Options.defaults(dir.resolve("closed-cache")));
        closed.close();
        model.connected(backend.service(), "test server", closed);
        model.run("select 1 as n");
        awaitIdle();
        assertEquals("Finished, but the result could not be read", status());
        assertEquals("the spill store is closed", model.errorProperty().get());
        assertTrue(model.results().isEmpty());
    }

    @Test
    void opensTheLastUsedConnectionAndOnlyTheLatestChosenOne() throws Exception {
        var local = backend.local();
        try (ConnectionManager manager = new ConnectionManager(ProfileStore.open(dir.resolve("connections.json")),
                new Connections.LocalEndpoint(local.endpoint(), local.region(), local.credentials(),
                        local.dremioToken()));
             HistoryService history = new HistoryService(HistoryStore.open(dir.resolve("history.jsonl")))) {
            WorkbenchModel fresh = new WorkbenchModel(ui, clock, ticker);
            fresh.useConnections(manager, history, backend.store());
            ui.runUntil(() -> fresh.statusProperty().get().equals("Ready · " + ConnectionProfile.LOCAL_NAME),
                    () -> fresh.statusProperty().get());
            assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                    ConnectionProfile.LOCAL_DREMIO_NAME), fresh.connections().stream()
                    .map(ConnectionProfile::name).toList());
            assertEquals("09:30:00  Connected to " + ConnectionProfile.LOCAL_NAME + ".", fresh.messages().get(0));
            ui.runUntil(() -> fresh.history().summaryProperty().get().matches("\\d+ of \\d+"),
                    () -> "the history to load: " + fresh.history().summaryProperty().get());

            fresh.useDatabase("elsewhere");
            assertEquals("Connecting to " + ConnectionProfile.LOCAL_NAME + "…", fresh.statusProperty().get());
            assertFalse(fresh.canRunProperty().get(), "nothing runs while connecting");
            fresh.useDatabase("dev");
            ui.awaitQueued(2);
            ui.runQueued();
            assertEquals("Ready · " + ConnectionProfile.LOCAL_NAME, fresh.statusProperty().get());
            assertEquals("dev", fresh.connectionProperty().get().database());
            assertEquals(2, fresh.messages().size(),
                    "the connection left behind is neither announced nor reported: " + fresh.messages());
            assertTrue(fresh.canRunProperty().get());
        }
    }

    @Test
    void tabsRunSideBySideWithTheirOwnResultsAndALongRunEndingInAnotherTabIsTold() throws Exception {
        Console first = model.console();
        model.run(LONG_QUERY);
        ui.runUntil(() -> status().startsWith("Running"), () -> "the statement to start; status " + status());
        Console second = model.newConsole();
        model.use(second);
        assertEquals("Ready · test server", status(), "the second tab is on the first one's backend");
        assertTrue(model.canRunProperty().get(), "the second tab runs while the first does");
        model.run("select 'second' as v");
        awaitIdle();
        assertEquals(List.of("second"), column(model.results().get(0).cursor()));
        assertTrue(first.runningProperty().get(), "the first tab still runs");
        assertTrue(first.results().isEmpty());
        assertTrue(ticker.ticking(), "the clock ticks while any tab runs");
        assertNull(model.lastNoticeProperty().get(), "a run that ends in sight is not told");

        clock.advance(Duration.ofSeconds(6));
        ticker.tick();
        assertTrue(first.statusProperty().get().matches("Running · 6\\.\\d\\d s"), first.statusProperty().get());
        first.cancel();
        ui.runUntil(() -> !first.runningProperty().get(), () -> first.statusProperty().get());
        assertFalse(ticker.ticking());
        assertTrue(model.lastNoticeProperty().get().startsWith("Cancelled in "), model.lastNoticeProperty().get());
        assertTrue(model.lastNoticeProperty().get().endsWith(LONG_QUERY), model.lastNoticeProperty().get());
        assertEquals(List.of("second"), column(model.results().get(0).cursor()), "the second tab's result stays");
        assertTrue(first.messages().get(first.messages().size() - 1).contains("Cancelled"));
        assertFalse(second.messages().stream().anyMatch(m -> m.contains("Cancelled")), "each tab has its own messages");

        ResultCursor kept = second.results().get(0).cursor();
        model.use(first);
        model.close(second);
        assertEquals(ResultCursor.State.CLOSED, kept.state(), "a closed tab's results are closed");
        assertEquals(List.of(first), model.consoles());
        model.close(first);
        assertEquals(List.of(first), model.consoles(), "the last console stays");
    }
}
