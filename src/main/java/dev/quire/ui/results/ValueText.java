package dev.quire.ui.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value as the value viewer shows it: its lines (long ones cut into pieces a list can draw),
 * JSON parsed and pretty-printed, bytes as a hex dump. No toolkit in here; the viewer runs it in
 * the background.
 */
public final class ValueText {

    /** The longest line piece the viewer's list draws at once. */
    static final int PIECE = 1_000;
    /** Labels of the JSON tree show at most this much of a value. */
    static final int LABEL = 200;
    /** The JSON tree groups longer arrays and objects into parts of this many. */
    static final int BUCKET = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The text's lines, lines longer than {@link #PIECE} cut into pieces. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n|\r", -1)) {
            if (line.length() <= PIECE) {
                lines.add(line);
                continue;
            }
            for (int i = 0; i < line.length(); i += PIECE) {
                lines.add(line.substring(i, Math.min(line.length(), i + PIECE)));
            }
        }
        return lines;
    }

    /** The text as JSON (an object or an array), or null when it is none. */
    public static JsonNode json(String text) {
        String start = text.stripLeading();
        if (!start.startsWith("{") && !start.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isContainerNode() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tree label: "key: value" for a scalar, "key {3}" for an object of three, "key [2]" for an array of two. */
    public static String label(String key, JsonNode node) {
        String prefix = key == null ? "" : key;
        if (node.isObject()) {
            return (prefix.isEmpty() ? "" : prefix + " ") + "{" + node.size() + "}";
        }
        if (node.isArray()) {
            return (prefix.isEmpty() ? "" : prefix + " ") + "[" + node.size() + "]";
        }
        String value = node.toString();
        value = value.length() > LABEL ? value.substring(0, LABEL) + "…" : value;
        return prefix.isEmpty() ? value : prefix + ": " + value;
    }

    /** The children of an object or array with their keys (array items as [0], [1], ...). */
    public static List<Map.Entry<String, JsonNode>> children(JsonNode node) {
        List<Map.Entry<String, JsonNode>> children = new ArrayList<>(node.size());
        if (node.isObject()) {
            node.fields().forEachRemaining(children::add);
        } else {
            for (int i = 0; i < node.size(); i++) {
                children.add(Map.entry("[" + i + "]", node.get(i)));
            }
        }
        return children;
    }

    /** Sixteen bytes a line: the offset, the bytes in hex, and as ASCII (dots for the rest). */
    public static List<String> hexDump(byte[] bytes) {
        List<String> lines = new ArrayList<>(bytes.length / 16 + 1);
        for (int offset = 0; offset < bytes.length; offset += 16) {
            StringBuilder hex = new StringBuilder(String.format("%08x ", offset));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    hex.append(' ');
                }
                if (offset + i < bytes.length) {
                    int b = bytes[offset + i] & 0xff;
                    hex.append(' ').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            lines.add(hex + "  |" + ascii + "|");
        }
        return lines;
    }

    private ValueText() {
    }
}
