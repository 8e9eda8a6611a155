package dev.quire.protocol.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.protocol.Json;
import java.io.IOException;

/**
 * Dremio's error body, {@code {"errorMessage":"…","moreInfo":""}}; a blank message is sent as
 * {@link #BLANK_MESSAGE}, as Dremio does.
 */
public final class DremioError {

    public static final String ERROR_MESSAGE = "errorMessage";
    public static final String MORE_INFO = "moreInfo";
    public static final String BLANK_MESSAGE = "Something went wrong.";

    public static byte[] encode(String message) {
        String text = message == null || message.isBlank() ? BLANK_MESSAGE : message;
        return Json.object(out -> {
            out.writeStringField(ERROR_MESSAGE, text);
            out.writeStringField(MORE_INFO, "");
        });
    }

    /** The errorMessage of an error body, or null when the body is not one. */
    public static String message(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode message = node == null ? null : node.get(ERROR_MESSAGE);
            return message != null && message.isTextual() ? message.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of the 404 for an unknown job id, also sent by a cancel of a finished job. */
    public static String jobNotFound(String id) {
        return "Could not find a job with id [" + id + "]";
    }

    /** The text of the 400 for the results of a job that is not COMPLETED. */
    public static String notCompleted(JobState state) {
        return "Can not fetch details for a job that is in [" + state + "] state.";
    }

    public static final String LIMIT_EXCEEDED = "limit can not exceed " + DremioPaths.MAX_LIMIT + " rows";

    private DremioError() {
    }
}
