package dev.quire.client.athena;

import static dev.quire.client.http.AwsJsonCalls.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One QueryExecution as GetQueryExecution and BatchGetQueryExecution describe it, with Athena's
 * states (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED) mapped to the neutral ones.
 */
record Execution(String id, String state, String query, String statementType, String substatementType,
                 String outputLocation, String reason, Instant submitted, Instant completed, long scannedBytes,
                 long totalMillis) {

    /** DML kinds that write rather than return rows. */
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE_TABLE_AS_SELECT",
            "UNLOAD", "OPTIMIZE", "VACUUM");

    static Execution read(JsonNode execution) {
        JsonNode status = execution.path("Status");
        JsonNode statistics = execution.path("Statistics");
        String reason = status.path("StateChangeReason").asText(null);
        if (reason == null || reason.isBlank()) {
            reason = status.path("AthenaError").path("ErrorMessage").asText(null);
        }
        return new Execution(execution.path("QueryExecutionId").asText(), status.path("State").asText(null),
                execution.path("Query").asText(null), execution.path("StatementType").asText(null),
                execution.path("SubstatementType").asText(null),
                execution.path("ResultConfiguration").path("OutputLocation").asText(null), reason,
                time(status.get("SubmissionDateTime")), time(status.get("CompletionDateTime")),
                statistics.path("DataScannedInBytes").asLong(-1), statistics.path("TotalExecutionTimeInMillis")
                        .asLong(-1));
    }

    static RunState stateOf(String state) {
        if (state == null) {
            return RunState.UNKNOWN;
        }
        return switch (state) {
            case "QUEUED" -> RunState.QUEUED;
            case "RUNNING" -> RunState.RUNNING;
            case "SUCCEEDED" -> RunState.FINISHED;
            case "FAILED" -> RunState.FAILED;
            case "CANCELLED" -> RunState.CANCELLED;
            default -> RunState.UNKNOWN;
        };
    }

    RunState runState() {
        return stateOf(state);
    }

    boolean succeeded() {
        return runState() == RunState.FINISHED;
    }

    /** SELECT and CTAS are DML; their results carry a header row (and their result files a header line). */
    boolean isDml() {
        return "DML".equals(statementType);
    }

    /**
     * Whether the statement returns rows: a query or a utility statement (SHOW, DESCRIBE, EXPLAIN),
     * not DDL or a write; a statement of no known type is taken to have rows.
     */
    boolean hasResultSet() {
        if (statementType == null) {
            return true;
        }
        if (isDml()) {
            return substatementType == null || !WRITES.contains(substatementType.toUpperCase(Locale.ROOT));
        }
        return "UTILITY".equals(statementType);
    }

    /** The result file when it is a CSV file on S3 (DML results are; utility results are text files). */
    String csvLocation() {
        if (!isDml() || outputLocation == null || !outputLocation.startsWith("s3://")
                || !outputLocation.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return null;
        }
        return outputLocation;
    }

    StatementInfo info() {
        RunState run = runState();
        String error = run == RunState.FAILED || run == RunState.CANCELLED ? reason : null;
        return new StatementInfo(id, run, state, error, query, submitted, completed,
                totalMillis < 0 ? -1 : totalMillis * 1_000_000L, -1, -1, hasResultSet(), List.of(), scannedBytes);
    }

    StatementSummary summary() {
        return new StatementSummary(id, runState(), state, List.of(query == null ? "" : query), null, submitted,
                completed, false);
    }
}
