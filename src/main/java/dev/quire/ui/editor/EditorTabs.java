package dev.quire.ui.editor;

import java.util.List;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** Tabs of SQL editors; there is always at least one. */
public final class EditorTabs extends TabPane {

    private int opened;

    public EditorTabs() {
        setId("editor-tabs");
        setTabClosingPolicy(TabClosingPolicy.ALL_TABS);
        getTabs().addListener((javafx.collections.ListChangeListener<Tab>) change -> {
            if (getTabs().isEmpty()) {
                open("");
            }
        });
    }

    /** Opens a new tab with the text and selects it. */
    public SqlEditor open(String text) {
        SqlEditor editor = new SqlEditor();
        editor.setText(text);
        Tab tab = new Tab("Query " + (++opened), editor);
        tab.setUserData(editor);
        getTabs().add(tab);
        getSelectionModel().select(tab);
        editor.area().requestFocus();
        return editor;
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
