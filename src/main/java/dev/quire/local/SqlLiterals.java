package dev.quire.local;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of SQL literals given as text for positional parameters ({@code 'it''s'}, {@code 42},
 * {@code 2.5}, {@code 1e3}, {@code TRUE}, {@code NULL}, {@code DATE '2024-01-31'},
 * {@code TIMESTAMP '2024-01-31 12:00:00'}, {@code X'CAFE'} ...), and how they are bound: the
 * value goes to DuckDB as a typed parameter, never as SQL text.
 */
final class SqlLiterals {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+)");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)[eE][+-]?\\d+");
    private static final Pattern TYPED = Pattern.compile("(?is)([a-z][a-z ]*?)\\s*('.*')");
    private static final Pattern BINARY = Pattern.compile("(?i)X'([0-9a-f]*)'");
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm[:ss]").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral(' ').append(TIME).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter(Locale.ROOT);

    /** A name as a DuckDB identifier, always quoted. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The literal's value: String, Integer, Long, BigDecimal, Double, Float, Boolean, a java.time value, byte[] or null. */
    static Object value(String literal) {
        String text = literal.strip();
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) {
            return null;
        }
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            return Boolean.valueOf(upper);
        }
        if (text.startsWith("'")) {
            return string(text, literal);
        }
        if (INTEGER.matcher(text).matches()) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 32 ? (Object) value.intValue()
                    : value.bitLength() < 64 ? (Object) value.longValue() : new BigDecimal(value);
        }
        if (DECIMAL.matcher(text).matches()) {
            return new BigDecimal(text);
        }
        if (DOUBLE.matcher(text).matches()) {
            return Double.valueOf(text);
        }
        Matcher binary = BINARY.matcher(text);
        if (binary.matches() && binary.group(1).length() % 2 == 0) {
            return HexFormat.of().parseHex(binary.group(1));
        }
        Matcher typed = TYPED.matcher(text);
        if (typed.matches()) {
            return typed(typed.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " "),
                    string(typed.group(2), literal), literal);
        }
        throw invalid(literal, "it is not a literal");
    }

    private static Object typed(String type, String text, String literal) {
        try {
            return switch (type) {
                case "VARCHAR", "CHAR" -> text;
                case "DATE" -> LocalDate.parse(text.strip());
                case "TIMESTAMP" -> LocalDateTime.parse(text.strip(), TIMESTAMP);
                case "TIME" -> LocalTime.parse(text.strip(), TIME);
                case "DECIMAL", "NUMERIC" -> new BigDecimal(text.strip());
                case "DOUBLE", "DOUBLE PRECISION" -> Double.valueOf(text.strip());
                case "REAL", "FLOAT" -> Float.valueOf(text.strip());
                case "BIGINT" -> Long.valueOf(text.strip());
                case "INTEGER", "INT" -> Integer.valueOf(text.strip());
                case "SMALLINT" -> Short.valueOf(text.strip());
                case "TINYINT" -> Byte.valueOf(text.strip());
                case "BOOLEAN" -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw invalid(literal, "'" + text + "' is not a boolean");
                };
                default -> throw invalid(literal, type + " literals are not supported");
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(literal, "'" + text + "' is not a " + type.toLowerCase(Locale.ROOT));
        }
    }

    /** The text of a quoted string literal, with doubled quotes undone. */
    private static String string(String quoted, String literal) {
        if (quoted.length() < 2 || !quoted.endsWith("'")) {
            throw invalid(literal, "the string is not closed");
        }
        String inner = quoted.substring(1, quoted.length() - 1);
        for (int i = inner.indexOf('\''); i >= 0; i = inner.indexOf('\'', i + 2)) {
            if (i + 1 >= inner.length() || inner.charAt(i + 1) != '\'') {
                throw invalid(literal, "a quote inside the string is not doubled");
            }
        }
        return inner.replace("''", "'");
    }

    private static EngineException invalid(String literal, String why) {
        return EngineException.validation("The parameter " + abbreviate(literal) + " is not an SQL literal the "
                + "local engine can bind (" + why + "): give a quoted string ('it''s'), a number (42, 2.5, 1e3), "
                + "TRUE, FALSE, NULL, X'hex', or a typed literal such as DATE '2024-01-31' or "
                + "TIMESTAMP '2024-01-31 12:00:00'.");
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    /** Binds values in order from parameter 1: strings as text, the others as typed values. */
    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof String text) {
                statement.setString(i + 1, text);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(i + 1, bytes);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private SqlLiterals() {
    }
}
