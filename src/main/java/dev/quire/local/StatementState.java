package dev.quire.local;

import java.time.Instant;
import java.util.List;

/** The mutable lifecycle of one statement or sub-statement; every transition is synchronized. */
final class StatementState {

    private final String id;
    private final String sql;
    private final Instant createdAt;
    private final long queryId;

    private Phase status = Phase.QUEUED;
    private Instant updatedAt;
    private String error;
    private long startedNanos;
    private long durationNanos = -1;
    private long resultRows = -1;
    private long resultSize = -1;
    private long rowBytes = -1;
    private boolean hasResultSet;
    private List<ResultColumn> columns = List.of();

    StatementState(String id, String sql, Instant createdAt, long queryId) {
        this.id = id;
        this.sql = sql;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.queryId = queryId;
    }

    /** Rebuilds the state of a statement read back from the log. */
    static StatementState restore(StatementSnapshot s) {
        StatementState state = new StatementState(s.id(), s.sql(), s.createdAt(), s.queryId());
        state.status = s.status();
        state.updatedAt = s.updatedAt();
        state.error = s.error();
        state.durationNanos = s.durationNanos();
        state.resultRows = s.resultRows();
        state.resultSize = s.resultSize();
        state.rowBytes = s.rowBytes();
        state.hasResultSet = s.hasResultSet();
        state.columns = s.columns();
        return state;
    }

    String id() {
        return id;
    }

    String sql() {
        return sql;
    }

    synchronized Phase status() {
        return status;
    }

    synchronized boolean hasResultSet() {
        return hasResultSet;
    }

    synchronized String error() {
        return error;
    }

    synchronized boolean move(Phase from, Phase to, Instant now, long nanos) {
        if (status != from) {
            return false;
        }
        status = to;
        updatedAt = now;
        if (to == Phase.RUNNING) {
            startedNanos = nanos;
        }
        return true;
    }

    synchronized void finish(Instant now, long nanos, ResultFiles.Stored stored) {
        if (end(now, nanos, Phase.FINISHED)) {
            hasResultSet = true;
            resultRows = stored.rows();
            resultSize = stored.bytes();
            rowBytes = stored.rowBytes();
            columns = stored.columns();
        }
    }

    synchronized void finishUpdate(Instant now, long nanos, long affected) {
        if (end(now, nanos, Phase.FINISHED)) {
            resultRows = affected;
            resultSize = 0;
        }
    }

    /** Ends a batch parent: its result facts summarise its sub-statements. */
    synchronized void finishBatch(Instant now, long nanos, boolean anyResultSet) {
        if (end(now, nanos, Phase.FINISHED)) {
            hasResultSet = anyResultSet;
        }
    }

    synchronized void fail(Instant now, long nanos, String message) {
        if (end(now, nanos, Phase.FAILED)) {
            error = message;
        }
    }

    /** Ends the statement as cancelled; reason is null for a caller's cancel. */
    synchronized void abort(Instant now, long nanos, String reason) {
        if (end(now, nanos, Phase.CANCELLED)) {
            error = reason;
        }
    }

    /** Cancels a statement that no worker has picked yet; false when one already has. */
    synchronized boolean abortIfSubmitted(Instant now, String reason) {
        if (status != Phase.QUEUED) {
            return false;
        }
        status = Phase.CANCELLED;
        durationNanos = 0;
        updatedAt = now;
        error = reason;
        return true;
    }

    /** Ends a statement that a server stop left unfinished; true when it had not ended. */
    synchronized boolean stop(Instant now, Phase outcome, String message) {
        if (status.isFinal()) {
            return false;
        }
        status = outcome;
        error = message;
        updatedAt = now;
        return true;
    }

    private boolean end(Instant now, long nanos, Phase outcome) {
        if (status.isFinal()) {
            return false;
        }
        status = outcome;
        durationNanos = startedNanos == 0 ? 0 : Math.max(0, nanos - startedNanos);
        updatedAt = now;
        return true;
    }

    synchronized StatementSnapshot snapshot(Submission request, String sessionId, List<StatementSnapshot> subs) {
        return new StatementSnapshot(id, request, sql, status, error, createdAt, updatedAt, durationNanos, resultRows,
                resultSize, rowBytes, hasResultSet, columns, sessionId, queryId, subs);
    }
}
