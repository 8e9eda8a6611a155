package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.service.ExportFormat;
import dev.quire.service.ResultCursor;
import dev.quire.ui.common.Fx;
import dev.quire.ui.results.GridModel.GridRow;
import dev.quire.service.RowFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
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
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.PickResult;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;

/**
 * A result grid over a cursor, virtualized: the view of a {@link GridModel}. Its table holds one
 * window of the rows ({@link RowWindow}), and its own scroll bar spans the whole result; the
 * header sorts, the filter bar filters, Last row and Go to row jump. The first column numbers the
 * rows of the view; clicking a number selects its row. Ctrl+C copies the selected cells as TSV, or
 * whole rows with their headers; the context menu copies rows in other formats, filters by a
 * cell's value, sorts, sizes a column to its cells and opens the value viewer (also Shift+Enter or
 * a double click).
 */
public final class CursorGrid extends BorderPane {

    /** The most rows the table holds at once. */
    public static final int WINDOW = RowWindow.SIZE;
    private static final PseudoClass WINDOWED = PseudoClass.getPseudoClass("windowed");
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIRST = new KeyCodeCombination(KeyCode.HOME, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LAST = new KeyCodeCombination(KeyCode.END, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination VIEW = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination ROWS_UP = new KeyCodeCombination(KeyCode.UP, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination ROWS_DOWN = new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHIFT_DOWN);
    /** The rows auto-size measures: the view's first page. */
    private static final int MEASURED_ROWS = 256;
    /** The widest a column is made from its first rows; auto-size on demand goes to 800. */
    private static final double FIRST_WIDTH = 420;

    private final GridModel model;
    private final TableView<GridRow> table = new TableView<>();
    private final TableColumn<GridRow, Long> numbers = new TableColumn<>("#");
    private final List<TableColumn<GridRow, Object>> dataColumns = new ArrayList<>();
    private final ContextMenu menu = new ContextMenu();
    private final TextField goTo = new TextField();
    /** The item a click on a row number selected, where a shift-click or Shift+Up/Down extends from. */
    private int anchorItem = -1;
    private final ScrollBar rowBar = new ScrollBar();
    private final Runnable afterLayout = this::followView;
    /** Set while the scroll bar follows the view, which must not move the view. */
    private boolean following;
    private final Label status = new Label();
    private final ComboBox<String> filterColumn = new ComboBox<>();
    private final TextField filterText = new TextField();
    /** Set while the grid itself sets the table's sort order, which must not ask for a new view. */
    private boolean settingSortOrder;
    private final BorderPane body = new BorderPane();
    private final Consumer<String> problems;
    private ChartPane chartPane;

    public CursorGrid(ResultCursor cursor) {
        this(cursor, problem -> { });
    }

    /** A grid whose failures (sort, filter, reads, export) are also handed to problems, on the FX thread. */
    public CursorGrid(ResultCursor cursor, Consumer<String> problems) {
        this.model = new GridModel(cursor, Fx.THREAD, Fx.ticker(), problems);
        this.problems = problems;
        getStyleClass().add("cursor-grid");
        table.getStyleClass().add("result-grid");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.setSortPolicy(grid -> {
            if (!settingSortOrder) {
                shapeChanged();
            }
            return true;
        });
        numbers.getStyleClass().add("row-number-column");
        numbers.setSortable(false);
        numbers.setReorderable(false);
        numbers.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().index() + 1));
        numbers.setCellFactory(ignore -> new RowNumberCell());
        table.getColumns().add(numbers);
        List<Column> columns = model.columns();
        for (int i = 0; i < columns.size(); i++) {
            TableColumn<GridRow, Object> column = column(columns.get(i), i);
            dataColumns.add(column);
            table.getColumns().add(column);
            filterColumn.getItems().add(columns.get(i).name());
        }
        // the columns take the width of their first rows' text once those are in, up to a third of a wide screen
        cursor.whenFetched(MEASURED_ROWS).thenRunAsync(() -> {
            for (int i = 0; i < dataColumns.size(); i++) {
                autoSize(i, FIRST_WIDTH);
            }
        }, Fx.THREAD);
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelection();
            } else if (FIRST.match(e)) {
                scrollTo(0);
            } else if (LAST.match(e)) {
                scrollTo(model.rowCount() - 1);
            } else if (VIEW.match(e)) {
                TablePosition<GridRow, ?> focused = table.getFocusModel().getFocusedCell();
                if (focused != null) {
                    view(focused.getRow(), dataColumns.indexOf(focused.getTableColumn()));
                }
            } else if ((ROWS_UP.match(e) || ROWS_DOWN.match(e)) && focusedOnNumbers()) {
                int to = table.getFocusModel().getFocusedIndex() + (ROWS_UP.match(e) ? -1 : 1);
                if (to >= 0 && to < table.getItems().size()) {
                    selectRows(anchorItem < 0 ? to : anchorItem, to);
                    table.scrollTo(Math.max(0, to - 3));
                }
            } else {
                return;
            }
            e.consume();
        });
        table.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            TableCell<?, ?> cell = cellAt(e.getPickResult());
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && cell != null && !cell.isEmpty()) {
                view(cell.getIndex(), dataColumns.indexOf(cell.getTableColumn()));
            }
        });
        // the menu opens on a right button release (every platform alike) or the keyboard's menu key
        table.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.SECONDARY) {
                showMenu(cellAt(e.getPickResult()), e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        table.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) {
                showMenu(null, e.getScreenX(), e.getScreenY());
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
        body.setCenter(table);
        body.setRight(rowBar);
        setCenter(body);
        setTop(toolbar());
        status.getStyleClass().add("grid-status");
        status.textProperty().bind(model.statusProperty());
        setBottom(status);
        showRows(model.rowsProperty().get());
        table.pseudoClassStateChanged(WINDOWED, model.windowedProperty().get());
        model.windowedProperty().addListener((obs, old, windowed) -> table.pseudoClassStateChanged(WINDOWED, windowed));
        fitNumbers();
        model.rowsProperty().addListener((obs, old, rows) -> {
            showRows(rows);
            fitNumbers();
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
            MenuItem item = new MenuItem(format.label);
            item.setMnemonicParsing(false);
            item.setOnAction(e -> export(format));
            export.getItems().add(item);
        }
        Button copy = new Button("Copy");
        copy.setTooltip(new Tooltip("Copy the selected cells as TSV, whole rows with headers (Ctrl+C)"));
        copy.setOnAction(e -> copySelection());
        // wide enough for the longest column name (within reason), and its list as wide as its names
        Text longest = new Text(filterColumn.getItems().stream().reduce("", (a, b) -> b.length() > a.length() ? b : a));
        filterColumn.setPrefWidth(Math.max(160, Math.min(340, Math.ceil(longest.getLayoutBounds().getWidth() * 1.15) + 64)));
        filterColumn.setTooltip(new javafx.scene.control.Tooltip("The column the filter looks in"));
        javafx.scene.control.ToggleButton chart = new javafx.scene.control.ToggleButton("Chart");
        chart.getStyleClass().add("grid-chart");
        chart.setTooltip(new Tooltip("Chart every row of the result, as the filters leave it"));
        chart.selectedProperty().addListener((obs, old, on) -> showChart(on));
        ToolBar bar = new ToolBar(filterColumn, filterText, goTo, last, copy, export, chart);
        bar.getStyleClass().add("grid-bar");
        return bar;
    }

    /** Shows the chart of the result in place of the rows, or the rows again. */
    private void showChart(boolean on) {
        if (on) {
            if (chartPane == null) {
                chartPane = new ChartPane(model.cursor(), model::shownFilter, problems);
            } else {
                chartPane.draw();
            }
            setCenter(chartPane);
        } else {
            setCenter(body);
        }
    }

    /** The chart shown in place of the rows, or null before Chart is first pressed. */
    public ChartPane chartPane() {
        return chartPane;
    }

    /** Jumps to a row (0-based), clamped to the rows there are, and selects it. */
    public void scrollTo(long row) {
        model.jump(row, this::select);
    }

    private void select(int item) {
        anchorItem = item;
        selectRows(item, item);
        reveal(item);
    }

    /** Selects the whole rows of the items from and to (either way round), the focus on to's number. */
    private void selectRows(int from, int to) {
        table.getSelectionModel().clearSelection();
        table.getSelectionModel().selectRange(Math.min(from, to), numbers, Math.max(from, to), lastColumn());
        table.getFocusModel().focus(to, numbers);
    }

    private TableColumn<GridRow, ?> lastColumn() {
        return dataColumns.isEmpty() ? numbers : dataColumns.get(dataColumns.size() - 1);
    }

    private boolean focusedOnNumbers() {
        TablePosition<GridRow, ?> focused = table.getFocusModel().getFocusedCell();
        return focused != null && focused.getTableColumn() == numbers;
    }

    /** The row number column is as wide as the view's largest number (also while the rows grow). */
    private void fitNumbers() {
        int digits = Long.toString(Math.max(1, model.rowCount())).length();
        numbers.setPrefWidth(Math.max(36, 14 + digits * 8));
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
        rows.addListener((ListChangeListener<GridRow>) change -> fitNumbers());
        List<TableColumn<GridRow, ?>> order = List.copyOf(table.getSortOrder());
        settingSortOrder = true;
        try {
            table.setItems(rows);
            table.getSortOrder().setAll(order);
        } finally {
            settingSortOrder = false;
        }
    }

    /** Slides the window so that the row lies in its middle; the selection stays on the same cells. */
    private void moveWindow(long row) {
        RowWindow window = model.window();
        List<Long> rows = new ArrayList<>();
        List<TableColumn<GridRow, ?>> columns = new ArrayList<>();
        for (TablePosition<GridRow, ?> cell : table.getSelectionModel().getSelectedCells()) {
            rows.add(window.row(cell.getRow()));
            columns.add(cell.getTableColumn());
        }
        if (!model.slideTo(row)) {
            return;
        }
        Set<TableColumn<GridRow, ?>> across = Set.copyOf(columns);
        Set<Long> down = new TreeSet<>(rows);
        int first = table.getVisibleLeafColumns().size();
        int last = -1;
        for (TableColumn<GridRow, ?> column : across) {
            first = Math.min(first, table.getVisibleLeafIndex(column));
            last = Math.max(last, table.getVisibleLeafIndex(column));
        }
        if (rows.size() == across.size() * down.size() && last - first + 1 == across.size()) {
            // a block of whole columns (whole rows, Ctrl+A): its runs of rows still in the window
            long start = -1;
            long end = -1;
            for (long r : down) {
                if (window.holds(r) && r == end + 1 && start >= 0) {
                    end = r;
                } else {
                    selectBlock(start, end, first, last);
                    start = window.holds(r) ? r : -1;
                    end = r;
                }
            }
            selectBlock(start, end, first, last);
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (window.holds(rows.get(i))) {
                table.getSelectionModel().select(window.item(rows.get(i)), columns.get(i));
            }
        }
    }

    private void selectBlock(long start, long end, int first, int last) {
        if (start >= 0) {
            RowWindow window = model.window();
            table.getSelectionModel().selectRange(window.item(start), table.getVisibleLeafColumn(first),
                    window.item(end), table.getVisibleLeafColumn(last));
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
        return sorted == null ? GridModel.Sort.NONE : new GridModel.Sort(dataColumns.indexOf(sorted),
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
                TableColumn<GridRow, ?> column = dataColumns.get(sort.column());
                column.setSortType(sort.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                table.getSortOrder().add(column);
            }
        } finally {
            settingSortOrder = false;
        }
    }

    /** The selected cells: each selected row's data columns; a row whose number is selected has them all. */
    private Map<Long, Set<Integer>> selectedCells() {
        RowWindow window = model.window();
        Map<Long, Set<Integer>> cells = new TreeMap<>();
        for (TablePosition<GridRow, ?> cell : table.getSelectionModel().getSelectedCells()) {
            Set<Integer> columns = cells.computeIfAbsent(window.row(cell.getRow()), r -> new TreeSet<>());
            if (cell.getTableColumn() == numbers) {
                for (int c = 0; c < dataColumns.size(); c++) {
                    columns.add(c);
                }
            } else {
                columns.add(dataColumns.indexOf(cell.getTableColumn()));
            }
        }
        return cells;
    }

    /** Copies the selected cells as TSV; when whole rows are selected, the rows with their headers. */
    private void copySelection() {
        Map<Long, Set<Integer>> cells = selectedCells();
        if (cells.values().stream().allMatch(columns -> columns.size() == dataColumns.size())) {
            model.copy(List.copyOf(cells.keySet()), CursorGrid::toClipboard);
            return;
        }
        Set<Integer> columns = new TreeSet<>();
        cells.values().forEach(columns::addAll);
        model.copyCells(List.copyOf(cells.keySet()), List.copyOf(columns), CursorGrid::toClipboard);
    }

    private static void toClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The table cell a mouse event hit, or null. */
    private static TableCell<?, ?> cellAt(PickResult pick) {
        for (Node node = pick.getIntersectedNode(); node != null; node = node.getParent()) {
            if (node instanceof TableCell<?, ?> cell) {
                return cell;
            }
        }
        return null;
    }

    /** Shows the context menu of the cell, or with none, of the focused cell. */
    private void showMenu(TableCell<?, ?> cell, double x, double y) {
        TablePosition<GridRow, ?> focused = table.getFocusModel().getFocusedCell();
        int item = cell != null ? cell.getIndex() : focused == null ? -1 : focused.getRow();
        if (item < 0 || item >= table.getItems().size() || cell != null && cell.isEmpty()) {
            return;
        }
        int column = dataColumns.indexOf(cell != null ? cell.getTableColumn() : focused.getTableColumn());
        menu.getItems().setAll(menuItems(item, column));
        menu.show(table, x, y);
    }

    /** The context menu of a cell (column -1: a row number). */
    private List<MenuItem> menuItems(int item, int column) {
        Object value = column < 0 ? ResultCells.PENDING : dataColumns.get(column).getCellData(item);
        boolean known = value != ResultCells.PENDING;
        List<MenuItem> items = new ArrayList<>();
        items.add(menuItem("Copy value", known, () -> toClipboard(RowsText.plain(value))));
        Menu rows = new Menu("Copy rows as");
        for (RowsText.Format format : RowsText.Format.values()) {
            rows.getItems().add(menuItem(format.label(), true, () -> model.copy(menuRows(item), format,
                    RowsText.tableName(tabTitle()), CursorGrid::toClipboard)));
        }
        items.add(rows);
        items.add(new SeparatorMenuItem());
        Menu filter = new Menu("Filter by this value");
        filter.setDisable(!known);
        boolean comparable = value != null && !(value instanceof byte[]);
        filter.getItems().add(menuItem("Equals " + shortText(value), comparable,
                () -> model.filterBy(RowFilter.compare(column, RowFilter.Op.EQ, value))));
        filter.getItems().add(menuItem("Not equals " + shortText(value), comparable,
                () -> model.filterBy(RowFilter.compare(column, RowFilter.Op.NE, value))));
        filter.getItems().add(menuItem("Is NULL", true, () -> model.filterBy(RowFilter.isNull(column))));
        filter.getItems().add(menuItem("Is not NULL", true, () -> model.filterBy(RowFilter.notNull(column))));
        items.add(filter);
        items.add(menuItem("Clear filters by value", model.valueFiltered(), model::clearValueFilters));
        items.add(menuItem("Sort ascending", column >= 0, () -> sortBy(column, TableColumn.SortType.ASCENDING)));
        items.add(menuItem("Sort descending", column >= 0, () -> sortBy(column, TableColumn.SortType.DESCENDING)));
        items.add(new SeparatorMenuItem());
        items.add(menuItem("Auto-size column", column >= 0, () -> autoSize(column)));
        items.add(menuItem("Go to row…", true, () -> {
            goTo.requestFocus();
            goTo.selectAll();
        }));
        items.add(menuItem("View value (Shift+Enter)", known, () -> view(item, column)));
        return items;
    }

    private static MenuItem menuItem(String text, boolean enabled, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false);
        item.setDisable(!enabled);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static String shortText(Object value) {
        String text = value == null ? "NULL" : ResultCells.display(value);
        return "\"" + (text.length() > 30 ? text.substring(0, 30) + "…" : text) + "\"";
    }

    /** The rows a menu item copies: the selected rows when the item is one of them, else its own row. */
    private List<Long> menuRows(int item) {
        long row = model.window().row(item);
        List<Long> selected = List.copyOf(selectedCells().keySet());
        return selected.contains(row) ? selected : List.of(row);
    }

    /** The title of the result tab the grid is in, or null. */
    private String tabTitle() {
        for (Node node = getParent(); node != null; node = node.getParent()) {
            if (node instanceof TabPane tabs) {
                return tabs.getTabs().stream().filter(tab -> tab.getContent() == this).map(Tab::getText)
                        .findFirst().orElse(null);
            }
        }
        return null;
    }

    private void sortBy(int column, TableColumn.SortType type) {
        TableColumn<GridRow, Object> sorted = dataColumns.get(column);
        sorted.setSortType(type);
        table.getSortOrder().setAll(List.of(sorted));
    }

    /** Sizes the column to its header and the text of the view's first page of cells, in the cells' font. */
    public void autoSize(int column) {
        autoSize(column, 800);
    }

    private void autoSize(int column, double widest) {
        TableColumn<GridRow, Object> sized = dataColumns.get(column);
        Font font = table.lookupAll(".table-cell").stream()
                .filter(node -> node instanceof TableCell<?, ?> cell && cell.getTableColumn() == sized)
                .map(node -> ((TableCell<?, ?>) node).getFont()).findFirst().orElse(Font.getDefault());
        model.shownRows(0, MEASURED_ROWS).whenCompleteAsync((rows, error) -> {
            if (error != null) {
                return;
            }
            Text text = new Text(sized.getText());
            text.setFont(font);
            double width = text.getLayoutBounds().getWidth() + 16;
            for (Object[] row : rows) {
                text.setText(column < row.length ? ResultCells.display(row[column]) : "");
                width = Math.max(width, text.getLayoutBounds().getWidth());
            }
            sized.setPrefWidth(Math.ceil(Math.min(widest, width + 16)));
        }, Fx.THREAD);
    }

    /** Opens the value viewer on a cell's value, once it has arrived (column -1: nothing to show). */
    private void view(int item, int column) {
        if (column < 0 || item < 0 || item >= table.getItems().size() || getScene() == null) {
            return;
        }
        Object value = dataColumns.get(column).getCellData(item);
        if (value != ResultCells.PENDING) {
            ValueViewer.show(getScene().getWindow(), model.columns().get(column), value);
        }
    }

    /** A row's number in the view (1-based); a click selects the row, a shift-click the rows up to it. */
    private final class RowNumberCell extends TableCell<GridRow, Long> {
        RowNumberCell() {
            getStyleClass().add("row-number-cell");
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (isEmpty() || e.getButton() != MouseButton.PRIMARY) {
                    return;
                }
                int item = getIndex();
                if (e.isShiftDown() && anchorItem >= 0) {
                    selectRows(anchorItem, item);
                } else if (e.isShortcutDown()) {
                    table.getSelectionModel().selectRange(item, numbers, item, lastColumn());
                    table.getFocusModel().focus(item, numbers);
                } else {
                    anchorItem = item;
                    selectRows(item, item);
                }
                table.requestFocus();
                e.consume();
            });
        }

        @Override
        protected void updateItem(Long number, boolean empty) {
            super.updateItem(number, empty);
            setText(empty || number == null ? null : Long.toString(number));
        }
    }

    private void export(ExportFormat format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the result as " + format.label);
        chooser.setInitialFileName("result." + format.extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.label, "*." + format.extension));
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

    /** The table column of a result column (the table's first column numbers the rows). */
    public TableColumn<GridRow, Object> column(int index) {
        return dataColumns.get(index);
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
