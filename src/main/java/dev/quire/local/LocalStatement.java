package dev.quire.local;

import dev.quire.model.StatementStatus;
import dev.quire.protocol.redshift.ColumnMetadata;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** A statement's mutable state inside the engine; every transition is synchronized. */
final class LocalStatement {

    private final String id;
    private final String sql;
    private final String statementName;
    private final Instant createdAt;

    private StatementStatus status = StatementStatus.SUBMITTED;
    private Instant updatedAt;
    private String error;
    private long startedNanos;
    private long durationNanos = -1;
    private long resultRows = -1;
    private long resultSize = -1;
    private boolean hasResultSet;
    private List<ColumnMetadata> columns = List.of();
    private int pageCount;
    private Statement running;
    private volatile boolean cancelled;

    LocalStatement(String id, String sql, String statementName, Instant createdAt) {
        this.id = id;
        this.sql = sql;
        this.statementName = statementName;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String id() {
        return id;
    }

    String sql() {
        return sql;
    }

    boolean isCancelled() {
        return cancelled;
    }

    synchronized boolean pick(Instant now) {
        if (status != StatementStatus.SUBMITTED) {
            return false;
        }
        status = StatementStatus.PICKED;
        updatedAt = now;
        return true;
    }

    synchronized boolean start(Statement jdbc, Instant now, long nanos) {
        if (status != StatementStatus.PICKED) {
            return false;
        }
        status = StatementStatus.STARTED;
        running = jdbc;
        startedNanos = nanos;
        updatedAt = now;
        return true;
    }

    synchronized void finish(Instant now, long nanos, ResultStore.Written written) {
        if (end(now, nanos, StatementStatus.FINISHED)) {
            hasResultSet = true;
            resultRows = written.rows();
            resultSize = written.bytes();
            columns = written.columns();
            pageCount = written.pages();
        }
    }

    synchronized void finishUpdate(Instant now, long nanos, long affected) {
        if (end(now, nanos, StatementStatus.FINISHED)) {
            resultRows = affected;
            resultSize = 0;
        }
    }

    synchronized void fail(Instant now, long nanos, String message) {
        if (cancelled) {
            end(now, nanos, StatementStatus.ABORTED);
        } else if (end(now, nanos, StatementStatus.FAILED)) {
            error = message;
        }
    }

    /** Requests cancellation; false when the statement had already ended. */
    boolean cancel(Instant now) {
        Statement toCancel;
        synchronized (this) {
            if (status.isFinal()) {
                return false;
            }
            cancelled = true;
            toCancel = running;
            if (status == StatementStatus.SUBMITTED || status == StatementStatus.PICKED) {
                status = StatementStatus.ABORTED;
                updatedAt = now;
                durationNanos = 0;
                return true;
            }
        }
        if (toCancel != null) {
            try {
                toCancel.cancel();
            } catch (SQLException e) {
                // The statement ended between the check and the cancel; its own path records the end.
                return true;
            }
        }
        return true;
    }

    private boolean end(Instant now, long nanos, StatementStatus outcome) {
        if (status.isFinal()) {
            return false;
        }
        status = cancelled ? StatementStatus.ABORTED : outcome;
        durationNanos = startedNanos == 0 ? 0 : nanos - startedNanos;
        updatedAt = now;
        running = null;
        return status == outcome;
    }

    synchronized StatementSnapshot snapshot() {
        return new StatementSnapshot(id, sql, statementName, status, error, createdAt, updatedAt, durationNanos,
                resultRows, resultSize, hasResultSet, columns, pageCount);
    }
}
