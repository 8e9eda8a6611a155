package dev.quire.client.athena;

import com.fasterxml.jackson.core.io.NumberInput;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the text of an Athena value becomes a typed cell, by the column's engine type: integers are
 * Long, double and real Double, decimal BigDecimal, boolean Boolean, varbinary bytes (Athena writes
 * them as hex pairs), and everything else (varchar, date, timestamp, arrays, maps...) the text as
 * Athena wrote it. NULL stays null.
 */
enum CellType {
    LONG, DOUBLE, DECIMAL, BOOLEAN, BINARY, TEXT;

    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9a-fA-F]{2}( [0-9a-fA-F]{2})*");

    /** The cell type of an engine type name such as bigint, decimal(10,2) or varchar(20). */
    static CellType of(String typeName) {
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT).strip();
        int paren = type.indexOf('(');
        if (paren >= 0) {
            type = type.substring(0, paren).strip();
        }
        return switch (type) {
            case "bigint", "integer", "int", "smallint", "tinyint" -> LONG;
            case "double", "real", "float" -> DOUBLE;
            case "decimal" -> DECIMAL;
            case "boolean" -> BOOLEAN;
            case "varbinary" -> BINARY;
            default -> TEXT;
        };
    }

    /** The typed value of a value's text; throws IllegalArgumentException when the text is not of the type. */
    Object parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (this) {
            case LONG -> Long.parseLong(text);
            case DOUBLE -> NumberInput.parseDouble(text, true);
            case DECIMAL -> new BigDecimal(text);
            case BOOLEAN -> parseBoolean(text);
            case BINARY -> HEX_PAIRS.matcher(text).matches() ? HexFormat.ofDelimiter(" ").parseHex(text)
                    : text.isEmpty() ? new byte[0] : text;
            case TEXT -> text;
        };
    }

    private static Boolean parseBoolean(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }
}
