package dev.quire.model;

import java.util.Base64;

/** CSV text for typed cells: RFC 4180 quoting, NULL as an empty field, bytes as base64. */
public final class Csv {

    public static StringBuilder appendRow(StringBuilder line, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values[i];
            if (value == null) {
                continue;
            }
            String text = value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : value.toString();
            if (text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line;
    }

    public static String row(Object[] values) {
        return appendRow(new StringBuilder(), values).toString();
    }

    private Csv() {
    }
}
