package dev.quire.ui;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.SqlFormatter;
import dev.quire.model.SqlSnippets;
import dev.quire.service.Completions;
import dev.quire.service.SavedQueries;
import dev.quire.ui.common.DesktopNotice;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Fx;
import dev.quire.ui.common.Icons;
import dev.quire.ui.common.Latest;
import dev.quire.ui.connection.ConnectionDialog;
import dev.quire.ui.editor.EditorTabs;
import dev.quire.ui.editor.FilePicker;
import dev.quire.ui.editor.FindBar;
import dev.quire.ui.editor.ParameterForm;
import dev.quire.ui.editor.SavedQueryDialogs;
import dev.quire.ui.editor.SqlEditor;
import dev.quire.ui.editor.SqlFile;
import dev.quire.ui.history.HistoryPane;
import dev.quire.ui.results.ResultsPane;
import dev.quire.ui.schema.SchemaBrowser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import javafx.scene.Node;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** The main window: menus, toolbar, schema browser, editor tabs (one console each) with an error line, results, status bar. */
public final class WorkbenchView extends BorderPane {

    static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination RUN_ALL = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination CANCEL = new KeyCodeCombination(KeyCode.ESCAPE);
    static final KeyCombination NEW_TAB = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination CLOSE_TAB = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REPLACE = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination COMMENT = new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination COMPLETE = new KeyCodeCombination(KeyCode.SPACE, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination FORMAT = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination EXPLAIN = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination SHORTCUTS = new KeyCodeCombination(KeyCode.F1);
    static final KeyCombination SETTINGS = new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination SAVED_QUERIES = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination OPEN = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination SAVE_AS = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** The close prompt's answers. */
    static final ButtonType SAVE_CHANGES =
            new ButtonType("Save", ButtonBar.ButtonData.YES);
    static final ButtonType DROP_CHANGES =
            new ButtonType("Don't save", ButtonBar.ButtonData.NO);
    static final KeyCombination TOGGLE_HISTORY = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    /** Where the history pane sits. */
    public enum HistoryPlace {
        RIGHT("On the right"), BOTTOM("At the bottom"), HIDDEN("Hidden");

        final String label;

        HistoryPlace(String label) {
            this.label = label;
        }
    }

    private final ObjectProperty<HistoryPlace> historyPlace = new SimpleObjectProperty<>(HistoryPlace.RIGHT);
    private final ObjectProperty<dev.quire.model.Settings> settings =
            new SimpleObjectProperty<>(dev.quire.model.Settings.DEFAULT);
    private SettingsStore settingsStore;
    private boolean desktopDark;
    private HistoryPlace shownPlace = HistoryPlace.RIGHT;

    private final WorkbenchModel model;
    private final EditorTabs editors = new EditorTabs();
    /** The parameter values each tab ran with last, offered when it runs again. */
    private final Map<SqlEditor, Map<String, String>> parameterValues = new WeakHashMap<>();
    private final FindBar findBar = new FindBar(() -> editors.current().area());
    private final SplitPane main;
    private final SplitPane center;
    private final VBox editorPane;
    private List<Node> mainItems;
    private List<Node> centerItems;
    /** Holds the current tab's results; every tab has its own. */
    private final StackPane results = new StackPane();
    private boolean firstTab = true;
    private final Label noticeLabel = new Label();
    private final PauseTransition noticeTimer =
            new PauseTransition(javafx.util.Duration.seconds(12));
    private final DesktopNotice desktop = new DesktopNotice();
    /** Reads and writes the SQL files the user opens and saves, one at a time, never on the FX thread. */
    private final ThreadPoolExecutor fileIo = new ThreadPoolExecutor(1, 1, 0,
            TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "quire-sql-files");
                t.setDaemon(true);
                return t;
            });
    private FilePicker picker = FilePicker.desktop();
    private final ObjectProperty<SavedQueries> saved =
            new SimpleObjectProperty<>();

    public WorkbenchView(WorkbenchModel model) {
        this.model = model;
        getStyleClass().add("workbench");
        editors.getTabs().addListener((ListChangeListener<Tab>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::closed);
                change.getAddedSubList().forEach(this::opened);
            }
        });
        editors.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            if (tab != null && tab.getProperties().get(Console.class) instanceof Console console) {
                model.use(console);
                if (tab.getGraphic() != null) {
                    tab.getGraphic().getStyleClass().remove("unseen");
                }
            }
        });
        editors.open("");
        settings.addListener((obs, old, now) -> settingsChanged(now));

        Button run = button("Run", "run-button", "Run the statement under the caret, or the selection (Ctrl+Enter)");
        run.setGraphic(Icons.of(Icons.RUN, "run"));
        run.disableProperty().bind(model.canRunProperty().not());
        run.setOnAction(e -> runCurrent());
        Button runAll = button("Run all", "run-all-button", "Run the whole tab as one batch (Ctrl+Shift+Enter)");
        runAll.setGraphic(Icons.of(Icons.RUN_ALL, "run-all"));
        runAll.disableProperty().bind(model.canRunProperty().not());
        runAll.setOnAction(e -> runAll());
        Button explain = button("Explain", "explain-button",
                "Show the plan of the statement under the caret, or the selection, as a tree (Ctrl+E)");
        explain.setGraphic(Icons.of(Icons.EXPLAIN, "explain"));
        explain.disableProperty().bind(model.canRunProperty().not());
        explain.setOnAction(e -> explainCurrent());
        Button cancel = button("Cancel", "cancel-button", "Cancel the running statement (Esc)");
        cancel.setGraphic(Icons.of(Icons.CANCEL, "cancel"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button newTab = button("New tab", "new-tab-button", "Open a new editor tab (Ctrl+T)");
        newTab.setGraphic(Icons.of(Icons.NEW_TAB, "new-tab"));
        newTab.setOnAction(e -> editors.open(""));
        Button format = button("Format", "format-button", "Format the tab's SQL (Ctrl+Shift+F)");
        format.setGraphic(Icons.of(Icons.FORMAT, "format"));
        format.setOnAction(e -> format());
        ComboBox<ConnectionProfile> connection = new ComboBox<>(model.connections());
        connection.setId("connection-selector");
        connection.setPromptText("Connection");
        connection.setConverter(new StringConverter<>() {
            @Override
            public String toString(ConnectionProfile profile) {
                return profile == null ? "" : profile.name();
            }

            @Override
            public ConnectionProfile fromString(String text) {
                return null;
            }
        });
        model.connectionProperty().addListener((obs, old, now) -> connection.getSelectionModel().select(now));
        connection.setOnAction(e -> model.select(connection.getValue()));
        Button connections = button("Connections…", "connections-button", "Add or change connections");
        connections.setGraphic(Icons.of(Icons.CONNECTIONS, "connections"));
        connections.setOnAction(e -> ConnectionDialog.show(getScene().getWindow(), model, connection.getValue()));
        connections.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.connectionManager() == null, model.connections()));
        ComboBox<String> database = new ComboBox<>();
        database.setId("database-selector");
        database.setPromptText("Database");
        database.setTooltip(new Tooltip("The database new statements run in"));
        Latest databases = new Latest(Fx.THREAD);
        Runnable listDatabases = () -> {
            database.getItems().clear();
            ConnectionProfile profile = model.connectionProperty().get();
            if (profile != null && profile.database() != null) {
                database.getItems().add(profile.database());
                database.setValue(profile.database());
            }
            var catalog = model.catalogProperty().get();
            if (catalog == null) {
                databases.drop();
            } else {
                // The catalog's top level (Redshift's databases); without it the chooser keeps the connection's own.
                databases.show(catalog.children(CatalogPath.ROOT), entries -> entries.stream().map(CatalogEntry::name)
                        .filter(n -> !database.getItems().contains(n)).forEach(database.getItems()::add), error -> { });
            }
        };
        model.catalogProperty().addListener((obs, old, catalog) -> listDatabases.run());
        model.connectionProperty().addListener((obs, old, now) -> listDatabases.run());
        database.setOnAction(e -> model.useDatabase(database.getValue()));
        MenuButton historyMenu = new MenuButton("History");
        historyMenu.setId("history-place");
        historyMenu.setGraphic(Icons.of(Icons.HISTORY, "history"));
        historyMenu.setTooltip(new Tooltip("Where the history pane sits (Ctrl+Shift+H shows or hides it)"));
        ToggleGroup places = new ToggleGroup();
        for (HistoryPlace place : HistoryPlace.values()) {
            RadioMenuItem item = new RadioMenuItem(place.label);
            item.setId("history-" + place.name().toLowerCase(Locale.ROOT));
            item.setToggleGroup(places);
            item.setUserData(place);
            item.setOnAction(e -> historyPlace.set(place));
            historyMenu.getItems().add(item);
        }
        historyPlace.addListener((obs, old, place) -> places.getToggles().forEach(
                toggle -> toggle.setSelected(toggle.getUserData() == place)));
        places.getToggles().get(0).setSelected(true);
        setTop(new VBox(menuBar(), new ToolBar(connection, database, connections, new Separator(), run, runAll,
                explain, cancel, new Separator(), newTab, format, new Separator(), historyMenu)));
        editors.setCloseGuard(this::mayClose);
        editors.setCompleter((text, caret) -> {
            var catalog = model.catalogProperty().get();
            if (catalog == null) {
                return CompletableFuture.completedFuture(null);
            }
            ConnectionProfile profile = model.connectionProperty().get();
            return new Completions(catalog, profile == null ? null : profile.database())
                    .complete(text, caret);
        });

        Label error = new Label();
        error.setId("error-label");
        error.getStyleClass().add("error-line");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.hasErrorProperty());
        error.managedProperty().bind(error.visibleProperty());
        error.setMaxWidth(Double.MAX_VALUE);
        editorPane = new VBox(editors, findBar, error);
        VBox.setVgrow(editors, Priority.ALWAYS);

        model.consoleProperty().addListener((obs, old, console) -> showResultsOf(console));
        showResultsOf(model.console());
        center = new SplitPane(editorPane, results);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.45);

        SchemaBrowser schema = new SchemaBrowser(this::insert, this::openAndRun);
        schema.catalogProperty().bind(model.catalogProperty());
        HistoryPane history = new HistoryPane(model.history(), sql -> editors.open(sql), model::showResult);
        main = new SplitPane(schema, center, history);
        main.setDividerPositions(0.2, 0.74);
        SplitPane.setResizableWithParent(schema, false);
        SplitPane.setResizableWithParent(history, false);
        setCenter(main);
        historyPlace.addListener((obs, old, place) -> {
            showAll(List.of(), List.of());
            main.getItems().remove(history);
            center.getItems().remove(history);
            if (place == HistoryPlace.RIGHT) {
                main.getItems().add(history);
                main.setDividerPosition(1, 0.74);
            } else if (place == HistoryPlace.BOTTOM) {
                center.getItems().add(history);
                center.setDividerPositions(0.4, 0.7);
            }
            if (place != HistoryPlace.HIDDEN) {
                shownPlace = place;
            }
        });

        Label status = new Label();
        status.setId("status-label");
        status.textProperty().bind(model.statusProperty());
        Label rows = new Label();
        rows.setId("rows-label");
        rows.textProperty().bind(model.rowsTextProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        noticeLabel.setId("notice-label");
        noticeLabel.getStyleClass().add("notice");
        noticeLabel.setVisible(false);
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());
        noticeLabel.setTooltip(new Tooltip("Click to show its tab"));
        HBox statusBar = new HBox(8, status, gap, noticeLabel, rows);
        statusBar.getStyleClass().add("status-bar");
        setBottom(statusBar);

        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                followFocus(scene.getWindow());
                scene.windowProperty().addListener((o, was, window) -> followFocus(window));
            }
        });
        model.onNotice(this::notice);
        noticeTimer.setOnFinished(e -> noticeLabel.setVisible(false));
        noticeLabel.setOnMouseClicked(e -> {
            if (noticeLabel.getUserData() instanceof Tab tab && editors.getTabs().contains(tab)) {
                editors.getSelectionModel().select(tab);
            }
            noticeLabel.setVisible(false);
        });
    }

    private void followFocus(Window window) {
        if (window != null) {
            model.focusedProperty().bind(window.focusedProperty());
        }
    }

    /**
     * A run that took a while ended out of sight: a notice in the status bar (a click shows its tab),
     * the tab's header marked until it is shown, and the desktop's notification when the window is
     * not focused.
     */
    private void notice(Console console, String text) {
        Tab tab = tabOf(console);
        String title = (tab == null ? "A statement" : tab.getText()) + " ended";
        noticeLabel.setText(title + ": " + (text.length() <= 160 ? text : text.substring(0, 159) + "…"));
        noticeLabel.setUserData(tab);
        noticeLabel.setVisible(true);
        noticeTimer.playFromStart();
        if (tab != null && !tab.isSelected() && tab.getGraphic() != null) {
            tab.getGraphic().getStyleClass().add("unseen");
        }
        if (!model.focusedProperty().get()) {
            desktop.show("Quire: " + title, text);
        }
    }

    private Tab tabOf(Console console) {
        return editors.getTabs().stream().filter(t -> t.getProperties().get(Console.class) == console).findFirst()
                .orElse(null);
    }

    /** Stops what the window started (the desktop notices' and the files' threads). */
    public void close() {
        desktop.close();
        fileIo.shutdown();
    }

    private MenuBar menuBar() {
        Menu recent = new Menu("Open recent");
        recent.setId("recent-menu");
        recent.getItems().add(new MenuItem());
        recent.setOnShowing(e -> fillRecent(recent));
        fillRecent(recent);
        editors.recent().addListener((ListChangeListener<Path>) c -> fillRecent(recent));
        Menu file = new Menu("File", null,
                item("New tab", "menu-new-tab", NEW_TAB, () -> editors.open("")),
                item("Open…", "menu-open", OPEN, this::openFile),
                recent,
                new SeparatorMenuItem(),
                item("Save", "menu-save", SAVE, () -> save(editors.current(), false)),
                item("Save as…", "menu-save-as", SAVE_AS, () -> save(editors.current(), true)),
                new SeparatorMenuItem(),
                item("Settings…", "menu-settings", SETTINGS, this::editSettings),
                new SeparatorMenuItem(),
                item("Close tab", "menu-close-tab", CLOSE_TAB, editors::closeCurrent));
        file.setId("file-menu");
        Menu snippets = new Menu("Snippets");
        snippets.setId("snippets-menu");
        for (SqlSnippets.Snippet snippet : SqlSnippets.Snippet.values()) {
            MenuItem item = new MenuItem(snippet.label);
            item.setId("snippet-" + snippet.name().toLowerCase(Locale.ROOT));
            item.setOnAction(e -> snippet(snippet));
            snippets.getItems().add(item);
        }
        MenuItem saveQuery = item("Save query…", "menu-save-query", null, this::saveQuery);
        MenuItem savedQueries = item("Saved queries…", "menu-saved-queries", SAVED_QUERIES,
                this::browseSaved);
        saveQuery.disableProperty().bind(saved.isNull());
        savedQueries.disableProperty().bind(saved.isNull());
        Menu query = new Menu("Query", null,
                item("Run", "menu-run", RUN, this::runCurrent),
                item("Run all", "menu-run-all", RUN_ALL, this::runAll),
                item("Explain", "menu-explain", EXPLAIN, this::explainCurrent),
                item("Cancel", "menu-cancel", CANCEL, model::cancel),
                new SeparatorMenuItem(),
                item("Format", "menu-format", FORMAT, this::format),
                snippets,
                new SeparatorMenuItem(),
                saveQuery, savedQueries);
        query.setId("query-menu");
        Menu edit = new Menu("Edit", null,
                item("Undo", "menu-undo", UNDO, () -> editors.current().area().undo()),
                item("Redo", "menu-redo", REDO, () -> editors.current().area().redo()),
                new SeparatorMenuItem(),
                item("Find…", "menu-find", FIND, () -> findBar.show(false)),
                item("Replace…", "menu-replace", REPLACE, () -> findBar.show(true)),
                new SeparatorMenuItem(),
                item("Comment or uncomment lines", "menu-comment", COMMENT, () -> editors.current().toggleComment()),
                item("Complete", "menu-complete", COMPLETE, () -> editors.current().complete()));
        edit.setId("edit-menu");
        Menu view = new Menu("View");
        view.setId("view-menu");
        ToggleGroup places = new ToggleGroup();
        for (HistoryPlace place : HistoryPlace.values()) {
            RadioMenuItem item = new RadioMenuItem("History: " + place.label.toLowerCase(Locale.ROOT));
            item.setId("view-history-" + place.name().toLowerCase(Locale.ROOT));
            item.setToggleGroup(places);
            item.setSelected(historyPlace.get() == place);
            item.setOnAction(e -> historyPlace.set(place));
            view.getItems().add(item);
        }
        historyPlace.addListener((obs, old, place) -> places.getToggles().forEach(
                toggle -> toggle.setSelected(((RadioMenuItem) toggle).getId().endsWith(
                        place.name().toLowerCase(Locale.ROOT)))));
        view.getItems().addAll(new SeparatorMenuItem(), item("Show or hide the history",
                "menu-toggle-history", TOGGLE_HISTORY, this::toggleHistory), new SeparatorMenuItem());
        ToggleGroup themes = new ToggleGroup();
        for (dev.quire.model.Settings.Theme theme : dev.quire.model.Settings.Theme.values()) {
            RadioMenuItem item = new RadioMenuItem("Theme: " + theme.label().toLowerCase(Locale.ROOT));
            item.setId("view-theme-" + theme.name().toLowerCase(Locale.ROOT));
            item.setToggleGroup(themes);
            item.setSelected(settings.get().theme() == theme);
            item.setOnAction(e -> settings.set(settings.get().withTheme(theme)));
            view.getItems().add(item);
        }
        settings.addListener((obs, old, now) -> themes.getToggles().forEach(toggle -> toggle.setSelected(
                ((RadioMenuItem) toggle).getId().endsWith(now.theme().name().toLowerCase(Locale.ROOT)))));
        Menu connection = new Menu("Connection");
        connection.setId("connection-menu");
        connection.setOnShowing(e -> fillConnections(connection));
        fillConnections(connection);
        Menu help = new Menu("Help", null,
                item("Keyboard shortcuts", "menu-shortcuts", SHORTCUTS, this::showShortcuts));
        help.setId("help-menu");
        MenuBar bar = new MenuBar(file, edit, query, view, connection, help);
        bar.setId("menu-bar");
        return bar;
    }

    /** A menu item that shows its shortcut; the shortcut itself is handled by the window's key filter. */
    private static MenuItem item(String text, String id, KeyCombination keys, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (keys != null) {
            item.setAccelerator(keys);
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private void fillRecent(Menu menu) {
        menu.getItems().clear();
        for (Path path : editors.recent()) {
            MenuItem item = new MenuItem(path.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> read(path));
            menu.getItems().add(item);
        }
        if (menu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent files");
            none.setDisable(true);
            menu.getItems().add(none);
        }
    }

    /** Where saved queries are kept; without it the saved-query commands are off. */
    public void useSavedQueries(SavedQueries store) {
        saved.set(store);
    }

    /** Query → Save query: the selection, else the tab's text, under a name and folder. */
    private void saveQuery() {
        if (saved.get() == null) {
            return;
        }
        SqlEditor editor = editors.current();
        String selected = editor.area().getSelectedText();
        String sql = selected.isBlank() ? editor.getText() : selected;
        if (sql.isBlank()) {
            model.problems(List.of("There is no SQL to save: the tab is empty."));
            return;
        }
        String name = tabTitle(editor).replaceFirst("\\.sql$", "");
        SavedQueryDialogs.save(getScene().getWindow(), saved.get(), sql,
                model.connectionProperty().get() == null ? null : model.connectionProperty().get().name(),
                name.startsWith("Query ") ? "" : name,
                query -> model.report("Saved the query " + (query.folder().isEmpty() ? "" : query.folder() + " / ")
                        + query.name() + "."));
    }

    /** Query → Saved queries: search them; Open puts one in a new tab. */
    private void browseSaved() {
        if (saved.get() != null) {
            SavedQueryDialogs.browse(getScene().getWindow(), saved.get(),
                    query -> editors.open(query.sql(), query.name()));
        }
    }

    /** A built-in snippet around the table name under the caret; Count by column then lists the columns. */
    private void snippet(SqlSnippets.Snippet snippet) {
        SqlEditor editor = editors.current();
        var edit = SqlSnippets.around(snippet, editor.getText(), editor.area().getCaretPosition());
        editor.area().replaceText(edit.start(), edit.end(), edit.text());
        editor.area().moveTo(edit.start() + edit.caret());
        if (edit.text().startsWith("select * from table_name")) {
            editor.area().selectRange(edit.start() + edit.caret(), edit.start() + edit.caret() + "table_name".length());
        }
        editor.area().requestFocus();
        if (snippet == SqlSnippets.Snippet.COUNT_BY) {
            editor.complete();
        }
    }

    /** The connections to switch the current tab to, and the dialog to add or change them. */
    private void fillConnections(Menu menu) {
        menu.getItems().clear();
        ToggleGroup chosen = new ToggleGroup();
        for (ConnectionProfile profile : model.connections()) {
            RadioMenuItem item = new RadioMenuItem(profile.name());
            item.setMnemonicParsing(false);
            item.setToggleGroup(chosen);
            item.setSelected(model.connectionProperty().get() != null
                    && profile.name().equals(model.connectionProperty().get().name()));
            item.setOnAction(e -> model.select(profile));
            menu.getItems().add(item);
        }
        if (!menu.getItems().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        MenuItem manage = item("Connections…", "menu-connections", null, () -> ConnectionDialog.show(
                getScene().getWindow(), model, model.connectionProperty().get()));
        manage.setDisable(model.connectionManager() == null);
        menu.getItems().add(manage);
    }

    private void toggleHistory() {
        historyPlace.set(historyPlace.get() == HistoryPlace.HIDDEN ? shownPlace : HistoryPlace.HIDDEN);
    }

    /** Help → Keyboard shortcuts (F1): every command with its keys, the menus' and the grid's. */
    private void showShortcuts() {
        TableView<String[]> table = new TableView<>();
        table.setId("shortcuts-table");
        TableColumn<String[], String> what = new TableColumn<>("Command");
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[0]));
        what.setPrefWidth(300);
        TableColumn<String[], String> keys = new TableColumn<>("Keys");
        keys.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[1]));
        keys.setPrefWidth(240);
        table.getColumns().add(what);
        table.getColumns().add(keys);
        table.getItems().setAll(shortcuts());
        table.setPrefSize(580, 520);
        Dialog<Void> sheet = new Dialog<>();
        sheet.initOwner(getScene().getWindow());
        sheet.setTitle("Keyboard shortcuts");
        sheet.setResizable(true);
        sheet.getDialogPane().setId("shortcuts-sheet");
        sheet.getDialogPane().setContent(table);
        sheet.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        sheet.show();
    }

    /** The menus' commands with their keys, menu by menu, then the grid's and the editor's own. */
    List<String[]> shortcuts() {
        List<String[]> rows = new ArrayList<>();
        MenuBar bar = (MenuBar) ((VBox) getTop()).getChildren().get(0);
        for (Menu menu : bar.getMenus()) {
            collect(menu, menu.getText(), rows);
        }
        rows.add(new String[] {"Grid: view the value", "Shift+Enter or double-click"});
        rows.add(new String[] {"Grid: copy the cells or rows",
                new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).getDisplayText()});
        rows.add(new String[] {"Grid: first and last row", "Ctrl+Home, Ctrl+End"});
        rows.add(new String[] {"Grid: context menu", "Shift+F10 or right click"});
        rows.add(new String[] {"Completion: narrow, choose, close", "type on, Enter, Esc"});
        return rows;
    }

    private static void collect(Menu menu, String path, List<String[]> rows) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collect(sub, path + " → " + sub.getText(), rows);
            } else if (item.getAccelerator() != null) {
                rows.add(new String[] {path + " → " + item.getText(),
                        item.getAccelerator().getDisplayText().replace("↵", "Enter")});
            }
        }
    }

    /** Lets tests answer the file dialogs. */
    void setFilePicker(FilePicker filePicker) {
        picker = filePicker;
    }

    /** File → Open: asks for a .sql file and shows it in a tab (its own tab if it is open already). */
    private void openFile() {
        Path folder = editors.current().path() != null ? editors.current().path().getParent()
                : editors.recent().isEmpty() ? null : editors.recent().get(0).getParent();
        picker.toOpen(getScene().getWindow(), folder).ifPresent(this::read);
    }

    private void read(Path path) {
        if (editors.tabOf(path).isPresent()) {
            editors.openFile(path, null);
            return;
        }
        inBackground(() -> SqlFile.read(path)).thenAcceptAsync(file -> {
            if (file.ok()) {
                editors.openFile(file.path(), file.text());
            } else {
                editors.recent().remove(path.toAbsolutePath().normalize());
                model.problems(List.of(file.problem()));
            }
        }, Fx.THREAD);
    }

    /**
     * Saves the tab's text to its file, or to one the user picks (always for "Save as"). Completes
     * with whether it was saved; what went wrong is shown in the error line and Messages.
     */
    private CompletableFuture<Boolean> save(SqlEditor editor, boolean as) {
        Path target = editor.path();
        if (as || target == null) {
            Path suggested = target != null ? target : editors.recent().isEmpty() ? null
                    : editors.recent().get(0).resolveSibling(tabTitle(editor).replaceAll("[^A-Za-z0-9._-]+", "_") + ".sql");
            Optional<Path> picked = picker.toSave(getScene().getWindow(), suggested);
            if (picked.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            target = picked.get();
        }
        Path file = target;
        String text = editor.getText();
        return inBackground(() -> SqlFile.write(file, text)).thenApplyAsync(problem -> {
            if (problem != null) {
                model.problems(List.of(problem));
                return false;
            }
            editor.saved(file, text);
            editors.used(file);
            model.report("Saved " + file + ".");
            return true;
        }, Fx.THREAD);
    }

    private <T> CompletableFuture<T> inBackground(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, fileIo);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String tabTitle(SqlEditor editor) {
        return editors.getTabs().stream().filter(t -> t.getUserData() == editor).findFirst()
                .map(t -> t.getText().replace(" *", "")).orElse("query");
    }

    /**
     * Asks before a tab with unsaved work closes (a file tab with changes, or a tab of text that is in
     * no file): Save closes it once saved, Don't save closes it, Cancel keeps it.
     */
    private boolean mayClose(Tab tab) {
        SqlEditor editor = (SqlEditor) tab.getUserData();
        boolean unsaved = editor.modifiedProperty().get() || editor.path() == null && !editor.getText().isBlank();
        if (!unsaved || getScene() == null) {
            return true;
        }
        String name = tab.getText().replace(" *", "");
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION,
                editor.path() == null ? "Its SQL is in no file and is gone once the tab is closed."
                        : "Its changes to " + editor.path() + " are lost if it closes without saving.",
                SAVE_CHANGES, DROP_CHANGES, ButtonType.CANCEL);
        ask.initOwner(getScene().getWindow());
        ask.setTitle("Close " + name);
        ask.setHeaderText("Save " + name + " before closing it?");
        ask.getDialogPane().setId("close-prompt");
        ButtonType answer = ask.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == DROP_CHANGES) {
            return true;
        }
        if (answer == SAVE_CHANGES) {
            save(editor, false).thenAccept(saved -> {
                if (saved) {
                    editors.close(tab);
                }
            });
        }
        return false;
    }

    /** A new editor tab gets its console (the first tab the model's first) and shows where it runs. */
    private void opened(Tab tab) {
        Console console = firstTab ? model.console() : model.newConsole();
        firstTab = false;
        tab.getProperties().put(Console.class, console);
        ResultsPane results = new ResultsPane(console.results(), console.messages(), console::report);
        console.planProperty().addListener((obs, old, plan) -> results.showPlan(plan));
        tab.getProperties().put(ResultsPane.class, results);
        Label place = new Label();
        place.getStyleClass().add("tab-place");
        place.textProperty().bind(Bindings.when(console.runningProperty()).then("running · ")
                .otherwise("").concat(console.placeProperty()));
        console.runningProperty().addListener((obs, was, now) -> {
            if (now) {
                place.getStyleClass().add("running");
            } else {
                place.getStyleClass().remove("running");
            }
        });
        tab.setGraphic(place);
    }

    private void closed(Tab tab) {
        if (tab.getProperties().get(Console.class) instanceof Console console) {
            model.close(console);
        }
    }

    private void showResultsOf(Console console) {
        editors.getTabs().stream().filter(tab -> tab.getProperties().get(Console.class) == console).findFirst()
                .map(tab -> (ResultsPane) tab.getProperties().get(ResultsPane.class))
                .ifPresent(pane -> results.getChildren().setAll(pane));
    }

    private void shortcut(KeyEvent event) {
        if (RUN_ALL.match(event)) {
            runAll();
        } else if (RUN.match(event)) {
            runCurrent();
        } else if (CANCEL.match(event) && model.runningProperty().get()) {
            model.cancel();
        } else if (NEW_TAB.match(event)) {
            editors.open("");
        } else if (CLOSE_TAB.match(event)) {
            editors.closeCurrent();
        } else if (EXPLAIN.match(event)) {
            explainCurrent();
        } else if (SAVED_QUERIES.match(event)) {
            browseSaved();
        } else if (OPEN.match(event)) {
            openFile();
        } else if (SAVE_AS.match(event)) {
            save(editors.current(), true);
        } else if (SAVE.match(event)) {
            save(editors.current(), false);
        } else if (FORMAT.match(event)) {
            format();
        } else if (FIND.match(event)) {
            findBar.show(false);
        } else if (REPLACE.match(event)) {
            findBar.show(true);
        } else if (COMMENT.match(event)) {
            editors.current().toggleComment();
        } else if (COMPLETE.match(event)) {
            editors.current().complete();
        } else if (TOGGLE_HISTORY.match(event)) {
            toggleHistory();
        } else if (SHORTCUTS.match(event)) {
            showShortcuts();
        } else if (SETTINGS.match(event)) {
            editSettings();
        } else {
            return;
        }
        event.consume();
    }

    private static Button button(String text, String id, String tip) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        return button;
    }

    private void runCurrent() {
        SqlEditor editor = editors.current();
        String sql = editor.statementToRun();
        List<String> names = model.parametersOf(sql);
        if (names.isEmpty()) {
            model.run(sql);
            return;
        }
        Map<String, String> last = parameterValues.computeIfAbsent(editor, e -> new HashMap<>());
        ParameterForm.ask(getScene().getWindow(), names, model.positionalParameters(), last).ifPresent(values -> {
            last.putAll(values);
            model.run(sql, values);
        });
    }

    private void explainCurrent() {
        model.console().explain(editors.current().statementToRun());
    }

    private void runAll() {
        model.runScript(editors.current().getText());
    }

    private void format() {
        SqlEditor editor = editors.current();
        String text = editor.getText();
        if (!text.isBlank()) {
            editor.area().replaceText(SqlFormatter.format(text));
        }
    }

    private void insert(String text) {
        SqlEditor editor = editors.current();
        editor.area().insertText(editor.area().getCaretPosition(), text);
        editor.area().requestFocus();
    }

    private void openAndRun(String sql) {
        editors.open(sql);
        model.run(sql);
    }

    /** The divider positions of the split across the window (schema | editor and results | history). */
    public List<Double> sideDividers() {
        return positions(main);
    }

    /** The divider positions of the split between the editor and the results (and the history at the bottom). */
    public List<Double> middleDividers() {
        return positions(center);
    }

    /**
     * Shows the toolbar and the editor only, for a first frame that comes quickly; {@link #showAll}
     * then brings in the schema tree, the results and the history.
     */
    public void showEditorFirst() {
        if (mainItems == null) {
            mainItems = List.copyOf(main.getItems());
            centerItems = List.copyOf(center.getItems());
            main.getItems().setAll(center);
            center.getItems().setAll(editorPane);
        }
    }

    /** Brings in what {@link #showEditorFirst} left out, with the dividers where they were. */
    public void showAll(List<Double> sides, List<Double> middle) {
        if (mainItems != null) {
            main.getItems().setAll(mainItems);
            center.getItems().setAll(centerItems);
            mainItems = null;
            centerItems = null;
            main.setDividerPositions(0.2, 0.74);
            center.setDividerPositions(historyPlace.get() == HistoryPlace.BOTTOM ? new double[] {0.4, 0.7}
                    : new double[] {0.45});
        }
        restoreDividers(sides, middle);
    }

    /** Puts the dividers back where they were, where the panes are as they were then. */
    public void restoreDividers(List<Double> sides, List<Double> middle) {
        restore(main, sides);
        restore(center, middle);
    }

    private static List<Double> positions(SplitPane split) {
        return Arrays.stream(split.getDividerPositions()).boxed().toList();
    }

    private static void restore(SplitPane split, List<Double> positions) {
        if (!positions.isEmpty() && positions.size() == split.getDividers().size()) {
            split.setDividerPositions(positions.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * Takes the settings read at start and where to keep them; desktopDark is the desktop's
     * preference, which the theme "as the desktop" follows. Later changes apply at once and are saved.
     */
    public void useSettings(SettingsStore store, dev.quire.model.Settings initial, boolean desktopPrefersDark) {
        settingsStore = null;
        desktopDark = desktopPrefersDark;
        settings.set(initial);
        applySettings(initial);
        settingsStore = store;
    }

    private void settingsChanged(dev.quire.model.Settings now) {
        applySettings(now);
        if (settingsStore != null) {
            settingsStore.save(now).exceptionally(failure -> {
                Fx.THREAD.execute(() -> model.report("The settings could not be saved: " + Failures.message(failure)));
                return null;
            });
        }
    }

    /** The desktop's preference became known (or changed); a theme "as the desktop" follows it. */
    public void desktopPrefersDark(boolean dark) {
        desktopDark = dark;
        applySettings(settings.get());
    }

    private void applySettings(dev.quire.model.Settings now) {
        boolean dark = Themes.isDark(now.theme(), desktopDark);
        if (dark != Themes.dark() || getScene() == null) {
            Themes.apply(dark);
        }
        editors.fontSizeProperty().set(now.editorFontSize());
        editors.completeOnDotProperty().set(now.completeOnDot());
    }

    /** The settings in use; set them to change them. */
    public ObjectProperty<dev.quire.model.Settings> settingsProperty() {
        return settings;
    }

    private void editSettings() {
        SettingsDialog dialog = new SettingsDialog(getScene().getWindow(), settings.get());
        dialog.showAndWait().ifPresent(settings::set);
    }

    /** Where the history pane sits; set it to move the pane. */
    public ObjectProperty<HistoryPlace> historyPlaceProperty() {
        return historyPlace;
    }

    public WorkbenchModel model() {
        return model;
    }

    public SqlEditor editor() {
        return editors.current();
    }

    public EditorTabs editors() {
        return editors;
    }
}
