package dev.quire.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A statement as a backend lists it in its history; statusName is the backend's own word for its status. */
public record StatementSummary(String id, RunState status, String statusName, List<String> sqls,
                               String statementName, Instant createdAt, Instant updatedAt, boolean batch) {

    public StatementSummary {
        Objects.requireNonNull(status, "status");
        statusName = statusName == null || statusName.isBlank() ? status.name() : statusName;
        sqls = List.copyOf(sqls);
    }

    public String sql() {
        return String.join(";\n", sqls);
    }
}
