package dev.quire.ui.history;

import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import dev.quire.model.SqlScript;
import dev.quire.service.history.HistoryRow;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The history pane: search, status filter, the merged list, load more; open SQL or result from a row. */
public final class HistoryPane extends VBox {

    /** The time in the user's locale, as the desktop writes it ("12/3/26, 3:07:24 PM" in the US). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedDateTime(
            java.time.format.FormatStyle.SHORT, java.time.format.FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

    private final TableView<HistoryRow> table = new TableView<>();

    /** openSql opens the SQL in a new editor tab; showResult shows a statement's result again. */
    public HistoryPane(HistoryModel model, Consumer<String> openSql, Consumer<String> showResult) {
        setId("history-pane");
        getStyleClass().add("history-pane");
        TextField search = new TextField();
        search.setId("history-search");
        search.setPromptText("Search history");
        search.textProperty().bindBidirectional(model.textProperty());
        ComboBox<RunState> status = new ComboBox<>();
        status.setId("history-status");
        status.getItems().add(null);
        status.getItems().addAll(List.of(RunState.FINISHED, RunState.FAILED, RunState.CANCELLED,
                RunState.RUNNING));
        status.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunState value) {
                return value == null ? "All" : dev.quire.model.StateWords.of(value.name());
            }

            @Override
            public RunState fromString(String text) {
                return java.util.Arrays.stream(RunState.values())
                        .filter(state -> dev.quire.model.StateWords.of(state.name()).equals(text)).findFirst().orElse(null);
            }
        });
        status.valueProperty().bindBidirectional(model.statusProperty());
        Button refresh = new Button("⟳");
        refresh.setOnAction(e -> model.reload());
        HBox bar = new HBox(4, search, status, refresh);
        HBox.setHgrow(search, Priority.ALWAYS);

        table.setId("history-table");
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No statements yet."));
        table.getColumns().add(column("Time", 140, row -> row.entry().submittedAt() == null ? ""
                : TIME.format(row.entry().submittedAt())));
        TableColumn<HistoryRow, String> state = column("Status", 100, row -> row.entry().status() == null ? ""
                : dev.quire.model.StateWords.of(row.entry().status().name()));
        state.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                HistoryRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : text);
                setGraphic(row == null || row.entry().status() == null ? null
                        : dev.quire.ui.common.Icons.state(row.entry().status()));
            }
        });
        table.getColumns().add(state);
        table.getColumns().add(column("SQL", 300, row -> SqlScript.summary(row.entry().sql())));
        table.getColumns().add(column("Duration", 70, row -> row.entry().duration() == null ? ""
                : String.format("%.2f s", row.entry().duration().toMillis() / 1000.0)));
        table.getColumns().add(column("Rows", 60, row -> row.entry().resultRows() < 0 ? ""
                : String.format("%,d", row.entry().resultRows())));
        table.getColumns().add(column("Name", 80, row -> row.entry().statementName() == null ? ""
                : row.entry().statementName()));
        table.setRowFactory(view -> {
            TableRow<HistoryRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    openSql.accept(row.getItem().entry().sql());
                }
            });
            MenuItem open = new MenuItem("Open SQL in a new tab");
            open.setOnAction(e -> openSql.accept(row.getItem().entry().sql()));
            MenuItem result = new MenuItem("Show result");
            result.setOnAction(e -> showResult.accept(resultId(row.getItem().entry())));
            ContextMenu menu = new ContextMenu(open, result);
            menu.setOnShowing(e -> result.setDisable(row.getItem() == null || resultId(row.getItem().entry()) == null));
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(menu));
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        Button more = new Button("Load more");
        more.setId("history-more");
        more.setOnAction(e -> model.loadMore());
        HBox footer = new HBox(8, more, summary);
        getChildren().addAll(bar, table, footer);
    }

    /** The statement whose result the server may still hold: a single statement that finished. */
    private static String resultId(HistoryEntry entry) {
        if (entry.statementId() == null || entry.status() != RunState.FINISHED) {
            return null;
        }
        return entry.batch() ? entry.statementId() + ":1" : entry.statementId();
    }

    private static TableColumn<HistoryRow, String> column(String title, double width,
                                                          java.util.function.Function<HistoryRow, String> value) {
        TableColumn<HistoryRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    public TableView<HistoryRow> table() {
        return table;
    }
}
