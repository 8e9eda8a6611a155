package dev.quire.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The AWS JSON 1.1 protocol that the Redshift Data API and Athena share: POST / with the action in
 * {@code X-Amz-Target}, and error bodies {"__type": code, "Message": text, modeled members...}.
 */
public final class AwsJson {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String TARGET_HEADER = "X-Amz-Target";

    /** An error body. */
    public static byte[] encodeError(String code, String message, Map<String, String> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("__type", code);
            out.writeStringField("Message", message);
            for (Map.Entry<String, String> member : members.entrySet()) {
                out.writeStringField(member.getKey(), member.getValue());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The error code as the AWS SDKs find it: header first, then __type or code, sanitised. */
    public static String errorCode(String errorTypeHeader, JsonNode body) {
        String raw = errorTypeHeader;
        if (raw == null || raw.isBlank()) {
            raw = body == null ? null : firstText(body, "__type", "code");
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        int colon = raw.indexOf(':');
        if (colon >= 0) {
            raw = raw.substring(0, colon);
        }
        int hash = raw.lastIndexOf('#');
        return hash >= 0 ? raw.substring(hash + 1) : raw;
    }

    /** The error message as the AWS SDKs find it: header first, then message, Message or errorMessage. */
    public static String errorMessage(String messageHeader, JsonNode body) {
        if (messageHeader != null && !messageHeader.isBlank()) {
            return messageHeader;
        }
        return body == null ? null : firstText(body, "message", "Message", "errorMessage");
    }

    private static String firstText(JsonNode body, String... names) {
        for (String name : names) {
            JsonNode value = body.get(name);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }

    private AwsJson() {
    }
}
