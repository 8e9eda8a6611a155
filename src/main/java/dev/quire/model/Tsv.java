package dev.quire.model;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * TSV text for typed cells, as the grid copies them: tabs and line breaks inside a value become
 * spaces, NULL an empty field, bytes base64, decimals without an exponent.
 */
public final class Tsv {

    public static StringBuilder appendRow(StringBuilder line, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                continue;
            }
            String text = value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                    : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            for (int k = 0; k < text.length(); k++) {
                char c = text.charAt(k);
                line.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
            }
        }
        return line;
    }

    public static String row(Object[] values) {
        return appendRow(new StringBuilder(), values).toString();
    }

    private Tsv() {
    }
}
