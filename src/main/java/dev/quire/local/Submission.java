package dev.quire.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a caller asks the engine to run: one statement, or a batch run serially. Attributes are
 * members of the dialect's request that the engine keeps with the statement, and records, but
 * does not read; retention, when set, is how long the statement and its result are kept instead
 * of the engine's default; resultRetention, when set, is how long its result is kept, when that is
 * shorter (the statement stays, without its rows).
 */
public record Submission(String owner, List<String> sqls, boolean batch, List<Parameter> parameters,
                         String statementName, String clientToken, ResultFormat resultFormat,
                         ExecutionMode executionMode, Integer sessionKeepAliveSeconds, String sessionId,
                         Target target, ParameterStyle parameterStyle, Map<String, String> attributes,
                         Duration retention, Duration resultRetention) {

    public enum ResultFormat { JSON, CSV }

    public enum ExecutionMode { TRANSACTION, AUTO_COMMIT }

    /**
     * How parameters stand in the SQL: NAMED as {@code :name}, each value a string the engine
     * converts implicitly; POSITIONAL as {@code ?}, each value an SQL literal whose value is bound
     * in marker order (the text is never spliced into the SQL).
     */
    public enum ParameterStyle { NAMED, POSITIONAL }

    /** A parameter: a name and a string value, or (positional) no name and an SQL literal. */
    public record Parameter(String name, String value) {

        public static Parameter literal(String sql) {
            return new Parameter(null, sql);
        }
    }

    /**
     * Where the caller says the statement runs; schema, when set, is the default schema it runs in,
     * in the DuckDB catalog named by catalog (one a dialect attached, see
     * {@link LocalEngine#attachCatalog}) or, when that is null, in the database; catalogAlias, when set,
     * is a name statements may put before the database's schemas (three-part names), left out before they run.
     */
    public record Target(String database, String workgroupName, String clusterIdentifier, String dbUser,
                         String secretArn, String schema, String catalog, String catalogAlias) {

        public Target(String database, String workgroupName, String clusterIdentifier, String dbUser,
                      String secretArn) {
            this(database, workgroupName, clusterIdentifier, dbUser, secretArn, null, null, null);
        }

        public Target(String database, String workgroupName, String clusterIdentifier, String dbUser,
                      String secretArn, String schema) {
            this(database, workgroupName, clusterIdentifier, dbUser, secretArn, schema, null, null);
        }

        public Target(String database, String workgroupName, String clusterIdentifier, String dbUser,
                      String secretArn, String schema, String catalog) {
            this(database, workgroupName, clusterIdentifier, dbUser, secretArn, schema, catalog, null);
        }

        /** A target in a schema of the database, which statements may also call catalogAlias. */
        public static Target inSchema(String database, String schema, String catalogAlias) {
            return new Target(database, null, null, null, null, schema, null, catalogAlias);
        }
    }

    public Submission {
        sqls = List.copyOf(sqls);
        parameters = List.copyOf(Objects.requireNonNullElse(parameters, List.of()));
        resultFormat = Objects.requireNonNullElse(resultFormat, ResultFormat.JSON);
        executionMode = Objects.requireNonNullElse(executionMode, ExecutionMode.TRANSACTION);
        target = Objects.requireNonNullElse(target, new Target(LocalEngine.DATABASE, null, null, null, null));
        parameterStyle = Objects.requireNonNullElse(parameterStyle, ParameterStyle.NAMED);
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** A submission whose result is kept as long as the statement. */
    public Submission(String owner, List<String> sqls, boolean batch, List<Parameter> parameters,
                      String statementName, String clientToken, ResultFormat resultFormat,
                      ExecutionMode executionMode, Integer sessionKeepAliveSeconds, String sessionId, Target target,
                      ParameterStyle parameterStyle, Map<String, String> attributes, Duration retention) {
        this(owner, sqls, batch, parameters, statementName, clientToken, resultFormat, executionMode,
                sessionKeepAliveSeconds, sessionId, target, parameterStyle, attributes, retention, null);
    }

    /** A submission with named parameters, no attributes and the engine's retention. */
    public Submission(String owner, List<String> sqls, boolean batch, List<Parameter> parameters,
                      String statementName, String clientToken, ResultFormat resultFormat,
                      ExecutionMode executionMode, Integer sessionKeepAliveSeconds, String sessionId, Target target) {
        this(owner, sqls, batch, parameters, statementName, clientToken, resultFormat, executionMode,
                sessionKeepAliveSeconds, sessionId, target, null, null, null, null);
    }

    /** A single statement with defaults, as the engine's own callers and tests use it. */
    public static Submission of(String owner, String sql) {
        return new Submission(owner, List.of(sql), false, List.of(), null, null, null, null, null, null, null);
    }

    /** Everything that makes two requests the same, for ClientToken idempotency. */
    String fingerprint() {
        return String.join("\u0000", sqls) + "|" + batch + "|" + parameters + "|" + statementName + "|"
                + resultFormat + "|" + executionMode + "|" + sessionKeepAliveSeconds + "|" + sessionId + "|" + target
                + "|" + parameterStyle + "|" + attributes + "|" + retention + "|" + resultRetention;
    }
}
