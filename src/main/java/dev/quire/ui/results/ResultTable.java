package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.model.ResultPage;
import java.util.Base64;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Shows result rows with typed display: numbers right-aligned, NULL distinct from empty text. */
public final class ResultTable extends TableView<Object[]> {

    public ResultTable() {
        getStyleClass().add("result-grid");
        getStyleClass().add("result-table");
        setPlaceholder(new Label("Run a statement to see its rows here."));
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    public void show(ResultPage page) {
        getColumns().clear();
        if (page == null) {
            getItems().clear();
            return;
        }
        List<Column> columns = page.columns();
        for (int i = 0; i < columns.size(); i++) {
            TableColumn<Object[], Object> column = column(columns.get(i), i);
            column.setPrefWidth(width(columns.get(i).name(), page.rows(), i));
            getColumns().add(column);
        }
        setItems(FXCollections.observableArrayList(page.rows()));
    }

    private static TableColumn<Object[], Object> column(Column column, int index) {
        TableColumn<Object[], Object> tableColumn = new TableColumn<>(column.name());
        tableColumn.setUserData(column);
        tableColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(
                index < cell.getValue().length ? cell.getValue()[index] : null));
        boolean numeric = column.isNumeric();
        tableColumn.setCellFactory(ignore -> new ValueCell<>(numeric));
        if (numeric) {
            tableColumn.getStyleClass().add("numeric");
        }
        return tableColumn;
    }

    /** A width that fits the header and the first rows' text, within bounds. */
    private static double width(String header, List<Object[]> rows, int index) {
        int chars = header.length() + 2;
        for (int r = 0; r < Math.min(rows.size(), 200); r++) {
            Object[] row = rows.get(r);
            if (index < row.length) {
                chars = Math.max(chars, display(row[index]).length());
            }
        }
        return Math.max(60, Math.min(420, chars * 8.0 + 24));
    }

    /** The value of a row whose data has not arrived yet. */
    static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "…";
        }
    };

    /** Displays one typed value: numbers right-aligned, NULL and pending rows in their own style. */
    static final class ValueCell<S> extends TableCell<S, Object> {
        ValueCell(boolean numeric) {
            if (numeric) {
                getStyleClass().add("numeric-cell");
            }
        }

        @Override
        protected void updateItem(Object value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().removeAll("null-cell", "pending-cell");
            if (empty) {
                setText(null);
            } else if (value == PENDING) {
                setText("…");
                getStyleClass().add("pending-cell");
            } else if (value == null) {
                setText("NULL");
                getStyleClass().add("null-cell");
            } else {
                setText(display(value));
            }
        }
    }

    public static String display(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
