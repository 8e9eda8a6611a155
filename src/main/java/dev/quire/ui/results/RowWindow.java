package dev.quire.ui.results;

/**
 * The rows a grid's table holds: a window of at most {@link #SIZE} rows over a result of any size,
 * which slides along as the view nears one of its edges, while the grid's own scroll bar spans the
 * whole result. A table's own scrolling costs time in proportion to its row count (155 ms a step at
 * 10,000,000 rows in GridBench), hence the window. Rows are the result's (0-based); items are the
 * table's, counted from the window's start.
 */
public final class RowWindow {

    /** The most rows the table holds at once. */
    public static final int SIZE = 20_000;
    /** How near an edge the view comes before the window slides. */
    static final int MARGIN = SIZE / 4;

    /** Where the grid's scroll bar stands: its largest value, the rows it shows, its value. */
    public record Bar(long max, int visible, long value) {
    }

    private long start;
    private long rows;

    /** A result of this many rows, the window at its first row. */
    void reset(long rows) {
        this.rows = rows;
        start = 0;
    }

    /** The result has this many rows now (it grows while its total is not known). */
    void rows(long rows) {
        this.rows = rows;
    }

    /** The row the table's first item stands for: 0 unless the result is longer than the window. */
    public long start() {
        return start;
    }

    public long rows() {
        return rows;
    }

    /** Whether the result is longer than the window, so that the grid's own scroll bar is needed. */
    public boolean windowed() {
        return rows > SIZE;
    }

    /** The items of the table: the rows from the window's start on, at most {@link #SIZE}. */
    public int size() {
        return (int) Math.max(0, Math.min(rows - start, SIZE));
    }

    public boolean holds(long row) {
        return row >= start && row < start + size();
    }

    public int item(long row) {
        return (int) (row - start);
    }

    public long row(int item) {
        return start + item;
    }

    /** The row a jump to the row lands on: clamped to the rows there are; -1 when there are none. */
    public long target(long row) {
        return rows == 0 ? -1 : Math.max(0, Math.min(row, rows - 1));
    }

    /** Slides the window so that the row lies in its middle, as far as the result's ends allow; false when it stays. */
    boolean centre(long row) {
        long next = Math.max(0, Math.min(row - SIZE / 2, rows - SIZE));
        if (next == start) {
            return false;
        }
        start = next;
        return true;
    }

    /** Whether the view, rows top to bottom, is near an edge of the window with more rows past it: time to slide. */
    public boolean nearEdge(long top, long bottom) {
        return top < start + MARGIN && start > 0 || bottom > start + SIZE - MARGIN && start + SIZE < rows;
    }

    /** The scroll bar for the items first to last in view: at its end when the last row is in view. */
    public Bar bar(int first, int last) {
        int shown = last - first + 1;
        long max = Math.max(0, rows - shown);
        return new Bar(max, shown, row(last) >= rows - 1 ? max : row(first));
    }

    /** The row the scroll bar's value puts at the top of the view. */
    public long rowAt(double value) {
        return (long) value;
    }
}
