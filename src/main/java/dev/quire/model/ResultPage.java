package dev.quire.model;

import java.util.List;

/**
 * One page of a result. Each row holds typed cells: Long, Double, Boolean, String, byte[] or null.
 * nextToken is null on the last page.
 */
public record ResultPage(List<Column> columns, List<Object[]> rows, long totalRows, String nextToken) {

    public ResultPage {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public boolean isLast() {
        return nextToken == null || nextToken.isEmpty();
    }
}
