package dev.quire.local;

import dev.quire.model.StatementStatus;
import dev.quire.protocol.redshift.ColumnMetadata;
import java.time.Instant;
import java.util.List;

/** An immutable view of a local statement at one moment. Counts are -1 when unknown. */
public record StatementSnapshot(String id, String sql, String statementName, StatementStatus status, String error,
                                Instant createdAt, Instant updatedAt, long durationNanos, long resultRows,
                                long resultSize, boolean hasResultSet, List<ColumnMetadata> columns, int pageCount) {
}
