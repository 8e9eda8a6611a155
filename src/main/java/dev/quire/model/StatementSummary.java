package dev.quire.model;

import java.time.Instant;
import java.util.List;

/** A statement as a backend lists it in its history. */
public record StatementSummary(String id, StatementStatus status, List<String> sqls, String statementName,
                               Instant createdAt, Instant updatedAt, boolean batch) {

    public StatementSummary {
        sqls = List.copyOf(sqls);
    }

    public String sql() {
        return String.join(";\n", sqls);
    }
}
