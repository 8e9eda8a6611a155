package dev.quire.model;

import java.util.Locale;
import java.util.Map;

/**
 * A backend's state name in the words its own console uses: Redshift's FINISHED is "Finished",
 * Athena's SUCCEEDED and Dremio's COMPLETED are "Completed", ABORTED is "Cancelled".
 */
public final class StateWords {

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("SUBMITTED", "Submitted"), Map.entry("PICKED", "Picked"), Map.entry("STARTED", "Running"),
            Map.entry("FINISHED", "Finished"), Map.entry("ABORTED", "Cancelled"), Map.entry("FAILED", "Failed"),
            Map.entry("QUEUED", "Queued"), Map.entry("RUNNING", "Running"), Map.entry("SUCCEEDED", "Completed"),
            Map.entry("CANCELLED", "Cancelled"), Map.entry("COMPLETED", "Completed"), Map.entry("CANCELED", "Canceled"),
            Map.entry("ENQUEUED", "Queued"), Map.entry("STARTING", "Starting"), Map.entry("PLANNING", "Planning"),
            Map.entry("NOT_SUBMITTED", "Not submitted"), Map.entry("CANCELLATION_REQUESTED", "Cancelling"),
            Map.entry("METADATA_RETRIEVAL", "Retrieving metadata"), Map.entry("ENGINE_START", "Starting an engine"),
            Map.entry("EXECUTION_PLANNING", "Planning"), Map.entry("PENDING", "Pending"));

    private StateWords() {
    }

    /** The words for a state name; one not known reads as its name in lower case ("SOME_STATE" → "Some state"). */
    public static String of(String state) {
        if (state == null || state.isBlank()) {
            return "";
        }
        String known = WORDS.get(state.strip().toUpperCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        String plain = state.strip().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
    }
}
