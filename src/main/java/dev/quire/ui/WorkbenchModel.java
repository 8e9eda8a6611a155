package dev.quire.ui;

import dev.quire.model.ConnectionProfile;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.ConnectionManager;
import dev.quire.service.QueryRun;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import dev.quire.service.QueryService;
import dev.quire.service.SchemaCatalog;
import dev.quire.service.history.HistoryService;
import dev.quire.model.SqlScript;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Latest;
import dev.quire.ui.common.Sizes;
import dev.quire.ui.common.Ticker;
import dev.quire.ui.history.HistoryModel;
import dev.quire.ui.results.ShownResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's state and commands. Touched only on the UI thread, whose executor is handed in with
 * the clock and the ticker; no toolkit or controls in here.
 */
public final class WorkbenchModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration TICK = Duration.ofMillis(100);

    private final ObjectProperty<QueryService> service = new SimpleObjectProperty<>();
    private final ObjectProperty<SchemaCatalog> catalog = new SimpleObjectProperty<>();
    private final ObjectProperty<QueryRun> current = new SimpleObjectProperty<>();
    private final ObservableList<ShownResult> results = FXCollections.observableArrayList();
    private final ObservableList<String> messages = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("Starting the local engine…");
    private final StringProperty rowsText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanBinding canRun = service.isNotNull().and(running.not());
    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();
    private final ObjectProperty<HistoryService> history = new SimpleObjectProperty<>();
    private final Executor ui;
    private final Clock clock;
    private final Ticker ticker;
    private final HistoryModel historyModel;
    /** Opening the chosen connection's backend. */
    private final Latest opening;
    /** The run's end and the opening of its cursors. */
    private final Latest runAnswer;
    /** A result reopened from the history. */
    private final Latest reopened;
    private ConnectionManager manager;
    private SpillStore store;
    /** What the status line adds for the current run: that a script is not one transaction. */
    private String runNote = "";
    private boolean connectFailed;
    private Instant started;

    /** ui runs work on the thread this model lives on; the clock stamps messages and times runs. */
    public WorkbenchModel(Executor ui, Clock clock, Ticker ticker) {
        this.ui = ui;
        this.clock = clock;
        this.ticker = ticker;
        opening = new Latest(ui);
        runAnswer = new Latest(ui);
        reopened = new Latest(ui);
        historyModel = new HistoryModel(ui, () -> service.get() == null ? null : service.get().api(),
                this::connectionName);
        historyModel.serviceProperty().bind(history);
    }

    /** Called once a backend is ready; results go to the store's cursors. */
    public void connected(QueryService queryService, String description, SpillStore resultStore) {
        store = resultStore;
        connected(queryService, description);
    }

    private void connected(QueryService queryService, String description) {
        service.set(queryService);
        catalog.set(new SchemaCatalog(queryService.api()));
        status.set("Ready · " + description);
        log("Connected to " + description + ".");
        historyModel.reload();
    }

    /** Gives the window the user's connections and history; opens the last used connection. */
    public void useConnections(ConnectionManager connectionManager, HistoryService historyService,
                               SpillStore resultStore) {
        manager = connectionManager;
        store = resultStore;
        history.set(historyService);
        connectionManager.profiles().thenCombine(connectionManager.lastUsed(), (list, last) -> {
            ui.execute(() -> {
                connections.setAll(list);
                ConnectionProfile chosen = list.stream().filter(p -> p.name().equals(last)).findFirst()
                        .orElse(list.get(0));
                select(chosen);
            });
            return null;
        }).exceptionally(error -> {
            ui.execute(() -> failed("The saved connections could not be read", error));
            return null;
        });
    }

    /** Switches to a connection; its backend opens in the background. */
    public void select(ConnectionProfile profile) {
        if (manager == null || profile == null || profile.equals(connection.get()) && !connectFailed) {
            return;
        }
        connectFailed = false;
        connection.set(profile);
        service.set(null);
        catalog.set(null);
        status.set("Connecting to " + profile.name() + "…");
        opening.show(manager.open(profile), opened -> connected(opened, profile.name()), failure -> {
            connectFailed = true;
            status.set("Not connected");
            error.set("Could not connect to " + profile.name() + ": " + Failures.message(failure));
            log("Could not connect to " + profile.name() + ": " + Failures.message(failure));
        });
    }

    /** Runs on another database of the same connection. */
    public void useDatabase(String database) {
        ConnectionProfile profile = connection.get();
        if (profile == null || database == null || database.equals(profile.database())) {
            return;
        }
        select(profile.withDatabase(database));
    }

    /** Reloads the profiles after the connection dialog saved one, and selects it. */
    public void profilesChanged(String select) {
        manager.profiles().whenCompleteAsync((list, error) -> {
            if (error == null) {
                connections.setAll(list);
                list.stream().filter(p -> p.name().equals(select)).findFirst().ifPresent(p -> {
                    connection.set(null);
                    select(p);
                });
            }
        }, ui);
    }

    String connectionName() {
        return connection.get() == null ? ConnectionProfile.LOCAL_NAME : connection.get().name();
    }

    /** Shows a finished statement's result again, while the server still keeps it. */
    public void showResult(String statementId) {
        if (service.get() == null || statementId == null) {
            return;
        }
        reopened.show(store.open(service.get().api(), statementId), cursor -> {
            error.set(null);
            replaceResults(List.of(new ShownResult("statement " + statementId, statementId, cursor)));
            rowsText.set(rows(cursor.totalRows()));
            status.set("Result of statement " + statementId + ", from the history");
        }, failure -> error.set("The result of " + statementId + " is no longer available: "
                + Failures.message(failure)), ResultCursor::close);
    }

    /** Shows new result sets; the cursors shown before are closed and their spill files freed. */
    private void replaceResults(List<ShownResult> sets) {
        List<ShownResult> old = List.copyOf(results);
        results.setAll(sets);
        old.forEach(set -> set.cursor().close());
    }

    public void startupProgress(double fraction, String label) {
        status.set(String.format("Starting the local engine: %s (%d%%)", label, Math.round(fraction * 100)));
    }

    /** Shows problems that belong to no statement (files that would not open): error line and messages. */
    public void problems(List<String> texts) {
        if (!texts.isEmpty()) {
            error.set(String.join("\n", texts));
            texts.forEach(this::log);
        }
    }

    public void startupFailed(Throwable cause) {
        failed("The local engine could not start", cause);
    }

    /** A step outside any statement failed: the status line says which, the error line and Messages why. */
    public void failed(String what, Throwable cause) {
        status.set(what);
        error.set(Failures.message(cause));
        log(what + ": " + Failures.message(cause));
    }

    /** Runs one statement (the one under the caret, or the selection). */
    public void run(String sql) {
        run(sql, Map.of());
    }

    /** Runs one statement with values for its parameters. */
    public void run(String sql, Map<String, String> parameters) {
        if (sql != null && !sql.isBlank()) {
            start(() -> service.get().run(new StatementRequest(List.of(sql), parameters, null, null)), sql);
        }
    }

    /**
     * The values the statement asks for before it can run: its {@code :name}s, or 1 to n for its
     * {@code ?} marks where the backend takes those (Athena); none where it takes no parameters.
     */
    public List<String> parametersOf(String sql) {
        QueryService connected = service.get();
        if (connected == null || sql == null) {
            return List.of();
        }
        return switch (connected.api().parameterStyle()) {
            case NAMED -> dev.quire.model.SqlScript.parameterNames(sql, false);
            case POSITIONAL -> dev.quire.model.SqlScript.parameterNames(sql, true);
            case NONE -> List.of();
        };
    }

    /** Whether the connected backend numbers its parameters ({@code ?}) instead of naming them. */
    public boolean positionalParameters() {
        QueryService connected = service.get();
        return connected != null && connected.api().parameterStyle() == dev.quire.client.DataApi.ParameterStyle.POSITIONAL;
    }

    /**
     * Runs the whole script, one result tab per result set: as one batch where the backend has
     * batches, else statement by statement, and then the status line and messages say that it is
     * not one transaction.
     */
    public void runScript(String script) {
        if (script != null && !script.isBlank()) {
            start(() -> service.get().runScript(script), script);
        }
    }

    private void start(Supplier<QueryRun> submit, String sql) {
        if (!canRun.get()) {
            return;
        }
        QueryRun run;
        try {
            run = submit.get();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            log(e.getMessage());
            return;
        }
        if (history.get() != null) {
            history.get().track(connectionName(), run).whenCompleteAsync((entry, failure) -> historyModel.reload(),
                    ui);
        }
        reopened.drop();
        error.set(null);
        replaceResults(List.of());
        rowsText.set("");
        running.set(true);
        runNote = transactionNote(run);
        status.set("SUBMITTED" + runNote);
        current.set(run);
        started = clock.instant();
        ticker.start(TICK, () -> {
            if (current.get() == run && running.get()) {
                String state = run.latest() == null ? "SUBMITTED" : run.latest().statusName();
                status.set(statusText(state, elapsed()));
            }
        });
        run.onChange(info -> ui.execute(() -> {
            if (current.get() == run && running.get()) {
                status.set(statusText(info.statusName(), elapsed()));
            }
        }));
        runAnswer.show(run.finished(), info -> {
            if (info.status() != RunState.FINISHED) {
                finish(statusText(info), info.error(), sql);
            } else if (info.resultSets().isEmpty()) {
                long affected = affected(info);
                rowsText.set(affected >= 0 ? rows(affected) + " affected" : "");
                finish(statusText(info), null, sql);
            } else {
                status.set(statusText(info) + " · fetching rows");
                openCursors(info, sql);
            }
        }, failure -> finish("FAILED" + runNote, Failures.message(failure), sql));
    }

    private void openCursors(StatementInfo info, String sql) {
        runAnswer.show(store.open(service.get().api(), info), cursors -> {
            List<ShownResult> sets = new ArrayList<>();
            for (int i = 0; i < cursors.size(); i++) {
                StatementInfo set = info.resultSets().get(i);
                sets.add(new ShownResult(set.queryString() == null ? sql : set.queryString(), set.id(), cursors.get(i)));
            }
            replaceResults(sets);
            ResultCursor first = cursors.get(0);
            rowsText.set(rowsText(first.progress()));
            first.onProgress(progress -> ui.execute(() -> {
                if (!results.isEmpty() && results.get(0).cursor() == first) {
                    rowsText.set(rowsText(progress));
                }
            }));
            finish(statusText(info), null, sql);
        }, failure -> finish("FINISHED, but the result could not be read", Failures.message(failure), sql),
                cursors -> cursors.forEach(ResultCursor::close));
    }

    /** The first result's rows: "at least" as many as fetched while the total is not known. */
    private static String rowsText(ResultCursor.Progress progress) {
        return progress.totalKnown() ? rows(progress.totalRows())
                : "at least " + rows(Math.max(progress.totalRows(), progress.fetchedRows()));
    }

    private static long affected(StatementInfo info) {
        if (info.subStatements().isEmpty()) {
            return info.resultRows();
        }
        return info.subStatements().stream().mapToLong(s -> Math.max(0, s.resultRows())).sum();
    }

    private void finish(String statusText, String errorText, String sql) {
        ticker.stop();
        status.set(statusText);
        error.set(errorText);
        running.set(false);
        String summary = oneLine(sql);
        log(statusText + (rowsText.get().isEmpty() ? "" : " · " + rowsText.get()) + " · " + summary
                + (errorText == null ? "" : "\n    " + errorText));
    }

    /** A problem of a background step the user started in a result (sort, filter, export): into Messages. */
    public void report(String problem) {
        log(problem);
    }

    private void log(String text) {
        messages.add(LocalTime.now(clock).format(TIME) + "  " + text);
    }

    /** Asks the backend to stop the running statement. */
    public void cancel() {
        QueryRun run = current.get();
        if (run != null && running.get()) {
            status.set("Cancelling…");
            run.cancel();
        }
    }

    private static String oneLine(String sql) {
        String flat = SqlScript.summary(sql);
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "…";
    }

    private Duration duration(StatementInfo info) {
        return info.durationNanos() >= 0 ? Duration.ofNanos(info.durationNanos()) : elapsed();
    }

    /** Time since the current run started, by the model's clock. */
    private Duration elapsed() {
        Duration since = Duration.between(started, clock.instant());
        return since.isNegative() ? Duration.ZERO : since;
    }

    static String rows(long count) {
        return String.format(count == 1 ? "%,d row" : "%,d rows", count);
    }

    /** The status line for the current run: the backend's name for its state, the time, and the run's note. */
    private String statusText(String state, Duration elapsed) {
        return String.format("%s · %.2f s", state, elapsed.toMillis() / 1000.0) + runNote;
    }

    /** An ended statement's state and time, and the data it scanned where the backend tells. */
    private String statusText(StatementInfo info) {
        String scanned = info.scannedBytes() < 0 ? "" : " · " + Sizes.bytes(info.scannedBytes()) + " scanned";
        return String.format("%s · %.2f s", info.statusName(), duration(info).toMillis() / 1000.0) + scanned + runNote;
    }

    /** For a script that is not one transaction, what the status line says (and the messages, once). */
    private String transactionNote(QueryRun run) {
        if (!run.request().isBatch() || service.get().scriptIsOneTransaction()) {
            return "";
        }
        if (run.oneByOne()) {
            log("The script runs statement by statement: this connection has no batches, so it is not one"
                    + " transaction; a statement that does not finish stops the rest.");
            return " · statement by statement, not one transaction";
        }
        log("The script runs as one batch, but this connection does not run a batch as one transaction.");
        return " · not one transaction";
    }

    public HistoryModel history() {
        return historyModel;
    }

    public ObservableList<ConnectionProfile> connections() {
        return connections;
    }

    public ReadOnlyObjectProperty<ConnectionProfile> connectionProperty() {
        return connection;
    }

    public ConnectionManager connectionManager() {
        return manager;
    }

    public ObservableList<ShownResult> results() {
        return results;
    }

    public ObservableList<String> messages() {
        return messages;
    }

    public ReadOnlyObjectProperty<SchemaCatalog> catalogProperty() {
        return catalog;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty rowsTextProperty() {
        return rowsText;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public BooleanBinding hasErrorProperty() {
        return Bindings.isNotEmpty(error);
    }
}
