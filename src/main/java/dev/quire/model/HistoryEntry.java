package dev.quire.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One statement in the history: recorded when it is submitted and updated when it ends. The id is
 * Quire's own (null for a statement known only from the server); statementId is the backend's
 * (a batch's parent id), null until the backend accepted it. endedAt, duration and error are null
 * and resultRows is -1 while unknown.
 */
public record HistoryEntry(String id, String connection, String statementId, List<String> sqls,
                           String statementName, RunState status, Instant submittedAt, Instant endedAt,
                           Duration duration, long resultRows, String error, boolean batch) {

    public HistoryEntry {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submittedAt, "submittedAt");
        sqls = List.copyOf(sqls);
    }

    /** A new entry for a statement being submitted now. */
    public static HistoryEntry submitted(String connection, StatementRequest request, Instant at) {
        return new HistoryEntry(UUID.randomUUID().toString(), connection, null, request.sqls(),
                request.statementName(), RunState.QUEUED, at, null, null, -1, null, request.isBatch());
    }

    public String sql() {
        return String.join(";\n", sqls);
    }

    public HistoryEntry withStatementId(String statementId) {
        return new HistoryEntry(id, connection, statementId, sqls, statementName, status, submittedAt, endedAt,
                duration, resultRows, error, batch);
    }

    public HistoryEntry withStatus(RunState status, Instant endedAt, Duration duration, String error) {
        return new HistoryEntry(id, connection, statementId, sqls, statementName, status, submittedAt, endedAt,
                duration, resultRows, error, batch);
    }

    /** This entry at its end, as the backend described it. */
    public HistoryEntry ended(StatementInfo info, Instant at) {
        Duration took = info.durationNanos() >= 0 ? Duration.ofNanos(info.durationNanos())
                : Duration.between(submittedAt, at);
        return new HistoryEntry(id, connection, info.id(), sqls, statementName, info.status(), submittedAt, at, took,
                info.resultRows(), info.error(), batch);
    }

    /** This entry when Quire could not submit or follow the statement. */
    public HistoryEntry failed(String message, Instant at) {
        return new HistoryEntry(id, connection, statementId, sqls, statementName, RunState.FAILED, submittedAt,
                at, Duration.between(submittedAt, at), resultRows, message, batch);
    }
}
