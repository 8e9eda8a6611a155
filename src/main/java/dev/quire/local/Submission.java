package dev.quire.local;

import java.util.List;
import java.util.Objects;

/** What a caller asks the engine to run: one statement, or a batch run serially. */
public record Submission(String owner, List<String> sqls, boolean batch, List<Parameter> parameters,
                         String statementName, String clientToken, ResultFormat resultFormat,
                         ExecutionMode executionMode, Integer sessionKeepAliveSeconds, String sessionId,
                         Target target) {

    public enum ResultFormat { JSON, CSV }

    public enum ExecutionMode { TRANSACTION, AUTO_COMMIT }

    /** A named parameter; the value is a string the engine converts implicitly. */
    public record Parameter(String name, String value) {
    }

    /** Where the caller says the statement runs. */
    public record Target(String database, String workgroupName, String clusterIdentifier, String dbUser,
                         String secretArn) {
    }

    public Submission {
        sqls = List.copyOf(sqls);
        parameters = List.copyOf(Objects.requireNonNullElse(parameters, List.of()));
        resultFormat = Objects.requireNonNullElse(resultFormat, ResultFormat.JSON);
        executionMode = Objects.requireNonNullElse(executionMode, ExecutionMode.TRANSACTION);
        target = Objects.requireNonNullElse(target, new Target(LocalEngine.DATABASE, null, null, null, null));
    }

    /** A single statement with defaults, as the engine's own callers and tests use it. */
    public static Submission of(String owner, String sql) {
        return new Submission(owner, List.of(sql), false, List.of(), null, null, null, null, null, null, null);
    }

    /** Everything that makes two requests the same, for ClientToken idempotency. */
    String fingerprint() {
        return String.join("\u0000", sqls) + "|" + batch + "|" + parameters + "|" + statementName + "|"
                + resultFormat + "|" + executionMode + "|" + sessionKeepAliveSeconds + "|" + sessionId + "|" + target;
    }
}
