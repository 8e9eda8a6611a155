package dev.quire.client.dremio;

import dev.quire.model.RunState;
import java.util.Set;

/**
 * The wire facts of Dremio's REST API v3 this client needs: paths, limits, job states and the
 * error body's members (kept here until the API's shapes have a package of their own).
 */
final class DremioWire {

    /** The base of REST API v3 on Dremio Software. */
    static final String API = "api/v3";
    /** Where a user name and password sign in. */
    static final String LOGIN = "apiv2/login";
    /** The most rows one results call returns (and the default is 100). */
    static final int MAX_LIMIT = 500;
    /** The prefix of a login token in the Authorization header. */
    static final String SESSION_PREFIX = "_dremio";

    /** The job states that are final (the other twelve of the 15 are on the way). */
    static final Set<String> FINAL_STATES = Set.of("COMPLETED", "CANCELED", "FAILED");

    /** Error body members. */
    static final String ERROR_MESSAGE = "errorMessage";
    static final String MORE_INFO = "moreInfo";

    /** The neutral state of a job state name; null or a name this client does not know is UNKNOWN. */
    static RunState stateOf(String jobState) {
        if (jobState == null) {
            return RunState.UNKNOWN;
        }
        return switch (jobState) {
            case "NOT_SUBMITTED", "STARTING", "ENQUEUED", "PENDING", "QUEUED", "ENGINE_START",
                    "METADATA_RETRIEVAL", "PLANNING", "EXECUTION_PLANNING" -> RunState.QUEUED;
            case "RUNNING", "CANCELLATION_REQUESTED" -> RunState.RUNNING;
            case "COMPLETED" -> RunState.FINISHED;
            case "CANCELED" -> RunState.CANCELLED;
            case "FAILED", "INVALID_STATE" -> RunState.FAILED;
            default -> RunState.UNKNOWN;
        };
    }

    private DremioWire() {
    }
}
