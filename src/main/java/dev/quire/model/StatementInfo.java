package dev.quire.model;

import java.time.Instant;
import java.util.List;

/**
 * A statement's state as the backend describes it. Counts are -1 when unknown. A batch lists its
 * sub-statements, each with its own id, state and result.
 */
public record StatementInfo(String id, StatementStatus status, String error, String queryString,
                            Instant createdAt, Instant updatedAt, long durationNanos, long resultRows,
                            long resultSize, boolean hasResultSet, List<StatementInfo> subStatements) {

    public StatementInfo {
        subStatements = subStatements == null ? List.of() : List.copyOf(subStatements);
    }

    public StatementInfo(String id, StatementStatus status, String error, String queryString, Instant createdAt,
                         Instant updatedAt, long durationNanos, long resultRows, long resultSize,
                         boolean hasResultSet) {
        this(id, status, error, queryString, createdAt, updatedAt, durationNanos, resultRows, resultSize,
                hasResultSet, List.of());
    }

    public boolean isFinal() {
        return status.isFinal();
    }

    /** The statements whose results can be fetched: the sub-statements of a batch, or this one. */
    public List<StatementInfo> resultSets() {
        List<StatementInfo> units = subStatements.isEmpty() ? List.of(this) : subStatements;
        return units.stream().filter(StatementInfo::hasResultSet).toList();
    }
}
