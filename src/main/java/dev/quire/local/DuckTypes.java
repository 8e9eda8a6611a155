package dev.quire.local;

import java.util.ArrayList;
import java.util.List;

/** Reads DuckDB's nested type names, such as {@code STRUCT(a INTEGER, "b c" MAP(VARCHAR, DOUBLE[]))}. */
public final class DuckTypes {

    /** A struct field's name (unquoted) and type. */
    public static String[] field(String text) {
        String field = text.strip();
        if (field.startsWith("\"")) {
            int close = field.indexOf('"', 1);
            while (close > 0 && close + 1 < field.length() && field.charAt(close + 1) == '"') {
                close = field.indexOf('"', close + 2);
            }
            if (close > 0) {
                return new String[] {field.substring(1, close).replace("\"\"", "\""), field.substring(close + 1)};
            }
        }
        int space = field.indexOf(' ');
        return space < 0 ? new String[] {field, "VARCHAR"} : new String[] {field.substring(0, space),
            field.substring(space + 1)};
    }

    /** Splits a type list at the commas that stand outside parentheses and quotes. */
    public static List<String> topLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (start < list.length()) {
            parts.add(list.substring(start).strip());
        }
        return parts;
    }

    /** The bytes of a binary value as the JDBC driver hands it (byte[], Blob or ByteBuffer); null for others. */
    public static byte[] bytes(Object value) throws java.sql.SQLException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof java.sql.Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return null;
    }

    /** A timestamp value as the driver hands it, in UTC when it has a zone; null for other values. */
    public static java.time.LocalDateTime dateTime(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.time.LocalDateTime time) {
            return time;
        }
        if (value instanceof java.time.OffsetDateTime time) {
            return time.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        }
        return null;
    }

    /** A time of day as the driver hands it; null for other values. */
    public static java.time.LocalTime timeOfDay(Object value) {
        if (value instanceof java.time.LocalTime time) {
            return time;
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        return null;
    }

    private DuckTypes() {
    }
}
