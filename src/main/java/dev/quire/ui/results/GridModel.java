package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.service.ExportFormat;
import dev.quire.service.ResultCursor;
import dev.quire.service.ResultView;
import dev.quire.service.RowFilter;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Latest;
import dev.quire.ui.common.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableListBase;

/**
 * The result grid's model: what it shows (the cursor, or a sorted or filtered view of it), the
 * window of rows its table holds, the cells of those rows read in blocks from the store, the row
 * a jump is to keep in view, and the status line. Rows not fetched yet are pending and fill in as
 * pages arrive; on a random-access backend the model asks the cursor for the pages of the rows
 * asked for. While the result's total is not known the rows grow as pages arrive. Sorting and
 * filtering make a view over the fetched rows; nothing runs the query again.
 *
 * <p>Touched only on the UI thread, whose executor is handed in with a ticker; no toolkit or
 * controls in here.
 */
public final class GridModel {

    private static final int BLOCK = 256;
    private static final int CACHED_BLOCKS = 24;
    /** Blocks with pending cells are read again once pages stop arriving for this long. */
    private static final Duration REFILL = Duration.ofMillis(150);

    /**
     * A row of the grid: the source it was drawn from (compared by identity) and its index there.
     * Rows of two sources are never equal, so a reused table row never keeps cells of a source no
     * longer shown.
     */
    public record GridRow(Object source, long index) {
    }

    /** A sort by a column (-1: the result's order), as the header shows it. */
    public record Sort(int column, boolean ascending) {
        public static final Sort NONE = new Sort(-1, true);
    }

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

    /**
     * A sort (column -1: the result's order), the filter bar's filter (null: none) and the filters
     * by a cell's value over the result.
     */
    private record Shape(int sortColumn, boolean ascending, RowFilter text, List<RowFilter> values) {
        static final Shape PLAIN = new Shape(-1, true, null, List.of());

        Shape {
            values = List.copyOf(values);
        }

        /** Every filter of the shape together, or null for none. */
        RowFilter filter() {
            List<RowFilter> all = new ArrayList<>(values);
            if (text != null) {
                all.add(0, text);
            }
            return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : new RowFilter.All(all);
        }

        boolean plain() {
            return sortColumn < 0 && filter() == null;
        }

        Sort sort() {
            return new Sort(sortColumn, ascending);
        }

        String doing() {
            boolean filtered = filter() != null;
            return sortColumn >= 0 && filtered ? "Sorting and filtering the fetched rows…"
                    : sortColumn >= 0 ? "Sorting the fetched rows…" : "Filtering the fetched rows…";
        }
    }

    /** A cell shown as pending: its value fills in when its block arrives. */
    private record Pending(long row, int column, ObjectProperty<Object> value) {
    }

