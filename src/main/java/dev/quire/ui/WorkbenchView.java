package dev.quire.ui;

import dev.quire.ui.editor.SqlEditor;
import dev.quire.ui.results.ResultTable;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
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
import javafx.scene.layout.VBox;

/** The main window's content: toolbar, SQL editor, error line, result table and status bar. */
public final class WorkbenchView extends BorderPane {

    static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination CANCEL = new KeyCodeCombination(KeyCode.ESCAPE);

    private final WorkbenchModel model;
    private final SqlEditor editor = new SqlEditor();
    private final ResultTable table = new ResultTable();

    public WorkbenchView(WorkbenchModel model) {
        this.model = model;
        getStyleClass().add("workbench");

        Button run = new Button("Run");
        run.setId("run-button");
        run.setTooltip(new Tooltip("Run the statement under the caret (Ctrl+Enter)"));
        run.disableProperty().bind(model.canRunProperty().not());
        run.setOnAction(e -> runCurrent());

        Button cancel = new Button("Cancel");
        cancel.setId("cancel-button");
        cancel.setTooltip(new Tooltip("Cancel the running statement (Esc)"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());

        setTop(new ToolBar(run, cancel));

        Label error = new Label();
        error.setId("error-label");
        error.getStyleClass().add("error-line");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.hasErrorProperty());
        error.managedProperty().bind(error.visibleProperty());
        error.setMaxWidth(Double.MAX_VALUE);

        VBox editorPane = new VBox(editor, error);
        VBox.setVgrow(editor, Priority.ALWAYS);

        SplitPane split = new SplitPane(editorPane, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        setCenter(split);

        Label status = new Label();
        status.setId("status-label");
        status.textProperty().bind(model.statusProperty());
        Label rows = new Label();
        rows.setId("rows-label");
        rows.textProperty().bind(model.rowsTextProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox statusBar = new HBox(8, status, gap, rows);
        statusBar.getStyleClass().add("status-bar");
        setBottom(statusBar);

        model.resultProperty().addListener((obs, old, page) -> table.show(page));

        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (RUN.match(event)) {
                runCurrent();
                event.consume();
            } else if (CANCEL.match(event) && model.runningProperty().get()) {
                model.cancel();
                event.consume();
            }
        });
    }

    private void runCurrent() {
        model.run(editor.statementToRun());
    }

    public SqlEditor editor() {
        return editor;
    }
}
