package dev.quire.ui.editor;

import dev.quire.model.SavedQuery;
import dev.quire.service.SavedQueries;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Fx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Saving a query under a name and folder, and the saved queries to search, open and delete. */
public final class SavedQueryDialogs {

    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType OPEN = new ButtonType("Open", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType DELETE = new ButtonType("Delete", ButtonBar.ButtonData.LEFT);

    private SavedQueryDialogs() {
    }

    /**
     * Asks for a name and a folder and saves the SQL under them; the dialog stays open with the
     * reason when the save fails. saved hears of what was saved.
     */
    public static void save(Window owner, SavedQueries store, String sql, String connection, String suggestedName,
                            Consumer<SavedQuery> saved) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Save query");
        dialog.setHeaderText("Save the query to find it again from any connection");
        dialog.getDialogPane().setId("save-query");
        dialog.getDialogPane().getButtonTypes().addAll(SAVE, ButtonType.CANCEL);
        TextField name = new TextField(suggestedName);
        name.setId("saved-name");
        name.setPrefColumnCount(30);
        ComboBox<String> folder = new ComboBox<>();
        folder.setId("saved-folder");
        folder.setEditable(true);
        folder.setMaxWidth(Double.MAX_VALUE);
        Label problem = new Label();
        problem.setId("saved-problem");
        problem.getStyleClass().add("error-line");
        problem.setWrapText(true);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Folder"), folder);
        form.add(problem, 0, 2, 2, 1);
        GridPane.setHgrow(name, Priority.ALWAYS);
        dialog.getDialogPane().setContent(form);
        Button ok = (Button) dialog.getDialogPane().lookupButton(SAVE);
        ok.disableProperty().bind(name.textProperty().isEmpty());
        store.all().whenCompleteAsync((list, failure) -> {
            if (list != null) {
                folder.getItems().setAll(list.stream().map(SavedQuery::folder).filter(f -> !f.isEmpty()).distinct()
                        .toList());
            }
        }, Fx.THREAD);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            SavedQuery query = new SavedQuery(name.getText(), folder.getEditor().getText(), sql, connection,
                    Instant.now());
            if (query.problem() != null) {
                problem.setText(query.problem());
                return;
            }
            problem.setText("Saving…");
            ok.disableProperty().unbind();
            ok.setDisable(true);
            store.save(query).whenCompleteAsync((list, failure) -> {
                ok.disableProperty().bind(name.textProperty().isEmpty());
                if (failure != null) {
                    problem.setText("Could not save the query: " + Failures.message(failure));
                } else {
                    saved.accept(query);
                    dialog.close();
                }
            }, Fx.THREAD);
        });
        dialog.show();
        name.requestFocus();
    }

    /** The saved queries by folder, searched as the user types; Open puts one in a tab, Delete removes it. */
    public static void browse(Window owner, SavedQueries store, Consumer<SavedQuery> open) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Saved queries");
        dialog.setHeaderText(null);
        dialog.setResizable(true);
        dialog.getDialogPane().setId("saved-queries");
        dialog.getDialogPane().getButtonTypes().addAll(OPEN, DELETE, ButtonType.CLOSE);
        TextField search = new TextField();
        search.setId("saved-search");
        search.setPromptText("Search names, folders, SQL and connections");
        TreeView<Object> tree = new TreeView<>(new TreeItem<>("Saved queries"));
        tree.setId("saved-tree");
        tree.setShowRoot(false);
        tree.setPrefSize(560, 360);
        tree.setCellFactory(view -> new TreeCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setMnemonicParsing(false);
                if (empty || item == null) {
                    setText(null);
                } else if (item instanceof SavedQuery query) {
                    setText(query.name() + (query.connection() == null ? "" : "  ·  " + query.connection()));
                } else {
                    setText(item.toString());
                }
            }
        });
        Label status = new Label("Loading…");
        status.setId("saved-status");
        VBox content = new VBox(8, search, tree, status);
        VBox.setVgrow(tree, Priority.ALWAYS);
        dialog.getDialogPane().setContent(content);
        List<SavedQuery>[] all = new List[] {List.of()};
        Runnable fill = () -> fill(tree, all[0], search.getText(), status);
        search.textProperty().addListener((obs, old, now) -> fill.run());
        store.all().whenCompleteAsync((list, failure) -> {
            if (failure != null) {
                status.setText(Failures.message(failure));
            } else {
                all[0] = list;
                fill.run();
            }
        }, Fx.THREAD);
        Button openButton = (Button) dialog.getDialogPane().lookupButton(OPEN);
        Button deleteButton = (Button) dialog.getDialogPane().lookupButton(DELETE);
        javafx.beans.binding.BooleanBinding noQuery = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> tree.getSelectionModel().getSelectedItem() == null
                        || !(tree.getSelectionModel().getSelectedItem().getValue() instanceof SavedQuery),
                tree.getSelectionModel().selectedItemProperty());
        openButton.disableProperty().bind(noQuery);
        deleteButton.disableProperty().bind(noQuery);
        openButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            if (selected(tree) instanceof SavedQuery query) {
                open.accept(query);
            }
        });
        deleteButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            if (selected(tree) instanceof SavedQuery query) {
                store.delete(query).whenCompleteAsync((list, failure) -> {
                    if (failure != null) {
                        status.setText("Could not delete " + query.name() + ": " + Failures.message(failure));
                    } else {
                        all[0] = list;
                        fill.run();
                        status.setText("Deleted " + query.name() + ".");
                    }
                }, Fx.THREAD);
            }
        });
        tree.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2 && selected(tree) instanceof SavedQuery query) {
                open.accept(query);
                dialog.close();
            }
        });
        dialog.show();
        search.requestFocus();
    }

    private static Object selected(TreeView<Object> tree) {
        TreeItem<Object> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    private static void fill(TreeView<Object> tree, List<SavedQuery> all, String search, Label status) {
        Map<String, TreeItem<Object>> folders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        TreeItem<Object> root = tree.getRoot();
        root.getChildren().clear();
        int shown = 0;
        for (SavedQuery query : all) {
            if (!query.matches(search)) {
                continue;
            }
            shown++;
            TreeItem<Object> parent = root;
            if (!query.folder().isEmpty()) {
                parent = folders.computeIfAbsent(query.folder(), f -> {
                    TreeItem<Object> folder = new TreeItem<>(f);
                    folder.setExpanded(true);
                    root.getChildren().add(folder);
                    return folder;
                });
            }
            parent.getChildren().add(new TreeItem<>(query));
        }
        status.setText(all.isEmpty() ? "No saved queries yet: Query → Save query… saves the tab's SQL."
                : String.format("%d of %d saved queries", shown, all.size()));
    }
}