    private final ResultCursor cursor;
    private final Executor ui;
    private final Ticker refill;
    private final Consumer<String> problems;
    private final RowWindow window = new RowWindow();
    /** The sorted or filtered view asked for last. */
    private final Latest shapes;
    /** The blocks of the source shown now. */
    private final Latest reads;
    private final ReadOnlyObjectWrapper<Rows> rows = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper windowed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Sort> sort = new ReadOnlyObjectWrapper<>(Sort.NONE);
    private final Map<Long, List<Object[]>> blocks = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Object[]>> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };
    private final Set<Long> loading = new HashSet<>();
    private final Map<Long, List<Pending>> pending = new HashMap<>();
    private IntConsumer reveal = item -> { };
    private Source source;
    /** The row asked for by a jump, kept in view until its block has arrived. */
    private long target = -1;
    private ResultView view;
    /** The sort and filter the rows shown have, and the latest one asked for. */
    private Shape shown = Shape.PLAIN;
    private Shape asked = Shape.PLAIN;
    private CompletableFuture<ResultView> making;
    private boolean fetchFailureReported;
    /** The last failure of a step the user started, kept in the status line until the next one starts. */
    private String problem;

    /**
     * A model over the cursor; ui runs work on the thread the model lives on, refill waits for pages
     * to pause, and problems hears the failures (sort, filter, reads, copy, export) on that thread.
     */
    public GridModel(ResultCursor cursor, Executor ui, Ticker refill, Consumer<String> problems) {
        this.cursor = cursor;
        this.ui = ui;
        this.refill = refill;
        this.problems = problems;
        this.shapes = new Latest(ui);
        this.reads = new Latest(ui);
        cursor.onProgress(progress -> ui.execute(() -> progressed(progress)));
        use(new CursorSource());
    }

    private void progressed(ResultCursor.Progress progress) {
        grow();
        if (making == null) {
            showStatus();
        }
        if (progress.state() == ResultCursor.State.FAILED && !fetchFailureReported) {
            fetchFailureReported = true;
            problems.accept("Fetching rows failed: " + Failures.message(progress.failure()));
        }
        refill.start(REFILL, () -> {
            refill.stop();
            forgetPending();
        });
    }

    public List<Column> columns() {
        return cursor.columns();
    }

    /** The rows of what the grid shows now: the result, or its sorted or filtered view. */
    public long rowCount() {
        return source.count();
    }

    /** The window of rows the table holds; it slides through {@link #slideTo}. */
    public RowWindow window() {
        return window;
    }

    /** The table's items: one per row of the window, replaced when the window slides or the source changes. */
    public ReadOnlyObjectProperty<Rows> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty windowedProperty() {
        return windowed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The sort the header is to show: the one asked for last, or after a failure the one the rows have. */
    public ReadOnlyObjectProperty<Sort> sortProperty() {
        return sort.getReadOnlyProperty();
    }

    /** Hears the item to bring into view when the rows of a jump's target arrive. */
    public void onReveal(IntConsumer reveal) {
        this.reveal = reveal;
    }

    /** While the result's total is not known, its rows grow as pages arrive: so does the window. */
    private void grow() {
        if (!(source instanceof CursorSource)) {
            return;
        }
        window.rows(source.count());
        rows.get().grow(window.size());
        windowed.set(window.windowed());
    }

    private void use(Source next) {
        source = next;
        blocks.clear();
        loading.clear();
        pending.clear();
        target = -1;
        reads.drop();
        window.reset(next.count());
        rows.set(new Rows(next, 0, window.size()));
        windowed.set(window.windowed());
        showStatus();
    }

    /** Slides the window so that the row lies in its middle; false when it stays where it is. */
    public boolean slideTo(long row) {
        if (!window.centre(row)) {
            return false;
        }
        rows.set(new Rows(source, window.start(), window.size()));
        return true;
    }

    /**
     * Jumps to a row (0-based), clamped to the rows there are: the window slides to it, show is
     * handed its item to select and bring into view, and it is kept in view until its rows arrive.
     */
    public void jump(long row, IntConsumer show) {
        long index = window.target(row);
        if (index < 0) {
            return;
        }
        source.want(index, 1);
        if (!window.holds(index)) {
            slideTo(index);
        }
        show.accept(window.item(index));
        target = index;
    }

    /** Go to row as typed (1-based, commas allowed); the status line says so when it is no number. */
    public void goTo(String typed, IntConsumer show) {
        long row;
        try {
            row = Long.parseLong(typed.replace(",", "").strip()) - 1;
        } catch (NumberFormatException e) {
            status.set("Type a row number.");
            return;
        }
        jump(row, show);
    }

    /**
     * Shows the rows in the order and with the filter asked for (sortColumn -1: the result's order;
     * blank text: no filter): a view made in the spill store in the background. Only the latest
     * request is shown; one asked for again is not made again.
     */
    public void reshape(int sortColumn, boolean ascending, int filterColumn, String filterText) {
        RowFilter filter = filterText == null || filterText.isBlank() || filterColumn < 0 ? null
                : RowFilter.contains(filterColumn, filterText);
        reshape(new Shape(sortColumn, ascending, filter, asked.values()));
    }

    /**
     * Keeps only the rows that also pass the filter (a cell's value: equal, not equal, NULL), made
     * in the spill store as the filter bar's are; it stays through sorts and filter bar changes.
     */
    public void filterBy(RowFilter filter) {
        List<RowFilter> values = new ArrayList<>(asked.values());
        values.add(filter);
        reshape(new Shape(asked.sortColumn(), asked.ascending(), asked.text(), values));
    }

    /** Drops the filters by value. */
    public void clearValueFilters() {
        reshape(new Shape(asked.sortColumn(), asked.ascending(), asked.text(), List.of()));
    }

    /** Whether filters by value are asked for. */
    public boolean valueFiltered() {
        return !asked.values().isEmpty();
    }

    private void reshape(Shape next) {
        if (next.equals(asked)) {
            return;
        }
        asked = next;
        sort.set(next.sort());
        problem = null;
        shapes.drop();
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
        status.set(next.doing());
        CompletableFuture<ResultView> made;
        try {
            made = cursor.view(next.sortColumn(), next.ascending(),
                    next.filter() == null ? RowFilter.NONE : next.filter());
        } catch (RuntimeException e) {
            made = CompletableFuture.failedFuture(e);
        }
        making = made;
        shapes.show(made, result -> {
            making = null;
            closeView();
            view = result;
            shown = next;
            use(new ViewSource(result));
        }, error -> {
            making = null;
            notShaped(next, error);
        }, ResultView::close);
    }

    /** A sort or filter failed: says so, and the header is to show again the order the rows have. */
    private void notShaped(Shape failed, Throwable error) {
        asked = shown;
        sort.set(shown.sort());
        report("Could not " + (failed.sortColumn() >= 0 ? "sort" : "filter") + " the rows: " + Failures.message(error));
    }

    /** Shows a failure in the status line and hands it on to the window's messages. */
    private void report(String failure) {
        problem = failure;
        status.set(failure);
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
            fetched += " · fetching failed: " + Failures.message(progress.failure());
        }
        status.set(problem == null ? fetched : problem + " · " + fetched);
    }

    /** What a view does to the rows, in words: " · payment_type contains "Cash" · sorted by k, descending". */
    private String shapeText(Shape shape) {
        StringBuilder text = new StringBuilder();
        if (shape.text() instanceof RowFilter.Contains contains) {
            text.append(" · ").append(cursor.columns().get(contains.column()).name()).append(" contains \"")
                    .append(contains.text()).append('"');
        }
        for (RowFilter value : shape.values()) {
            if (value instanceof RowFilter.Compare compare) {
                text.append(" · ").append(cursor.columns().get(compare.column()).name())
                        .append(compare.op() == RowFilter.Op.EQ ? " = " : " ≠ ")
                        .append(compare.value() instanceof String ? '"' + compare.value().toString() + '"'
                                : ResultCells.display(compare.value()));
            } else if (value instanceof RowFilter.Null isNull) {
                text.append(" · ").append(cursor.columns().get(isNull.column()).name())
                        .append(isNull.isNull() ? " is NULL" : " is not NULL");
            }
        }
        if (shape.sortColumn() >= 0) {
            text.append(" · sorted by ").append(cursor.columns().get(shape.sortColumn()).name())
                    .append(shape.ascending() ? ", ascending" : ", descending");
        }
        return text.toString();
    }

    /**
     * The cell value of a row: at once when its block is cached, otherwise a property showing
     * {@link ResultCells#PENDING} that is set when the block is read (or its page fetched). A row of
     * a source no longer shown stays pending: the table is about to draw the new source's rows.
     */
    public ObservableValue<Object> cell(GridRow gridRow, int column) {
        if (gridRow == null || gridRow.source() != source) {
            return new ReadOnlyObjectWrapper<>(ResultCells.PENDING);
        }
        long row = gridRow.index();
        long block = row / BLOCK;
        List<Object[]> cached = blocks.get(block);
        int offset = (int) (row - block * BLOCK);
        if (cached != null && offset < cached.size()) {
            Object[] values = cached.get(offset);
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
    private void fill(long block, List<Object[]> read) {
        List<Pending> cells = pending.remove(block);
        if (cells == null) {
            return;
        }
        List<Pending> still = new ArrayList<>();
        for (Pending cell : cells) {
            int offset = (int) (cell.row() - block * BLOCK);
            if (offset < read.size()) {
                Object[] values = read.get(offset);
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
        reads.showAlongside(source.rows(block * BLOCK, BLOCK), read -> {
            loading.remove(block);
            blocks.put(block, read);
            fill(block, read);
            if (target >= block * BLOCK && target < block * BLOCK + read.size()) {
                if (window.holds(target)) {
                    reveal.accept(window.item(target));
                }
                target = -1;
            }
        }, error -> {
            loading.remove(block);
            report("Could not read rows: " + Failures.message(error));
        });
    }

    /** As rows arrive, partial blocks are dropped and blocks with pending cells are read again. */
    private void forgetPending() {
        blocks.values().removeIf(read -> read.size() < BLOCK);
        for (Long block : List.copyOf(pending.keySet())) {
            if (source.has(block * BLOCK)) {
                load(block);
            }
        }
    }

    /** Hands the rows (of what is shown, in that order) with their headers to clipboard as TSV. */
    public void copy(List<Long> selected, Consumer<String> clipboard) {
        copy(selected, RowsText.Format.TSV, null, clipboard);
    }

    /** Hands the rows (of what is shown, in that order) to clipboard in the format; table names an INSERT's table. */
    public void copy(List<Long> selected, RowsText.Format format, String table, Consumer<String> clipboard) {
        List<Column> columns = cursor.columns();
        copy(selected, read -> RowsText.format(format, table, columns, read), clipboard,
                String.format("Copied %,d rows", selected.size()));
    }

    /** Hands the cells of the rows and columns (of what is shown) to clipboard as TSV, without headers. */
    public void copyCells(List<Long> selected, List<Integer> columns, Consumer<String> clipboard) {
        copy(selected, read -> {
            List<String> lines = new ArrayList<>();
            for (Object[] row : read) {
                lines.add(RowsText.tsvLine(columns.stream().map(c -> c < row.length ? row[c] : null).toArray()));
            }
            return String.join("\n", lines);
        }, clipboard, String.format("Copied %,d cells", selected.size() * columns.size()));
    }

    /**
     * Reads the rows of what is shown, in the order given, turns them into text in the background
     * and hands it to clipboard on the UI thread.
     */
    private void copy(List<Long> selected, Function<List<Object[]>, String> text,
                      Consumer<String> clipboard, String done) {
        if (selected.isEmpty()) {
            return;
        }
        long first = selected.stream().min(Long::compare).orElseThrow();
        long last = selected.stream().max(Long::compare).orElseThrow();
        source.rows(first, (int) (last - first + 1)).thenApplyAsync(read -> {
            List<Object[]> rows = new ArrayList<>();
            for (long row : selected) {
                int offset = (int) (row - first);
                if (offset < read.size()) {
                    rows.add(read.get(offset));
                }
            }
            return text.apply(rows);
        }).whenCompleteAsync((copied, error) -> {
            if (error != null) {
                report("Could not copy: " + Failures.message(error));
                return;
            }
            clipboard.accept(copied);
            status.set(done);
        }, ui);
    }

    /** Writes the whole result (or the view) to the file; progress shows in the status line. */
    public CompletableFuture<Long> exportTo(Path file, ExportFormat format) {
        problem = null;
        status.set("Exporting to " + file.getFileName() + "…");
        CompletableFuture<Long> written = source.export(file, format);
        written.whenCompleteAsync((count, error) -> {
            if (error == null) {
                status.set(String.format("Exported %,d rows to %s", count, file));
            } else {
                report("Export to " + file + " failed: " + Failures.message(error));
            }
        }, ui);
        return written;
    }

    public ResultCursor cursor() {
        return cursor;
    }

    /** The filters of the rows shown now. */
    public RowFilter shownFilter() {
        RowFilter filter = shown.filter();
        return filter == null ? RowFilter.NONE : filter;
    }

    /** The rows of what the grid shows now (the result, or its sorted or filtered view), as its store holds them. */
    public CompletableFuture<List<Object[]>> shownRows(long from, int count) {
        return source.rows(from, count);
    }

    public void close() {
        closeView();
    }

    /** Rows start..start+size-1 of a source without storing them; the size grows while the total is not known. */
    public static final class Rows extends ObservableListBase<GridRow> {
        private final Object source;
        private final long start;
        private int size;

        Rows(Object source, long start, long size) {
            this.source = source;
            this.start = start;
            this.size = (int) Math.min(size, Integer.MAX_VALUE - 8);
        }

        /** What the rows are drawn from: the same for every window of one source. */
        public Object source() {
            return source;
        }

        @Override
        public GridRow get(int index) {
            return new GridRow(source, start + index);
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
