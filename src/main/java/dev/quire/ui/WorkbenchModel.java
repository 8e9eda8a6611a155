package dev.quire.ui;

import dev.quire.model.ConnectionProfile;
import dev.quire.service.ConnectionManager;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import dev.quire.service.SchemaCatalog;
import dev.quire.service.SpillStore;
import dev.quire.service.history.HistoryService;
import dev.quire.ui.common.Ticker;
import dev.quire.ui.history.HistoryModel;
import dev.quire.ui.results.ShownResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
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
 * The window's state and commands: the user's connections and history, and one {@link Console}
 * per editor tab, of which one is current. The status, error and run commands here are the current
 * console's. Touched only on the UI thread, whose executor is handed in with the clock and the
 * ticker; no toolkit or controls in here.
 */
public final class WorkbenchModel {

    private static final Duration TICK = Duration.ofMillis(100);
    /** Runs at least this long tell the user when they end out of sight. */
    static final Duration NOTICE_AFTER = Duration.ofSeconds(5);
    /** How long a tab's session lives between statements, as the Redshift query editor keeps it. */
    static final Duration SESSION_KEEP_ALIVE = Duration.ofHours(1);

    private final ObservableList<Console> consoles = FXCollections.observableArrayList();
    private final ObjectProperty<Console> current = new SimpleObjectProperty<>();
    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObjectProperty<HistoryService> history = new SimpleObjectProperty<>();
    private final Map<QueryService, SchemaCatalog> catalogs = new WeakHashMap<>();
    private final StringProperty status = new SimpleStringProperty();
    private final StringProperty rowsText = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty canRun = new SimpleBooleanProperty();
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();
    private final ObjectProperty<SchemaCatalog> catalog = new SimpleObjectProperty<>();
    private final BooleanProperty focused = new SimpleBooleanProperty(true);
    private final StringProperty lastNotice = new SimpleStringProperty();
    private final Executor ui;
    private final Clock clock;
    private final Ticker ticker;
    private final HistoryModel historyModel;
    private BiConsumer<Console, String> notices = (console, text) -> { };
    private ConnectionManager manager;
    private SpillStore store;
    private Duration sessionKeepAlive = SESSION_KEEP_ALIVE;
    private Duration noticeAfter = NOTICE_AFTER;
    private boolean ticking;

    /** ui runs work on the thread this model lives on; the clock stamps messages and times runs. */
    public WorkbenchModel(Executor ui, Clock clock, Ticker ticker) {
        this.ui = ui;
        this.clock = clock;
        this.ticker = ticker;
        historyModel = new HistoryModel(ui, () -> console().service() == null ? null : console().service().api(),
                () -> console().connectionName());
        historyModel.serviceProperty().bind(history);
        current.addListener((obs, old, now) -> follow(old, now));
        Console first = new Console(this);
        consoles.add(first);
        current.set(first);
    }

    private void follow(Console old, Console console) {
        status.bind(console.statusProperty());
        rowsText.bind(console.rowsTextProperty());
        error.bind(console.errorProperty());
        running.bind(console.runningProperty());
        canRun.bind(console.canRunProperty());
        connection.bind(console.connectionProperty());
        catalog.bind(console.catalogProperty());
        if (old == null || old.service() != console.service()) {
            historyModel.reload();
        }
    }

    /** A console for a new tab, on the current tab's connection; it becomes current when its tab is chosen. */
    public Console newConsole() {
        Console console = new Console(this);
        console.sameAs(console());
        consoles.add(console);
        return console;
    }

    /** Makes the console the one the toolbar, status bar and commands act on. */
    public void use(Console console) {
        if (consoles.contains(console)) {
            current.set(console);
        }
    }

    /** The console's tab is gone: its run is cancelled and its results closed. */
    public void close(Console console) {
        if (consoles.size() == 1 || !consoles.remove(console)) {
            return;
        }
        console.close();
        if (current.get() == console) {
            current.set(consoles.get(0));
        }
    }

    /** Called once a backend is ready; results go to the store's cursors. */
    public void connected(QueryService queryService, String description, SpillStore resultStore) {
        store = resultStore;
        console().connected(queryService, description);
    }

