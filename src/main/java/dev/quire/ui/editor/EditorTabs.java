package dev.quire.ui.editor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Tabs of SQL editors; there is always at least one. A tab showing a file is titled with the
 * file's name and marked with {@code *} while its text differs from the file's. The recently used
 * files are kept here too.
 */
public final class EditorTabs extends TabPane {

    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private int opened;
    private final javafx.beans.property.IntegerProperty fontSize = new javafx.beans.property.SimpleIntegerProperty(13);
    private final javafx.beans.property.BooleanProperty completeOnDot =
            new javafx.beans.property.SimpleBooleanProperty(true);
    private SqlEditor.Completer completer = (text, caret) -> java.util.concurrent.CompletableFuture.completedFuture(null);
    private Runnable changed = () -> { };
    private Predicate<Tab> mayClose = tab -> true;

    public EditorTabs() {
        setId("editor-tabs");
        setTabClosingPolicy(TabClosingPolicy.ALL_TABS);
        getTabs().addListener((javafx.collections.ListChangeListener<Tab>) change -> {
            if (getTabs().isEmpty()) {
                open("");
            }
            changed.run();
        });
        recent.addListener((javafx.collections.ListChangeListener<Path>) change -> changed.run());
    }

    /** Opens a new tab with the text and selects it. */
    public SqlEditor open(String text) {
        return open(text, null);
    }

    /** Opens a new tab with the text under the title (or "Query N" when null) and selects it. */
    public SqlEditor open(String text, String title) {
        SqlEditor editor = new SqlEditor();
        editor.setText(text);
        editor.setCompleter(completer);
        editor.completeOnDotProperty().bind(completeOnDot);
        editor.area().styleProperty().bind(Bindings.format("-fx-font-size: %dpx;", fontSize));
        editor.area().textProperty().addListener((obs, old, now) -> changed.run());
        String name = title == null ? "Query " + (++opened) : title;
        Tab tab = new Tab(name, editor);
        tab.textProperty().bind(Bindings.createStringBinding(() -> {
            Path file = editor.path();
            String shown = file == null || file.getFileName() == null ? name : file.getFileName().toString();
            return editor.modifiedProperty().get() ? shown + " *" : shown;
        }, editor.pathProperty(), editor.modifiedProperty()));
        tab.setUserData(editor);
        tab.setOnCloseRequest(event -> {
            if (!mayClose.test(tab)) {
                event.consume();
            }
        });
        editor.pathProperty().addListener((obs, old, now) -> changed.run());
        editor.modifiedProperty().addListener((obs, old, now) -> changed.run());
        getTabs().add(tab);
        getSelectionModel().select(tab);
        editor.area().requestFocus();
        return editor;
    }

    /** Shows the file: its tab if one shows it already, else a new tab with its text. */
    public SqlEditor openFile(Path path, String text) {
        Optional<Tab> showing = tabOf(path);
        if (showing.isPresent()) {
            getSelectionModel().select(showing.get());
            return (SqlEditor) showing.get().getUserData();
        }
        SqlEditor editor = open(text, null);
        editor.saved(path, text);
        used(path);
        return editor;
    }

    /** The tab that shows the file, if any. */
    public Optional<Tab> tabOf(Path path) {
        Path wanted = path.toAbsolutePath().normalize();
        return getTabs().stream().filter(tab -> {
            Path shown = ((SqlEditor) tab.getUserData()).path();
            return shown != null && shown.toAbsolutePath().normalize().equals(wanted);
        }).findFirst();
    }

    /** Puts the file first among the recent files. */
    public void used(Path path) {
        Path file = path.toAbsolutePath().normalize();
        recent.remove(file);
        recent.add(0, file);
        if (recent.size() > EditorState.RECENT) {
            recent.remove(EditorState.RECENT, recent.size());
        }
    }

    /** The files opened or saved last, newest first. */
    public ObservableList<Path> recent() {
        return recent;
    }

    /** Where every editor's completion finds what lies in a scope. */
    /** The editors' font size in pixels, for every tab. */
    public javafx.beans.property.IntegerProperty fontSizeProperty() {
        return fontSize;
    }

    /** Whether a typed dot opens completion, in every tab. */
    public javafx.beans.property.BooleanProperty completeOnDotProperty() {
        return completeOnDot;
    }

    public void setCompleter(SqlEditor.Completer source) {
        completer = source;
        getTabs().forEach(tab -> ((SqlEditor) tab.getUserData()).setCompleter(source));
    }

    /** Asked before a tab closes (by its close button or {@link #closeCurrent()}); false keeps it. */
    public void setCloseGuard(Predicate<Tab> guard) {
        mayClose = guard;
    }

    /** Called after any edit, tab opened or closed, file saved or recent file added. */
    public void onChange(Runnable listener) {
        changed = listener;
    }

    /** Replaces all tabs with the kept ones (at least one tab stays) and takes the kept recent files. */
    public void restore(EditorState state) {
        recent.setAll(state.recent());
        if (state.tabs().isEmpty()) {
            return;
        }
        List<Tab> old = List.copyOf(getTabs());
        opened = 0;
        for (SavedTab kept : state.tabs()) {
            SqlEditor editor = open(kept.text());
            if (kept.path() != null) {
                editor.saved(kept.path(), kept.modified() ? null : kept.text());
            }
        }
        getTabs().removeAll(old);
        getSelectionModel().select(0);
    }

    public SqlEditor current() {
        Tab tab = getSelectionModel().getSelectedItem();
        return tab == null ? open("") : (SqlEditor) tab.getUserData();
    }

    /** Every tab's text, in order. */
    public List<String> texts() {
        return getTabs().stream().map(tab -> ((SqlEditor) tab.getUserData()).getText()).toList();
    }

    /** What is kept between starts: every tab, the file it shows and whether it differs, and the recent files. */
    public EditorState state() {
        return new EditorState(getTabs().stream().map(tab -> {
            SqlEditor editor = (SqlEditor) tab.getUserData();
            return new SavedTab(editor.getText(), editor.path(), editor.modifiedProperty().get());
        }).toList(), recent);
    }

    /** Closes the current tab, once the close guard lets it. */
    public void closeCurrent() {
        Tab tab = getSelectionModel().getSelectedItem();
        if (tab != null && mayClose.test(tab)) {
            getTabs().remove(tab);
        }
    }

    /** Closes the tab without asking (after its changes were saved or dropped). */
    public void close(Tab tab) {
        getTabs().remove(tab);
    }
}
