package dev.quire.service;

import dev.quire.model.Column;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A cursor's rows sorted and filtered in the spill store, as they were fetched when the view was
 * made ({@link #sourceRows()}); a view made before the last page covers only part of the result.
 * Its rows are numbered 0 to {@link #rowCount()} - 1 in the view's order.
 */
public final class ResultView implements AutoCloseable {

    private final ResultCursor cursor;
    private final SpillTable table;
    private final SpillTable.Order order;
    private final long rowCount;
    private final long sourceRows;
    private boolean closed;

    ResultView(ResultCursor cursor, SpillTable table, SpillTable.Order order, long rowCount, long sourceRows) {
        this.cursor = cursor;
        this.table = table;
        this.order = order;
        this.rowCount = rowCount;
        this.sourceRows = sourceRows;
    }

    public List<Column> columns() {
        return table.columns();
    }

    /** Rows that passed the filter. */
    public long rowCount() {
        return rowCount;
    }

    /** The cursor's rows the view was made from. */
    public long sourceRows() {
        return sourceRows;
    }

    /** True when the view was made from every row of the result. */
    public boolean complete() {
        return cursor.state() == ResultCursor.State.DONE && sourceRows == cursor.totalRows();
    }

    /** Rows [from, from + count) in the view's order; never waits on the caller's thread. */
    public CompletableFuture<List<Object[]>> rows(long from, int count) {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the view was closed"));
            }
        }
        return table.rows(from, count, rowCount);
    }

    /**
     * Writes the whole result in this view's order and filter, once every page is fetched (so also
     * the rows fetched after the view was made).
     */
    public CompletableFuture<Long> export(Path target, ExportFormat format, Consumer<ExportProgress> progress) {
        return cursor.export(order, target, format, progress);
    }

    /** Frees the view's table in the background. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        cursor.forgetView(this);
        SpillStore store = cursor.store();
        Runnable drop = () -> {
            table.close();
            try {
                store.execute("DROP TABLE IF EXISTS " + table.name());
            } catch (SQLException e) {
                System.getLogger(ResultView.class.getName()).log(System.Logger.Level.DEBUG,
                        "dropping " + table.name(), e);
            }
        };
        try {
            store.pool().execute(drop);
        } catch (RejectedExecutionException e) {
            drop.run();
        }
    }

    /** Closes the view's reader when its cursor frees its spill database (which holds the view's table). */
    void release() {
        synchronized (this) {
            closed = true;
        }
        table.close();
    }
}
