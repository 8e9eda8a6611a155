package dev.quire.ui.editor;

import java.util.List;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** Tabs of SQL editors; there is always at least one. */
public final class EditorTabs extends TabPane {

    private int opened;
    private java.util.function.Function<String, List<String>> names = prefix -> List.of();
    private Runnable changed = () -> { };

    public EditorTabs() {
        setId("editor-tabs");
        setTabClosingPolicy(TabClosingPolicy.ALL_TABS);
        getTabs().addListener((javafx.collections.ListChangeListener<Tab>) change -> {
            if (getTabs().isEmpty()) {
                open("");
            }
            changed.run();
        });
    }

    /** Opens a new tab with the text and selects it. */
    public SqlEditor open(String text) {
        return open(text, null);
    }

    /** Opens a new tab with the text under the title (or "Query N" when null) and selects it. */
    public SqlEditor open(String text, String title) {
        SqlEditor editor = new SqlEditor();
        editor.setText(text);
        editor.setNames(names);
        editor.area().textProperty().addListener((obs, old, now) -> changed.run());
        Tab tab = new Tab(title == null ? "Query " + (++opened) : title, editor);
        tab.setUserData(editor);
        getTabs().add(tab);
        getSelectionModel().select(tab);
        editor.area().requestFocus();
        return editor;
    }

    /** Where every editor's completion finds catalog names. */
    public void setNames(java.util.function.Function<String, List<String>> source) {
        names = source;
        getTabs().forEach(tab -> ((SqlEditor) tab.getUserData()).setNames(source));
    }

    /** Called after any edit, tab opened or tab closed. */
    public void onChange(Runnable listener) {
        changed = listener;
    }

    /** Replaces all tabs with the given texts (at least one tab stays). */
    public void restore(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        List<Tab> old = List.copyOf(getTabs());
        texts.forEach(this::open);
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

    public void closeCurrent() {
        Tab tab = getSelectionModel().getSelectedItem();
        if (tab != null) {
            getTabs().remove(tab);
        }
    }
}
