package dev.quire.ui;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.RunState;
import dev.quire.model.StateWords;
import dev.quire.model.Session;
import dev.quire.model.SqlScript;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import dev.quire.service.ResultCursor;
import dev.quire.service.SchemaCatalog;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Latest;
import dev.quire.ui.common.Sizes;
import dev.quire.ui.results.ShownResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
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
 * One editor tab's console: its connection and database, its own session where the backend has
 * sessions, the statement it runs, its results, messages, status and elapsed time. Consoles run
 * independently of each other. Touched only on the UI thread.
 */
public final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final WorkbenchModel window;
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();
    private final ObjectProperty<QueryService> service = new SimpleObjectProperty<>();
    private final ObjectProperty<SchemaCatalog> catalog = new SimpleObjectProperty<>();
    private final ObjectProperty<QueryRun> current = new SimpleObjectProperty<>();
    private final ObservableList<ShownResult> results = FXCollections.observableArrayList();
    private final ObservableList<String> messages = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("Starting the local engine…");
    private final StringProperty rowsText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty sessionNote = new SimpleStringProperty("");
    /** What the backend was called when it was handed in without a profile. */
    private final StringProperty described = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final ObjectProperty<dev.quire.model.QueryPlan> plan = new SimpleObjectProperty<>();
    /** Whether the current run is an EXPLAIN whose rows become the plan. */
    private boolean explaining;
    private final BooleanBinding canRun = service.isNotNull().and(running.not());
    private final StringBinding place;
    /** Opening the chosen connection's backend. */
    private final Latest opening;
    /** The run's end and the opening of its cursors. */
    private final Latest runAnswer;
    /** A result reopened from the history. */
    private final Latest reopened;
    private String runNote = "";
    private boolean connectFailed;
    private boolean closed;
    private Instant started;
    private Session session;
    private Instant sessionUsed;

    Console(WorkbenchModel window) {
        this.window = window;
        opening = new Latest(window.ui());
        runAnswer = new Latest(window.ui());
        reopened = new Latest(window.ui());
        place = Bindings.createStringBinding(() -> {
            ConnectionProfile profile = connection.get();
            String where = profile == null ? described.get()
                    : profile.database() == null ? profile.name() : profile.name() + " · " + profile.database();
            return where + sessionNote.get();
        }, connection, described, sessionNote);
    }

    /** Uses a backend that is already open (a test's, or the one the tab it was opened from uses). */
    void connected(QueryService queryService, String description) {
        forgetSession();
        described.set(description);
        service.set(queryService);
        catalog.set(window.catalogOf(queryService));
        status.set("Ready · " + description);
        log("Connected to " + description + ".");
        window.consoleConnected(this);
    }

    /** Starts on the same connection as another console, without announcing it again. */
    void sameAs(Console other) {
        connection.set(other.connection.get());
        connectFailed = other.connectFailed;
        described.set(other.described.get());
        if (other.service.get() != null) {
            service.set(other.service.get());
            catalog.set(other.catalog.get());
            status.set("Ready · " + (other.connection.get() == null ? described.get() : other.connection.get().name()));
        } else if (other.connection.get() != null && window.connectionManager() != null) {
            ConnectionProfile profile = other.connection.get();
            connection.set(null);
            select(profile);
        } else {
            status.set(other.status.get());
        }
    }

    /** Switches this tab to a connection; its backend opens in the background. */
    public void select(ConnectionProfile profile) {
        if (window.connectionManager() == null || profile == null || closed
                || profile.equals(connection.get()) && !connectFailed) {
            return;
        }
        connectFailed = false;
        connection.set(profile);
        service.set(null);
        catalog.set(null);
        forgetSession();
        status.set("Connecting to " + profile.name() + "…");
        opening.show(window.connectionManager().open(profile), opened -> connected(opened, profile.name()), failure -> {
            connectFailed = true;
            status.set("Not connected");
            error.set("Could not connect to " + profile.name() + ": " + Failures.message(failure));
            log("Could not connect to " + profile.name() + ": " + Failures.message(failure));
        });
    }

    /** Runs this tab's statements on another database of its connection. */
    public void useDatabase(String database) {
        ConnectionProfile profile = connection.get();
        if (profile == null || database == null || database.equals(profile.database())) {
            return;
        }
        select(profile.withDatabase(database));
    }

    /** Takes a changed profile of the same name. */
    void profileChanged(ConnectionProfile profile) {
        if (connection.get() != null && !profile.equals(connection.get())) {
            connection.set(null);
            select(profile);
        }
    }

    boolean needsConnection() {
        return connection.get() == null && service.get() == null;
    }

    /** Shows a finished statement's result again, while the server still keeps it. */
    public void showResult(String statementId) {
        if (service.get() == null || statementId == null) {
            return;
        }
        reopened.show(window.store().open(service.get().api(), statementId), cursor -> {
            error.set(null);
            replaceResults(List.of(new ShownResult("statement " + statementId, statementId, cursor)));
            rowsText.set(WorkbenchModel.rows(cursor.totalRows()));
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

    /** Runs one statement with values for its parameters. */
    public void run(String sql, Map<String, String> parameters) {
        if (sql != null && !sql.isBlank()) {
            start(() -> service.get().run(new StatementRequest(List.of(sql), parameters, null, null, sessionToUse())), sql);
        }
    }

    /** Runs the backend's EXPLAIN of the statement; its plan is shown as a tree once it is read. */
    public void explain(String sql) {
        if (sql != null && !sql.isBlank() && service.get() != null && canRun.get()) {
            String explain = service.get().api().dialect().explain(sql);
            start(() -> service.get().run(new StatementRequest(List.of(explain), Map.of(), null, null, sessionToUse())),
                    explain);
            explaining = running.get();
        }
    }

    /** Runs the whole script, one result tab per result set (see {@link WorkbenchModel#runScript}). */
    public void runScript(String script) {
        if (script != null && !script.isBlank()) {
            start(() -> service.get().runScript(script, sessionToUse()), script);
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
            case NAMED -> SqlScript.parameterNames(sql, false);
            case POSITIONAL -> SqlScript.parameterNames(sql, true);
            case NONE -> List.of();
        };
    }

    public boolean positionalParameters() {
        QueryService connected = service.get();
        return connected != null && connected.api().parameterStyle() == DataApi.ParameterStyle.POSITIONAL;
    }

    /** The tab's session where the backend has sessions; one idle past its keep-alive is gone. */
    private Session sessionToUse() {
        QueryService connected = service.get();
        Duration keepAlive = window.sessionKeepAlive();
        if (connected == null || keepAlive == null || !connected.api().sessions()) {
            return null;
        }
        if (session == null) {
            session = new Session(keepAlive);
        } else if (session.id() != null && sessionUsed != null
                && Duration.between(sessionUsed, window.clock().instant())
                .compareTo(Duration.ofSeconds(session.keepAliveSeconds())) > 0) {
            sessionExpired("after " + idle(Duration.ofSeconds(session.keepAliveSeconds())) + " idle");
        }
        return session;
    }

    private void sessionExpired(String how) {
        session.forget();
        sessionNote.set(" · session expired");
        log("This tab's session expired " + how + "; its temporary tables are gone. The next statement"
                + " opens a new session.");
    }

    private void forgetSession() {
        session = null;
        sessionUsed = null;
        sessionNote.set("");
    }

    private static String idle(Duration time) {
        long seconds = time.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private void start(Supplier<QueryRun> submit, String sql) {
        if (!canRun.get() || closed) {
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
        window.track(this, run);
        if (session != null && session.id() != null && sessionUsed != null) {
            sessionNote.set("");
        }
        reopened.drop();
        error.set(null);
        explaining = false;
        plan.set(null);
        replaceResults(List.of());
        rowsText.set("");
        runNote = transactionNote(run);
        status.set(StateWords.of("SUBMITTED") + runNote);
        current.set(run);
        started = window.clock().instant();
        running.set(true);
        window.runningChanged();
        run.onChange(info -> window.ui().execute(() -> {
            if (current.get() == run && running.get()) {
                status.set(statusText(info.statusName(), elapsed()));
            }
        }));
        runAnswer.show(run.finished(), info -> {
            noteSession(run, info);
            if (info.status() != RunState.FINISHED) {
                finish(statusText(info), info.error(), sql);
            } else if (info.resultSets().isEmpty()) {
                long affected = affected(info);
                rowsText.set(affected >= 0 ? WorkbenchModel.rows(affected) + " affected" : "");
                finish(statusText(info), null, sql);
            } else {
                status.set(statusText(info) + " · fetching rows");
                openCursors(info, sql);
            }
        }, failure -> {
            if (sessionGone(run, failure)) {
                // the backend refused the statement before it ran: it runs again, in a new session
                running.set(false);
                start(submit, sql);
            } else {
                finish(StateWords.of("FAILED") + runNote, Failures.message(failure), sql);
            }
        });
    }

    /** A statement ran in the tab's session: the session is open and its idle time starts now. */
    private void noteSession(QueryRun run, StatementInfo info) {
        Session used = run.request().session();
        if (used != null && used == session && used.id() != null) {
            sessionUsed = window.clock().instant();
        }
    }

    /**
     * Whether the backend refused the statement because it no longer knows the tab's session (it
     * expired or was closed there); then the tab says so and starts afresh.
     */
    private boolean sessionGone(QueryRun run, Throwable failure) {
        Session used = run.request().session();
        if (used == null || used != session || used.id() == null) {
            return false;
        }
        Throwable cause = Failures.cause(failure);
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        boolean gone = cause instanceof DataApiException && message.contains("session")
                && (message.contains("expired") || message.contains("not exist") || message.contains("not found")
                || message.contains("not available"));
        if (gone) {
            sessionExpired("on the server");
        }
        return gone;
    }

    private void openCursors(StatementInfo info, String sql) {
        runAnswer.show(window.store().open(service.get().api(), info), cursors -> {
            List<ShownResult> sets = new ArrayList<>();
            for (int i = 0; i < cursors.size(); i++) {
                StatementInfo set = info.resultSets().get(i);
                sets.add(new ShownResult(set.queryString() == null ? sql : set.queryString(), set.id(), cursors.get(i)));
            }
            replaceResults(sets);
            ResultCursor first = cursors.get(0);
            if (explaining) {
                readPlan(first);
            }
            rowsText.set(rowsText(first.progress()));
            first.onProgress(progress -> window.ui().execute(() -> {
                if (!results.isEmpty() && results.get(0).cursor() == first) {
                    rowsText.set(rowsText(progress));
                }
            }));
            finish(statusText(info), null, sql);
        }, failure -> finish("Finished, but the result could not be read", Failures.message(failure), sql),
                cursors -> cursors.forEach(ResultCursor::close));
    }

    /** Reads the EXPLAIN's rows (all of a plan's, up to 10,000) and shows them as the plan. */
    private void readPlan(ResultCursor cursor) {
        runAnswer.showAlongside(cursor.whenDone().thenCompose(done -> cursor.rows(0, (int) Math.min(10_000,
                cursor.fetchedRows()))).thenApply(dev.quire.model.QueryPlan::parse), plan::set, failure -> {
                    error.set("The plan could not be read: " + Failures.message(failure));
                    log("The plan could not be read: " + Failures.message(failure));
                });
    }

    /** The first result's rows: "at least" as many as fetched while the total is not known. */
    private static String rowsText(ResultCursor.Progress progress) {
        return progress.totalKnown() ? WorkbenchModel.rows(progress.totalRows())
                : "at least " + WorkbenchModel.rows(Math.max(progress.totalRows(), progress.fetchedRows()));
    }

    private static long affected(StatementInfo info) {
        if (info.subStatements().isEmpty()) {
            return info.resultRows();
        }
        return info.subStatements().stream().mapToLong(s -> Math.max(0, s.resultRows())).sum();
    }

    private void finish(String statusText, String errorText, String sql) {
        Duration took = elapsed();
        status.set(statusText);
        error.set(errorText);
        running.set(false);
        window.runningChanged();
        String summary = oneLine(sql);
        boolean counted = rowsText.get().isEmpty() || statusText.contains(" · " + rowsText.get());
        log(statusText + (counted ? "" : " · " + rowsText.get()) + " · " + summary
                + (errorText == null ? "" : "\n    " + errorText));
        window.ended(this, statusText, summary, took);
    }

    /** Called by the window's ticker while this console runs. */
    void tick() {
        QueryRun run = current.get();
        if (run != null && running.get()) {
            String state = run.latest() == null ? "SUBMITTED" : run.latest().statusName();
            status.set(statusText(state, elapsed()));
        }
    }

    /** A problem of a background step the user started in a result (sort, filter, export): into Messages. */
    public void report(String problem) {
        log(problem);
    }

    void log(String text) {
        messages.add(LocalTime.now(window.clock()).format(TIME) + "  " + text);
    }

    void setStatus(String text) {
        status.set(text);
    }

    void setError(String text) {
        error.set(text);
    }

    /** Asks the backend to stop the running statement. */
    public void cancel() {
        QueryRun run = current.get();
        if (run != null && running.get()) {
            status.set("Cancelling…");
            run.cancel();
        }
    }

    /** The tab is gone: its run is cancelled, its results closed, and nothing it waited for shows. */
    void close() {
        cancel();
        closed = true;
        opening.drop();
        runAnswer.drop();
        reopened.drop();
        replaceResults(List.of());
        if (running.get()) {
            running.set(false);
            window.runningChanged();
        }
    }

    private static String oneLine(String sql) {
        String flat = SqlScript.summary(sql);
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "…";
    }

    private Duration duration(StatementInfo info) {
        return info.durationNanos() >= 0 ? Duration.ofNanos(info.durationNanos()) : elapsed();
    }

    private Duration elapsed() {
        if (started == null) {
            return Duration.ZERO;
        }
        Duration since = Duration.between(started, window.clock().instant());
        return since.isNegative() ? Duration.ZERO : since;
    }

    /** A running statement's state, in its console's words, and the time so far: "Running · 1.20 s". */
    private String statusText(String state, Duration elapsed) {
        return String.format(Locale.ROOT, "%s · %.2f s", StateWords.of(state), elapsed.toMillis() / 1000.0) + runNote;
    }

    /**
     * An ended statement in words: "Finished in 0.25 s · 7 rows", with the data it scanned where the
     * backend tells.
     */
    private String statusText(StatementInfo info) {
        String scanned = info.scannedBytes() < 0 ? "" : " · " + Sizes.bytes(info.scannedBytes()) + " scanned";
        String rows = info.status() == RunState.FINISHED && info.resultRows() >= 0 && !info.resultSets().isEmpty()
                ? " · " + WorkbenchModel.rows(info.resultRows()) : "";
        return String.format(Locale.ROOT, "%s in %.2f s", StateWords.of(info.statusName()),
                duration(info).toMillis() / 1000.0) + rows + scanned + runNote;
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

    String connectionName() {
        return connection.get() == null ? ConnectionProfile.LOCAL_NAME : connection.get().name();
    }

    QueryService service() {
        return service.get();
    }

    public ObservableList<ShownResult> results() {
        return results;
    }

    public ObservableList<String> messages() {
        return messages;
    }

    public ReadOnlyObjectProperty<ConnectionProfile> connectionProperty() {
        return connection;
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

    /** The plan of the last EXPLAIN, or null. */
    public ReadOnlyObjectProperty<dev.quire.model.QueryPlan> planProperty() {
        return plan;
    }

    /** Where the tab runs, for its label: the connection, the database, and an expired session. */
    public StringBinding placeProperty() {
        return place;
    }

    /** The session this tab's statements share, or null (no sessions on this backend, or none yet). */
    public Session currentSession() {
        return session;
    }
}
