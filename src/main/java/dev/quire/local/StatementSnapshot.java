package dev.quire.local;

import java.time.Instant;
import java.util.List;

/**
 * An immutable view of a statement (or a batch's sub-statement) at one moment. Counts are -1
 * when unknown; rowBytes is the size of the result's largest row. Sub-statements carry their
 * parent's request members.
 */
public record StatementSnapshot(String id, Submission request, String sql, Phase status, String error,
                                Instant createdAt, Instant updatedAt, long durationNanos, long resultRows,
                                long resultSize, long rowBytes, boolean hasResultSet, List<ResultColumn> columns,
                                String sessionId, long queryId, List<StatementSnapshot> subStatements) {

    public StatementSnapshot {
        columns = List.copyOf(columns);
        subStatements = List.copyOf(subStatements);
    }

    public boolean isBatch() {
        return request.batch();
    }

    public boolean isFinal() {
        return status.isFinal();
    }
}
