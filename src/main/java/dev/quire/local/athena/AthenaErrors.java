package dev.quire.local.athena;

import dev.quire.local.EngineException;
import dev.quire.local.http.ApiError;
import java.util.Map;

/**
 * Athena's error answers, and how a query's failure reads in its status: a StateChangeReason
 * that starts with the error's name ({@code SYNTAX_ERROR: ...}) and an AthenaError with the
 * category and type numbers of Athena's error catalog.
 */
final class AthenaErrors {

    static final String INVALID_INPUT = "INVALID_INPUT";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String QUERY_NOT_FINISHED = "QUERY_NOT_FINISHED";
    static final String QUERY_FAILED = "QUERY_FAILED";
    static final String QUERY_CANCELLED = "QUERY_CANCELLED";
    static final String IDEMPOTENT_PARAMETER_MISMATCH = "IDEMPOTENT_PARAMETER_MISMATCH";

    static final int SYSTEM = 1;
    static final int USER = 2;

    /** An error's name in Athena's reasons and its type number in Athena's error catalog. */
    private record Named(String name, int type) {
    }

    /** DuckDB's error kinds that name one Athena error each. */
    private static final Map<String, Named> BY_KIND = Map.of(
            "Parser Error", new Named("SYNTAX_ERROR", 1006),
            "Conversion Error", new Named("INVALID_CAST_ARGUMENT", 1001),
            "Out of Range Error", new Named("NUMERIC_VALUE_OUT_OF_RANGE", 1001),
            "Invalid Input Error", new Named("INVALID_FUNCTION_ARGUMENT", 1106),
            "Constraint Error", new Named("CONSTRAINT_VIOLATION", 1000),
            "Not implemented Error", new Named("NOT_SUPPORTED", 1200));

    /** Why a query ended as it did: StateChangeReason and AthenaError's members. */
    record Failure(String reason, int category, int type, boolean retryable) {
    }

    static ApiError invalidRequest(String code, String message) {
        return new ApiError("InvalidRequestException", 400, message, Map.of("AthenaErrorCode", code));
    }

    static ApiError metadata(String message) {
        return new ApiError("MetadataException", 400, message, Map.of());
    }

    static ApiError queryNotFound(String id) {
        return invalidRequest(INVALID_INPUT, "QueryExecution " + id + " was not found");
    }

    /** An engine refusal in Athena's words. */
    static ApiError of(EngineException e) {
        return switch (e.kind()) {
            case VALIDATION -> invalidRequest(INVALID_INPUT, e.getMessage());
            case NOT_FOUND -> queryNotFound(e.resourceId());
            case GONE -> invalidRequest(INVALID_INPUT, e.getMessage());
            case CONFLICT -> invalidRequest(IDEMPOTENT_PARAMETER_MISMATCH, "Idempotent parameters do not match");
            case ACTIVE_STATEMENTS_EXCEEDED -> new ApiError("TooManyRequestsException", 400, "You have exceeded the "
                    + "limit for the number of queries you can run concurrently. Wait for running queries to finish, "
                    + "or stop some, and retry.", Map.of("Reason", "CONCURRENT_QUERY_LIMIT_EXCEEDED"));
            case INTERNAL -> new ApiError("InternalServerException", 500, e.getMessage(), Map.of());
        };
    }

    /** A failed query's reason and error numbers, from the engine's error text. */
    static Failure failure(String error) {
        String text = error == null ? "The query failed." : error.startsWith("ERROR: ") ? error.substring(7) : error;
        if (text.startsWith("unknown: ")) {
            return new Failure("GENERIC_INTERNAL_ERROR: " + text, SYSTEM, 100, false);
        }
        if (text.startsWith("The local server could not record") || text.contains("ran out of memory")) {
            return new Failure("GENERIC_INTERNAL_ERROR: " + text, SYSTEM, 100, true);
        }
        if (text.startsWith("The query result exceeds") || text.startsWith("Packet for query is too large")) {
            return new Failure("EXCEEDED_RESULT_SIZE_LIMIT: " + text, USER, 1008, false);
        }
        int colon = text.indexOf(": ");
        String kind = colon > 0 ? text.substring(0, colon) : "";
        Named named = switch (kind) {
            case "Binder Error" -> text.contains("Referenced column") ? new Named("COLUMN_NOT_FOUND", 1006)
                    : text.contains("unction") ? new Named("FUNCTION_NOT_FOUND", 1303) : new Named("SYNTAX_ERROR", 1006);
            case "Catalog Error" -> catalogError(text);
            default -> BY_KIND.getOrDefault(kind, new Named("GENERIC_USER_ERROR", 1000));
        };
        return new Failure(named.name() + ": " + text, USER, named.type(), false);
    }

    private static Named catalogError(String text) {
        if (!text.contains("does not exist") && !text.contains("not found")) {
            return new Named("ALREADY_EXISTS", 1003);
        }
        if (text.contains("Table with name") || text.contains("View with name")) {
            return new Named("TABLE_NOT_FOUND", 1110);
        }
        if (text.contains("Schema") || text.contains("schema")) {
            return new Named("SCHEMA_NOT_FOUND", 1301);
        }
        return text.contains("unction") ? new Named("FUNCTION_NOT_FOUND", 1303) : new Named("TABLE_NOT_FOUND", 1110);
    }

    /** A cancelled query's reason: the caller's stop, or the server's when it stopped first. */
    static Failure cancelled(String reason) {
        return new Failure(reason == null ? "Query cancelled by user" : reason, USER, 1011, false);
    }

    private AthenaErrors() {
    }
}
