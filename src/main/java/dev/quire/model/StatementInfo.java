package dev.quire.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A statement's state as the backend describes it: the neutral status and the backend's own name
 * for it (Redshift: SUBMITTED, PICKED, STARTED, ...), which is what the window shows. Counts are -1
 * when unknown. A batch lists its sub-statements, each with its own id, state and result. The data
 * scanned is what a backend that bills by it (Athena) reports, else -1.
 */
public record StatementInfo(String id, RunState status, String statusName, String error, String queryString,
                            Instant createdAt, Instant updatedAt, long durationNanos, long resultRows,
                            long resultSize, boolean hasResultSet, List<StatementInfo> subStatements,
                            long scannedBytes) {

    /** A statement whose backend does not report the data it scanned. */
    public StatementInfo(String id, RunState status, String statusName, String error, String queryString,
                         Instant createdAt, Instant updatedAt, long durationNanos, long resultRows, long resultSize,
                         boolean hasResultSet, List<StatementInfo> subStatements) {
        this(id, status, statusName, error, queryString, createdAt, updatedAt, durationNanos, resultRows, resultSize,
                hasResultSet, subStatements, -1);
    }

    public StatementInfo {
        Objects.requireNonNull(status, "status");
        statusName = statusName == null || statusName.isBlank() ? status.name() : statusName;
        subStatements = subStatements == null ? List.of() : List.copyOf(subStatements);
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
