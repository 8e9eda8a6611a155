package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A job as {@code GET /job/{id}} describes it: its state (one of 15), the rows it returned (the
 * total once COMPLETED), the error or the reason it was cancelled ("" otherwise), and when it
 * started and ended (endedAt is absent until it ends).
 */
record JobStatus(String id, String jobState, long rowCount, String errorMessage, String cancellationReason,
                 Instant startedAt, Instant endedAt, String queryType) {

    static JobStatus read(String id, JsonNode job) throws JsonParseException {
        JsonNode state = job.get("jobState");
        if (state == null || !state.isTextual() || state.asText().isEmpty()) {
            throw new JsonParseException(null, "malformed response: a job without a jobState");
        }
        return new JobStatus(id, state.asText(), job.path("rowCount").asLong(0), blankToNull(job.get("errorMessage")),
                blankToNull(job.get("cancellationReason")), time(job.get("startedAt")), time(job.get("endedAt")),
                job.path("queryType").asText(null));
    }

    RunState runState() {
        return DremioWire.stateOf(jobState);
    }

    boolean isFinal() {
        return runState().isFinal();
    }

    /** The neutral description; sql is what was submitted, when this client submitted it. */
    StatementInfo info(String sql) {
        RunState run = runState();
        String error = switch (run) {
            case FAILED -> errorMessage != null ? errorMessage : "The job ended " + jobState + ".";
            case CANCELLED -> cancellationReason != null ? cancellationReason : "Query was cancelled";
            default -> null;
        };
        long nanos = startedAt != null && endedAt != null
                ? java.time.Duration.between(startedAt, endedAt).toNanos() : -1;
        return new StatementInfo(id, run, jobState, error, sql, startedAt, endedAt, nanos,
                run == RunState.FINISHED ? rowCount : -1, -1, true, List.of());
    }

    /** An ISO-8601 time such as 2022-12-13T18:34:14.069Z; null when absent or not a time. */
    static Instant time(JsonNode text) {
        if (text == null || !text.isTextual()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(JsonNode text) {
        return text == null || !text.isTextual() || text.asText().isBlank() ? null : text.asText();
    }
}
