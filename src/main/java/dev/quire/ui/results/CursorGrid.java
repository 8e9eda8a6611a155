package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.service.ExportFormat;
import dev.quire.service.ResultCursor;
import dev.quire.service.ResultView;
import dev.quire.service.RowFilter;
import dev.quire.ui.common.Fx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import javafx.animation.PauseTransition;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableListBase;
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
import javafx.util.Duration;

/**
 * A result grid over a cursor, virtualized: it holds one index per row, and reads the rows on
 * screen in blocks from the cursor's store. Rows not fetched yet show as pending and fill in as
 * pages arrive; on a random-access backend the grid asks the cursor for the pages of the rows on
 * screen, and Last row or Go to row for the page that holds the row first. While the result's
 * total is not known the grid grows as pages arrive. Sorting and filtering make a view over the
 * fetched rows; nothing runs the query again. Ctrl+C copies the selected rows with their headers
 * as TSV.
 *
 * <p>A table's own scrolling costs time in proportion to its row count (155 ms a step at
 * 10,000,000 rows in GridBench), so a longer result is shown through a window of {@link #WINDOW} rows
 * that slides along as the view nears its edges, and the grid's own scroll bar spans the whole result.
 */
public final class CursorGrid extends BorderPane {

    /** The most rows the table holds at once. */
    public static final int WINDOW = 20_000;
    private static final int MARGIN = WINDOW / 4;
    private static final int BLOCK = 256;
    private static final PseudoClass WINDOWED = PseudoClass.getPseudoClass("windowed");
    private static final int CACHED_BLOCKS = 24;
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIRST = new KeyCodeCombination(KeyCode.HOME, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LAST = new KeyCodeCombination(KeyCode.END, KeyCombination.SHORTCUT_DOWN);

    /** What the grid shows: the cursor itself, or a sorted or filtered view of it. */
    private interface Source {
        long count();

        /** Whether the row can be read now. */
        boolean has(long row);

        /** Asks for rows not fetched yet, where the backend fetches rows as they are asked for. */
        default void want(long from, int count) {
        }

        CompletableFuture<List<Object[]>> rows(long from, int count);

        CompletableFuture<Long> export(Path target, ExportFormat format);
    }

    private final ResultCursor cursor;
    private final TableView<GridRow> table = new TableView<>();
    private final ScrollBar rowBar = new ScrollBar();
    private final Runnable afterLayout = this::followView;
    /** The result row the table's first item stands for. */
    private long base;
    private boolean following;
    private final Label status = new Label();
    private final Map<Long, List<Object[]>> blocks = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Object[]>> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };
    private final Set<Long> loading = new HashSet<>();
    private final Map<Long, List<Pending>> pending = new HashMap<>();
    private final PauseTransition refill = new PauseTransition(Duration.millis(150));
    private final ComboBox<String> filterColumn = new ComboBox<>();
    private final TextField filterText = new TextField();
    private Source source;
    /** The row asked for by Go to row or Last row, kept in view until its block has arrived. */
    private long target = -1;
    private ResultView view;
    private int generation;
    private final Consumer<String> problems;
    /** The sort and filter the rows on screen have, and the latest one asked for. */
    private Shape shown = Shape.PLAIN;
    private Shape asked = Shape.PLAIN;
    private CompletableFuture<ResultView> making;
    /** Set while the grid itself sets the table's sort order, which must not ask for a new view. */
    private boolean settingSortOrder;
    private boolean fetchFailureReported;
    /** The last failure of a step the user started, kept in the status line until the next one starts. */
    private String problem;

    /**
     * A row of the grid: the source it was drawn from and its index there. Rows of two sources are
     * never equal, so a reused table row never keeps cells of a source no longer shown.
     */
    public record GridRow(int source, long index) {
    }

    /** A sort (column -1: the result's order) and a filter (null: none) over the result. */
    private record Shape(int sortColumn, boolean ascending, RowFilter filter) {
        static final Shape PLAIN = new Shape(-1, true, null);

        boolean plain() {
            return sortColumn < 0 && filter == null;
        }

        String doing() {
            return sortColumn >= 0 && filter != null ? "Sorting and filtering the fetched rows…"
                    : sortColumn >= 0 ? "Sorting the fetched rows…" : "Filtering the fetched rows…";
        }
    }

