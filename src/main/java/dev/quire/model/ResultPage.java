package dev.quire.model;

import java.util.List;

/**
 * One page of a result: its rows, the row number of the first one, the result's total (or
 * {@link #UNKNOWN} when the backend does not tell it), and the next page's reference (null on the
 * last page). Each row holds typed cells: Long, Double, Boolean, BigDecimal, String, byte[] or null.
 */
public record ResultPage(List<Column> columns, List<Object[]> rows, long firstRow, long totalRows, PageRef next) {

    /** The total of a result whose backend does not say it. */
    public static final long UNKNOWN = -1;

    public ResultPage {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        if (firstRow < 0) {
            throw new IllegalArgumentException("no row " + firstRow);
        }
        totalRows = totalRows < 0 ? UNKNOWN : totalRows;
    }

    public boolean isLast() {
        return next == null;
    }

    public boolean totalKnown() {
        return totalRows != UNKNOWN;
    }

    /** The row after this page's last. */
    public long endRow() {
        return firstRow + rows.size();
    }
}
