package dev.quire.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: one or more SQL statements, named parameters, an optional name, and the session to
 * run in where the backend has sessions (null: none).
 */
public record StatementRequest(List<String> sqls, Map<String, String> parameters, String statementName,
                               String clientToken, Session session) {

    public StatementRequest {
        sqls = List.copyOf(sqls);
        if (sqls.isEmpty()) {
            throw new IllegalArgumentException("no SQL to run");
        }
        parameters = Map.copyOf(Objects.requireNonNullElse(parameters, Map.of()));
    }

    public StatementRequest(List<String> sqls, Map<String, String> parameters, String statementName,
                            String clientToken) {
        this(sqls, parameters, statementName, clientToken, null);
    }

    /** The same request, run in the session. */
    public StatementRequest inSession(Session in) {
        return new StatementRequest(sqls, parameters, statementName, clientToken, in);
    }

    public static StatementRequest of(String sql) {
        return new StatementRequest(List.of(sql), Map.of(), null, null);
    }

    public boolean isBatch() {
        return sqls.size() > 1;
    }

    public String sql() {
        return String.join(";\n", sqls);
    }
}