    public CursorGrid(ResultCursor cursor) {
        this(cursor, problem -> { });
    }

    /** A grid whose failures (sort, filter, reads, export) are also handed to problems, on the FX thread. */
    public CursorGrid(ResultCursor cursor, Consumer<String> problems) {
        this.cursor = cursor;
        this.problems = problems;
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
        List<Column> columns = cursor.columns();
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
                scrollTo(source.count() - 1);
            } else {
                return;
            }
            e.consume();
        });
        rowBar.setOrientation(Orientation.VERTICAL);
        rowBar.getStyleClass().add("grid-rows-bar");
        rowBar.valueProperty().addListener((obs, old, value) -> {
            if (!following) {
                showTop((long) value.doubleValue());
            }
        });
        rowBar.setOnScroll(e -> {
            VirtualFlow<?> flow = flow();
            if (flow != null) {
                flow.scrollPixels(-e.getDeltaY());
            }
        });
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
        setBottom(status);
        refill.setOnFinished(e -> forgetPending());
        cursor.onProgress(progress -> Fx.THREAD.execute(() -> {
            grow();
            if (making == null) {
                showStatus();
            }
            if (progress.state() == ResultCursor.State.FAILED && !fetchFailureReported) {
                fetchFailureReported = true;
                problems.accept("Fetching rows failed: " + Fx.message(progress.failure()));
            }
            refill.playFromStart();
        }));
        use(new CursorSource());
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
        goTo.setOnAction(e -> {
            try {
                scrollTo(Long.parseLong(goTo.getText().replace(",", "").strip()) - 1);
            } catch (NumberFormatException ex) {
                status.setText("Type a row number.");
            }
        });
        Button last = new Button("Last row");
        last.getStyleClass().add("grid-last");
        last.setTooltip(new Tooltip("Jump to the last row"));
        last.setOnAction(e -> scrollTo(source.count() - 1));
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
        long count = source.count();
        if (count == 0) {
            return;
        }
        long index = Math.max(0, Math.min(row, count - 1));
        source.want(index, 1);
        if (index < base || index >= base + table.getItems().size()) {
            moveWindow(index);
        }
        table.getSelectionModel().clearAndSelect((int) (index - base));
        reveal((int) (index - base));
        target = index;
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
        return index < 0 ? -1 : base + index;
    }

    /** The result row of the table's first item: 0 unless the result is longer than the window. */
    public long windowStart() {
        return base;
    }

    private boolean windowed() {
        return source.count() > WINDOW;
    }

    /** While the result's total is not known, its rows grow as pages arrive: so does the grid. */
    private void grow() {
        if (!(source instanceof CursorSource) || !(table.getItems() instanceof IndexList rows)) {
            return;
        }
        rows.grow(Math.min(source.count() - base, WINDOW));
        boolean windowed = windowed();
        rowBar.setVisible(windowed);
        rowBar.setManaged(windowed);
        table.pseudoClassStateChanged(WINDOWED, windowed);
    }

    private void use(Source next) {
        source = next;
        blocks.clear();
        loading.clear();
        pending.clear();
        target = -1;
        generation++;
        base = 0;
        showRows(new IndexList(generation, 0, windowed() ? WINDOW : next.count()));
        rowBar.setVisible(windowed());
        rowBar.setManaged(windowed());
        table.pseudoClassStateChanged(WINDOWED, windowed());
        following = true;
        rowBar.setValue(0);
        following = false;
        showStatus();
    }

    /** New items for the table, keeping its sort order: a table clears it whenever its items are replaced. */
    private void showRows(IndexList rows) {
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
        long next = Math.max(0, Math.min(row - WINDOW / 2, source.count() - WINDOW));
        if (next == base) {
            return;
        }
        List<Long> selected = table.getSelectionModel().getSelectedIndices().stream()
                .map(index -> base + index).toList();
        base = next;
        showRows(new IndexList(generation, base, WINDOW));
        int[] keep = selected.stream().filter(r -> r >= base && r < base + WINDOW)
                .mapToInt(r -> (int) (r - base)).toArray();
        if (keep.length > 0) {
            table.getSelectionModel().selectIndices(keep[0], keep);
        }
    }

    /** The grid's scroll bar moved: brings that row to the top of the view. */
    private void showTop(long row) {
        if (!windowed()) {
            return;
        }
        if (row < base + MARGIN && base > 0 || row > base + WINDOW - MARGIN && base + WINDOW < source.count()) {
            moveWindow(row);
        }
        table.scrollTo((int) (row - base));
    }

    /**
     * After each layout: the scroll bar follows the rows in view, and the window slides on when
     * the view nears one of its edges.
     */
    private void followView() {
        if (!windowed()) {
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
        int shown = last.getIndex() - first.getIndex() + 1;
        long top = base + first.getIndex();
        boolean atEnd = base + last.getIndex() >= source.count() - 1;
        following = true;
        try {
            rowBar.setMax(Math.max(0, source.count() - shown));
            rowBar.setVisibleAmount(shown);
            rowBar.setBlockIncrement(shown);
            rowBar.setValue(atEnd ? rowBar.getMax() : top);
        } finally {
            following = false;
        }
        if (first.getIndex() < MARGIN && base > 0 || last.getIndex() > WINDOW - MARGIN && base + WINDOW < source.count()) {
            moveWindow(top);
            table.scrollTo((int) (top - base));
        }
    }

    private VirtualFlow<?> flow() {
        return table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow ? flow : null;
    }

    /** What the header's sort and the filter box ask for now. */
    private Shape requested() {
        TableColumn<GridRow, ?> sorted = table.getSortOrder().isEmpty() ? null : table.getSortOrder().get(0);
        int sortColumn = sorted == null ? -1 : table.getColumns().indexOf(sorted);
        boolean ascending = sorted == null || sorted.getSortType() == TableColumn.SortType.ASCENDING;
        String text = filterText.getText();
        int filterOn = filterColumn.getSelectionModel().getSelectedIndex();
        RowFilter filter = text == null || text.isBlank() || filterOn < 0 ? null : RowFilter.contains(filterOn, text);
        return new Shape(sortColumn, ascending, filter);
    }

    /**
     * Shows the rows in the order and with the filter asked for: a view made in the spill store in
     * the background. Only the latest request is shown; one asked for again is not made again.
     */
    private void shapeChanged() {
        Shape next = requested();
        if (next.equals(asked)) {
            return;
        }
        asked = next;
        problem = null;
        if (making != null) {
            making.cancel(true);
            making = null;
        }
        if (next.plain()) {
            closeView();
            shown = next;
            use(new CursorSource());
            return;
        }
        status.setText(next.doing());
        CompletableFuture<ResultView> made;
        try {
            made = cursor.view(next.sortColumn(), next.ascending(),
                    next.filter() == null ? RowFilter.NONE : next.filter());
        } catch (RuntimeException e) {
            made = CompletableFuture.failedFuture(e);
        }
        making = made;
        made.whenCompleteAsync((result, error) -> {
            if (asked != next) {
                if (result != null) {
                    result.close();
                }
                return;
            }
            making = null;
            if (error != null) {
                notShaped(next, error);
                return;
            }
            closeView();
            view = result;
            shown = next;
            use(new ViewSource(result));
        }, Fx.THREAD);
    }

    /** A sort or filter failed: says so, and the header shows again the order the rows on screen have. */
    private void notShaped(Shape failed, Throwable error) {
        asked = shown;
        settingSortOrder = true;
        try {
            table.getSortOrder().clear();
            if (shown.sortColumn() >= 0) {
                TableColumn<GridRow, ?> column = table.getColumns().get(shown.sortColumn());
                column.setSortType(shown.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                table.getSortOrder().add(column);
            }
        } finally {
            settingSortOrder = false;
        }
        report("Could not " + (failed.sortColumn() >= 0 ? "sort" : "filter") + " the rows: " + Fx.message(error));
    }

    /** Shows a failure in the grid's status line and hands it on to the window's messages. */
    private void report(String failure) {
        problem = failure;
        status.setText(failure);
        problems.accept(failure);
    }

    private void closeView() {
        if (view != null) {
            view.close();
            view = null;
        }
    }

    private void showStatus() {
        ResultCursor.Progress progress = cursor.progress();
        String fetched = !progress.totalKnown()
                ? String.format("%,d rows fetched, more to come", progress.fetchedRows())
                : progress.fetchedRows() < progress.totalRows()
                ? String.format("%,d of %,d rows fetched", progress.fetchedRows(), progress.totalRows())
                : String.format("%,d rows", progress.totalRows());
        if (source instanceof ViewSource) {
            fetched = String.format("%,d of ", source.count()) + fetched + shapeText(shown);
        }
        if (progress.state() == ResultCursor.State.FAILED) {
            fetched += " · fetching failed: " + Fx.message(progress.failure());
        }
        status.setText(problem == null ? fetched : problem + " · " + fetched);
    }

    /** What a view does to the rows, in words: " · payment_type contains "Cash" · sorted by k, descending". */
    private String shapeText(Shape shape) {
        StringBuilder text = new StringBuilder();
        if (shape.filter() instanceof RowFilter.Contains contains) {
            text.append(" · ").append(cursor.columns().get(contains.column()).name()).append(" contains \"")
                    .append(contains.text()).append('"');
        }
        if (shape.sortColumn() >= 0) {
            text.append(" · sorted by ").append(cursor.columns().get(shape.sortColumn()).name())
                    .append(shape.ascending() ? ", ascending" : ", descending");
        }
        return text.toString();
    }

    /** A cell shown as pending: its value fills in when its block arrives. */
    private record Pending(long row, int column, ObjectProperty<Object> value) {
    }

    /**
     * The cell value of a row: at once when its block is cached, otherwise a property showing
     * ResultCells.PENDING that is set when the block is read (or its page fetched). A row of a
     * source no longer shown stays pending: the table is about to draw the new source's rows.
     */
    private ObservableValue<Object> cell(GridRow gridRow, int column) {
        if (gridRow == null || gridRow.source() != generation) {
            return new ReadOnlyObjectWrapper<>(ResultCells.PENDING);
        }
        long row = gridRow.index();
        long block = row / BLOCK;
        List<Object[]> rows = blocks.get(block);
        int offset = (int) (row - block * BLOCK);
        if (rows != null && offset < rows.size()) {
            Object[] values = rows.get(offset);
            return new ReadOnlyObjectWrapper<>(column < values.length ? values[column] : null);
        }
        ObjectProperty<Object> value = new SimpleObjectProperty<>(ResultCells.PENDING);
        pending.computeIfAbsent(block, b -> new ArrayList<>()).add(new Pending(row, column, value));
        if (source.has(row)) {
            load(block);
        }
        if (!source.has(row) || !source.has(block * BLOCK)) {
            source.want(block * BLOCK, BLOCK);
        }
        return value;
    }

    /** Fills in the pending cells of a block just read; those past its rows stay pending. */
    private void fill(long block, List<Object[]> rows) {
        List<Pending> cells = pending.remove(block);
        if (cells == null) {
            return;
        }
        List<Pending> still = new ArrayList<>();
        for (Pending cell : cells) {
            int offset = (int) (cell.row() - block * BLOCK);
            if (offset < rows.size()) {
                Object[] values = rows.get(offset);
                cell.value().set(cell.column() < values.length ? values[cell.column()] : null);
            } else {
                still.add(cell);
            }
        }
        if (!still.isEmpty()) {
            pending.put(block, still);
        }
    }

    private void load(long block) {
        if (!loading.add(block)) {
            return;
        }
        int mine = generation;
        Source from = source;
        from.rows(block * BLOCK, BLOCK).whenCompleteAsync((rows, error) -> {
            if (mine != generation) {
                return;
            }
            loading.remove(block);
            if (error == null) {
                blocks.put(block, rows);
                fill(block, rows);
                if (target >= block * BLOCK && target < block * BLOCK + rows.size()) {
                    if (target >= base && target < base + table.getItems().size()) {
                        reveal((int) (target - base));
                    }
                    target = -1;
                }
            } else {
                report("Could not read rows: " + Fx.message(error));
            }
        }, Fx.THREAD);
    }

    /** As rows arrive, partial blocks are dropped and blocks with pending cells are read again. */
    private void forgetPending() {
        blocks.values().removeIf(rows -> rows.size() < BLOCK);
        for (Long block : List.copyOf(pending.keySet())) {
            if (source.has(block * BLOCK)) {
                load(block);
            }
        }
    }

    private void copySelection() {
        List<Long> selected = table.getSelectionModel().getSelectedIndices().stream()
                .map(index -> base + index).toList();
        if (selected.isEmpty()) {
            return;
        }
        long first = selected.stream().min(Long::compare).orElseThrow();
        long last = selected.stream().max(Long::compare).orElseThrow();
        source.rows(first, (int) (last - first + 1)).whenCompleteAsync((rows, error) -> {
            if (error != null) {
                report("Could not copy: " + Fx.message(error));
                return;
            }
            StringBuilder tsv = new StringBuilder();
            tsv.append(String.join("\t", cursor.columns().stream().map(Column::name).toList())).append('\n');
            for (long row : selected) {
                int offset = (int) (row - first);
                if (offset < rows.size()) {
                    Object[] values = rows.get(offset);
                    for (int c = 0; c < values.length; c++) {
                        if (c > 0) {
                            tsv.append('\t');
                        }
                        tsv.append(values[c] == null ? "" : ResultCells.display(values[c]).replace('\t', ' ')
                                .replace('\n', ' '));
                    }
                    tsv.append('\n');
                }
            }
            ClipboardContent content = new ClipboardContent();
            content.putString(tsv.toString());
            Clipboard.getSystemClipboard().setContent(content);
            status.setText(String.format("Copied %,d rows", selected.size()));
        }, Fx.THREAD);
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
        problem = null;
        status.setText("Exporting to " + file.getFileName() + "…");
        CompletableFuture<Long> written = source.export(file, format);
        written.whenCompleteAsync((rows, error) -> {
            if (error == null) {
                status.setText(String.format("Exported %,d rows to %s", rows, file));
            } else {
                report("Export to " + file + " failed: " + Fx.message(error));
            }
        }, Fx.THREAD);
        return written;
    }

    private TableColumn<GridRow, Object> column(Column column, int index) {
        TableColumn<GridRow, Object> tableColumn = new TableColumn<>(column.name());
        tableColumn.setUserData(column);
        tableColumn.setPrefWidth(Math.max(70, Math.min(320, column.name().length() * 9 + 40)));
        tableColumn.setCellValueFactory(cell -> cell(cell.getValue(), index));
        tableColumn.setCellFactory(ignore -> new ResultCells.ValueCell<>(column.isNumeric()));
        return tableColumn;
    }

    public TableView<GridRow> table() {
        return table;
    }

    /** The rows of what the grid shows now (the result, or its sorted or filtered view), as its store holds them. */
    public CompletableFuture<List<Object[]>> shownRows(long from, int count) {
        return source.rows(from, count);
    }

    public long rowCount() {
        return source.count();
    }

    public void close() {
        closeView();
    }

    /** Row numbers base..base+size-1 without storing them; the size grows while the total is not known. */
    private static final class IndexList extends ObservableListBase<GridRow> {
        private final int source;
        private final long base;
        private int size;

        IndexList(int source, long base, long size) {
            this.source = source;
            this.base = base;
            this.size = (int) Math.min(size, Integer.MAX_VALUE - 8);
        }

        @Override
        public GridRow get(int index) {
            return new GridRow(source, base + index);
        }

        @Override
        public int size() {
            return size;
        }

        void grow(long rows) {
            int from = size;
            int to = (int) Math.min(rows, Integer.MAX_VALUE - 8);
            if (to <= from) {
                return;
            }
            size = to;
            beginChange();
            nextAdd(from, to);
            endChange();
        }
    }

    private final class CursorSource implements Source {
        @Override
        public long count() {
            return cursor.totalRows();
        }

        @Override
        public boolean has(long row) {
            return cursor.has(row);
        }

        @Override
        public void want(long from, int count) {
            cursor.want(from, count);
        }

        @Override
        public CompletableFuture<List<Object[]>> rows(long from, int count) {
            return cursor.rows(from, count);
        }

        @Override
        public CompletableFuture<Long> export(Path target, ExportFormat format) {
            return cursor.export(target, format, progress -> { });
        }
    }

    private static final class ViewSource implements Source {
        private final ResultView view;

        ViewSource(ResultView view) {
            this.view = view;
        }

        @Override
        public long count() {
            return view.rowCount();
        }

        @Override
        public boolean has(long row) {
            return row >= 0 && row < view.rowCount();
        }

        @Override
        public CompletableFuture<List<Object[]>> rows(long from, int count) {
            return view.rows(from, count);
        }

        @Override
        public CompletableFuture<Long> export(Path target, ExportFormat format) {
            return view.export(target, format, progress -> { });
        }
    }
}
