package dev.quire.model;

import java.time.Instant;

/** A statement's state as the backend describes it. Counts are -1 when unknown. */
public record StatementInfo(String id, StatementStatus status, String error, String queryString,
                            Instant createdAt, Instant updatedAt, long durationNanos, long resultRows,
                            long resultSize, boolean hasResultSet) {

    public boolean isFinal() {
        return status.isFinal();
    }
}