    /** Gives the window the user's connections and history; opens the last used connection in every tab. */
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
                console().select(chosen);
                consoles.stream().filter(Console::needsConnection).forEach(c -> c.select(chosen));
            });
            return null;
        }).exceptionally(failure -> {
            ui.execute(() -> failed("The saved connections could not be read", failure));
            return null;
        });
    }

    /** Switches the current tab to a connection; its backend opens in the background. */
    public void select(ConnectionProfile profile) {
        console().select(profile);
    }

    /** Runs the current tab on another database of its connection. */
    public void useDatabase(String database) {
        console().useDatabase(database);
    }

    /** Reloads the profiles after the connection dialog saved one; the current tab uses it, other tabs take its changes. */
    public void profilesChanged(String select) {
        manager.profiles().whenCompleteAsync((list, failure) -> {
            if (failure == null) {
                connections.setAll(list);
                for (Console console : List.copyOf(consoles)) {
                    ConnectionProfile had = console.connectionProperty().get();
                    list.stream().filter(p -> had != null && p.name().equals(had.name())).findFirst()
                            .ifPresent(console::profileChanged);
                }
                list.stream().filter(p -> p.name().equals(select)).findFirst().ifPresent(console()::select);
            }
        }, ui);
    }

    /** Shows a finished statement's result again in the current tab, while the server still keeps it. */
    public void showResult(String statementId) {
        console().showResult(statementId);
    }

    public void startupProgress(double fraction, String label) {
        String text = String.format("Starting the local engine: %s (%d%%)", label, Math.round(fraction * 100));
        consoles.stream().filter(c -> c.service() == null).forEach(c -> c.setStatus(text));
    }

    /** Shows problems that belong to no statement (files that would not open): error line and messages. */
    public void problems(List<String> texts) {
        if (!texts.isEmpty()) {
            console().setError(String.join("\n", texts));
            texts.forEach(console()::log);
        }
    }

    public void startupFailed(Throwable cause) {
        failed("The local engine could not start", cause);
    }

    /** A step outside any statement failed: the status line says which, the error line and Messages why. */
    public void failed(String what, Throwable cause) {
        String why = dev.quire.ui.common.Failures.message(cause);
        for (Console console : consoles) {
            console.setStatus(what);
            console.setError(why);
        }
        console().log(what + ": " + why);
    }

    /** Runs one statement (the one under the caret, or the selection) in the current tab. */
    public void run(String sql) {
        run(sql, Map.of());
    }

    /** Runs one statement with values for its parameters in the current tab. */
    public void run(String sql, Map<String, String> parameters) {
        console().run(sql, parameters);
    }

    /** The values the current tab's statement asks for before it can run (see {@link Console#parametersOf}). */
    public List<String> parametersOf(String sql) {
        return console().parametersOf(sql);
    }

    /** Whether the current tab's backend numbers its parameters ({@code ?}) instead of naming them. */
    public boolean positionalParameters() {
        return console().positionalParameters();
    }

    /**
     * Runs the whole script in the current tab, one result tab per result set: as one batch where
     * the backend has batches, else statement by statement, and then the status line and messages
     * say that it is not one transaction.
     */
    public void runScript(String script) {
        console().runScript(script);
    }

    /** Asks the backend to stop the current tab's running statement. */
    public void cancel() {
        console().cancel();
    }

    /** A problem of a background step the user started in a result (sort, filter, export): into Messages. */
    public void report(String problem) {
        console().report(problem);
    }

    // What the consoles ask of the window.

    Executor ui() {
        return ui;
    }

    Clock clock() {
        return clock;
    }

    SpillStore store() {
        return store;
    }

    Duration sessionKeepAlive() {
        return sessionKeepAlive;
    }

    /** One catalog per backend, shared by the tabs on it, so the tree and completion load a name once. */
    SchemaCatalog catalogOf(QueryService service) {
        return catalogs.computeIfAbsent(service, s -> new SchemaCatalog(s.api()));
    }

    void consoleConnected(Console console) {
        if (console == console()) {
            historyModel.reload();
        }
    }

    void track(Console console, QueryRun run) {
        if (history.get() != null) {
            history.get().track(console.connectionName(), run)
                    .whenCompleteAsync((entry, failure) -> historyModel.reload(), ui);
        }
    }

    /** One ticker for the window: it runs while any tab runs, and moves every running tab's clock. */
    void runningChanged() {
        boolean any = consoles.stream().anyMatch(c -> c.runningProperty().get());
        if (any && !ticking) {
            ticking = true;
            ticker.start(TICK, () -> List.copyOf(consoles).forEach(Console::tick));
        } else if (!any && ticking) {
            ticking = false;
            ticker.stop();
        }
    }

    /** A run that took a while and ended out of sight (another tab, or the window not focused) is told. */
    void ended(Console console, String statusText, String summary, Duration took) {
        if (took.compareTo(noticeAfter) >= 0 && (!focused.get() || console != console())) {
            String text = statusText + " · " + summary;
            lastNotice.set(text);
            notices.accept(console, text);
        }
    }

    /** Sets how long a tab's session lives between statements; null runs every statement on its own. */
    public void setSessionKeepAlive(Duration keepAlive) {
        sessionKeepAlive = keepAlive;
    }

    /** Sets how long a run must take to be told when it ends out of sight. */
    void setNoticeAfter(Duration after) {
        noticeAfter = after;
    }

    /** Where notices of runs that ended out of sight go (the window shows them). */
    public void onNotice(BiConsumer<Console, String> listener) {
        notices = listener;
    }

    /** Whether the window has the focus; the window sets it. */
    public BooleanProperty focusedProperty() {
        return focused;
    }

    /** The last notice of a run that ended out of sight. */
    public ReadOnlyStringProperty lastNoticeProperty() {
        return lastNotice;
    }

    static String rows(long count) {
        return String.format(count == 1 ? "%,d row" : "%,d rows", count);
    }

    /** The current tab's console. */
    public Console console() {
        return current.get();
    }

    public ReadOnlyObjectProperty<Console> consoleProperty() {
        return current;
    }

    public ObservableList<Console> consoles() {
        return consoles;
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

    /** The current tab's results. */
    public ObservableList<ShownResult> results() {
        return console().results();
    }

    /** The current tab's messages. */
    public ObservableList<String> messages() {
        return console().messages();
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

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun;
    }

    public BooleanBinding hasErrorProperty() {
        return Bindings.isNotEmpty(error);
    }
}
