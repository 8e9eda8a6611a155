package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.service.ExportFormat;
import dev.quire.service.ResultCursor;
import dev.quire.ui.common.Fx;
import dev.quire.ui.results.GridModel.GridRow;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;

/**
 * A result grid over a cursor, virtualized: the view of a {@link GridModel}. Its table holds one
 * window of the rows ({@link RowWindow}), and its own scroll bar spans the whole result; the
 * header sorts, the filter bar filters, Last row and Go to row jump. Ctrl+C copies the selected
 * rows with their headers as TSV.
 */
public final class CursorGrid extends BorderPane {

    /** The most rows the table holds at once. */
    public static final int WINDOW = RowWindow.SIZE;
    private static final PseudoClass WINDOWED = PseudoClass.getPseudoClass("windowed");
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIRST = new KeyCodeCombination(KeyCode.HOME, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LAST = new KeyCodeCombination(KeyCode.END, KeyCombination.SHORTCUT_DOWN);

    private final GridModel model;
    private final TableView<GridRow> table = new TableView<>();
    private final ScrollBar rowBar = new ScrollBar();
    private final Runnable afterLayout = this::followView;
    /** Set while the scroll bar follows the view, which must not move the view. */
    private boolean following;
    private final Label status = new Label();
    private final ComboBox<String> filterColumn = new ComboBox<>();
    private final TextField filterText = new TextField();
    /** Set while the grid itself sets the table's sort order, which must not ask for a new view. */
    private boolean settingSortOrder;

    public CursorGrid(ResultCursor cursor) {
        this(cursor, problem -> { });
    }

    /** A grid whose failures (sort, filter, reads, export) are also handed to problems, on the FX thread. */
    public CursorGrid(ResultCursor cursor, Consumer<String> problems) {
        this.model = new GridModel(cursor, Fx.THREAD, Fx.ticker(), problems);
        getStyleClass().add("cursor-grid");
        table.getStyleClass().add("result-grid");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setSortPolicy(grid -> {
            if (!settingSortOrder) {
                shapeChanged();
            }
            return true;
        });
        List<Column> columns = model.columns();
        for (int i = 0; i < columns.size(); i++) {
            table.getColumns().add(column(columns.get(i), i));
            filterColumn.getItems().add(columns.get(i).name());
        }
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelection();
            } else if (FIRST.match(e)) {
                scrollTo(0);
            } else if (LAST.match(e)) {
                scrollTo(model.rowCount() - 1);
            } else {
                return;
            }
            e.consume();
        });
        rowBar.setOrientation(Orientation.VERTICAL);
        rowBar.getStyleClass().add("grid-rows-bar");
        rowBar.valueProperty().addListener((obs, old, value) -> {
            if (!following) {
                showTop(model.window().rowAt(value.doubleValue()));
            }
        });
        rowBar.setOnScroll(e -> {
            VirtualFlow<?> flow = flow();
            if (flow != null) {
                flow.scrollPixels(-e.getDeltaY());
            }
        });
        rowBar.visibleProperty().bind(model.windowedProperty());
        rowBar.managedProperty().bind(model.windowedProperty());
        sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(afterLayout);
            }
        });
        BorderPane body = new BorderPane(table);
        body.setRight(rowBar);
        setCenter(body);
        setTop(toolbar());
        status.getStyleClass().add("grid-status");
        status.textProperty().bind(model.statusProperty());
        setBottom(status);
        showRows(model.rowsProperty().get());
        table.pseudoClassStateChanged(WINDOWED, model.windowedProperty().get());
        model.windowedProperty().addListener((obs, old, windowed) -> table.pseudoClassStateChanged(WINDOWED, windowed));
        model.rowsProperty().addListener((obs, old, rows) -> {
            showRows(rows);
            if (old == null || old.source() != rows.source()) {
                following = true;
                rowBar.setValue(0);
                following = false;
            }
        });
        model.sortProperty().addListener((obs, old, sort) -> showSort(sort));
        model.onReveal(this::reveal);
    }

    private ToolBar toolbar() {
        filterColumn.setPromptText("Column");
        if (!filterColumn.getItems().isEmpty()) {
            filterColumn.getSelectionModel().select(0);
        }
        filterText.setPromptText("Filter: contains…");
        filterText.setPrefColumnCount(8);
        filterText.getStyleClass().add("grid-filter");
        filterText.setOnAction(e -> shapeChanged());
        TextField goTo = new TextField();
        goTo.setPromptText("Go to row");
        goTo.setPrefColumnCount(5);
        goTo.getStyleClass().add("grid-goto");
        goTo.setOnAction(e -> model.goTo(goTo.getText(), this::select));
        Button last = new Button("Last row");
        last.getStyleClass().add("grid-last");
        last.setTooltip(new Tooltip("Jump to the last row"));
        last.setOnAction(e -> scrollTo(model.rowCount() - 1));
        MenuButton export = new MenuButton("Export");
        export.getStyleClass().add("grid-export");
        for (ExportFormat format : ExportFormat.values()) {
            MenuItem item = new MenuItem(format.name());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> export(format));
            export.getItems().add(item);
        }
        Button copy = new Button("Copy");
        copy.setTooltip(new Tooltip("Copy the selected rows with headers, as TSV (Ctrl+C)"));
        copy.setOnAction(e -> copySelection());
        filterColumn.setPrefWidth(150);
        ToolBar bar = new ToolBar(filterColumn, filterText, goTo, last, copy, export);
        bar.getStyleClass().add("grid-bar");
        return bar;
    }

    /** Jumps to a row (0-based), clamped to the rows there are, and selects it. */
    public void scrollTo(long row) {
        model.jump(row, this::select);
    }

    private void select(int item) {
        table.getSelectionModel().clearAndSelect(item);
        reveal(item);
    }

    /**
     * Brings an item fully into view. The table's own jump puts it at the top, which for the last
     * rows can leave it under the horizontal scroll bar; the flow then moves it fully into view.
     */
    private void reveal(int index) {
        table.scrollTo(index);
        VirtualFlow<?> flow = flow();
        if (flow != null && getScene() != null) {
            table.layout();
            flow.scrollTo(index);
        }
    }

    /** The selected row of the result (0-based), or -1. */
    public long selectedRow() {
        int index = table.getSelectionModel().getSelectedIndex();
        return index < 0 ? -1 : model.window().row(index);
    }

    /** The result row of the table's first item: 0 unless the result is longer than the window. */
    public long windowStart() {
        return model.window().start();
    }

    /** New items for the table, keeping its sort order: a table clears it whenever its items are replaced. */
    private void showRows(GridModel.Rows rows) {
        List<TableColumn<GridRow, ?>> order = List.copyOf(table.getSortOrder());
        settingSortOrder = true;
        try {
            table.setItems(rows);
            table.getSortOrder().setAll(order);
        } finally {
            settingSortOrder = false;
        }
    }

    /** Slides the window so that the row lies in its middle; the selection stays on the same rows. */
    private void moveWindow(long row) {
        RowWindow window = model.window();
        List<Long> selected = selectedRows();
        if (!model.slideTo(row)) {
            return;
        }
        int[] keep = selected.stream().filter(window::holds).mapToInt(window::item).toArray();
        if (keep.length > 0) {
            table.getSelectionModel().selectIndices(keep[0], keep);
        }
    }

    /** The grid's scroll bar moved: brings that row to the top of the view. */
    private void showTop(long row) {
        RowWindow window = model.window();
        if (!window.windowed()) {
            return;
        }
        if (window.nearEdge(row, row)) {
            moveWindow(row);
        }
        table.scrollTo(window.item(row));
    }

    /**
     * After each layout: the scroll bar follows the rows in view, and the window slides on when
     * the view nears one of its edges.
     */
    private void followView() {
        RowWindow window = model.window();
        if (!window.windowed()) {
            return;
        }
        VirtualFlow<?> flow = flow();
        if (flow == null) {
            return;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null || first.getIndex() < 0) {
            return;
        }
        RowWindow.Bar bar = window.bar(first.getIndex(), last.getIndex());
        long top = window.row(first.getIndex());
        following = true;
        try {
            rowBar.setMax(bar.max());
            rowBar.setVisibleAmount(bar.visible());
            rowBar.setBlockIncrement(bar.visible());
            rowBar.setValue(bar.value());
        } finally {
            following = false;
        }
        if (window.nearEdge(top, window.row(last.getIndex()))) {
            moveWindow(top);
            table.scrollTo(window.item(top));
        }
    }

    private VirtualFlow<?> flow() {
        return table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow ? flow : null;
    }

    /** Asks the model for what the header's sort and the filter box ask for now. */
    private void shapeChanged() {
        GridModel.Sort sort = headerSort();
        model.reshape(sort.column(), sort.ascending(), filterColumn.getSelectionModel().getSelectedIndex(),
                filterText.getText());
    }

    private GridModel.Sort headerSort() {
        TableColumn<GridRow, ?> sorted = table.getSortOrder().isEmpty() ? null : table.getSortOrder().get(0);
        return sorted == null ? GridModel.Sort.NONE : new GridModel.Sort(table.getColumns().indexOf(sorted),
                sorted.getSortType() == TableColumn.SortType.ASCENDING);
    }

    /** The header shows the model's sort (after a failed one, the order the rows have). */
    private void showSort(GridModel.Sort sort) {
        if (sort.equals(headerSort())) {
            return;
        }
        settingSortOrder = true;
        try {
            table.getSortOrder().clear();
            if (sort.column() >= 0) {
                TableColumn<GridRow, ?> column = table.getColumns().get(sort.column());
                column.setSortType(sort.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                table.getSortOrder().add(column);
            }
        } finally {
            settingSortOrder = false;
        }
    }

    private List<Long> selectedRows() {
        RowWindow window = model.window();
        return table.getSelectionModel().getSelectedIndices().stream().map(window::row).toList();
    }

    private void copySelection() {
        model.copy(selectedRows(), tsv -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(tsv);
            Clipboard.getSystemClipboard().setContent(content);
        });
    }

    private void export(ExportFormat format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the result as " + format.name());
        chooser.setInitialFileName("result." + format.name().toLowerCase(java.util.Locale.ROOT));
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            exportTo(file.toPath(), format);
        }
    }

    /** Writes the whole result (or the view) to the file; progress shows in the grid's bar. */
    public CompletableFuture<Long> exportTo(Path file, ExportFormat format) {
        return model.exportTo(file, format);
    }

    private TableColumn<GridRow, Object> column(Column column, int index) {
        TableColumn<GridRow, Object> tableColumn = new TableColumn<>(column.name());
        tableColumn.setUserData(column);
        tableColumn.setPrefWidth(Math.max(70, Math.min(320, column.name().length() * 9 + 40)));
        tableColumn.setCellValueFactory(cell -> model.cell(cell.getValue(), index));
        tableColumn.setCellFactory(ignore -> new ResultCells.ValueCell<>(column.isNumeric()));
        return tableColumn;
    }

    public TableView<GridRow> table() {
        return table;
    }

    public GridModel model() {
        return model;
    }

    /** The rows of what the grid shows now (the result, or its sorted or filtered view), as its store holds them. */
    public CompletableFuture<List<Object[]>> shownRows(long from, int count) {
        return model.shownRows(from, count);
    }

    public long rowCount() {
        return model.rowCount();
    }

    public void close() {
        model.close();
    }
}
