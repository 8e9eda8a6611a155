package dev.quire.local.athena;

import dev.quire.local.DuckTypes;
import dev.quire.local.ResultColumn;
import dev.quire.local.RowScan;
import dev.quire.local.TextBytes;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DuckDB's types as Athena names them, and every value in Athena's text form: the form
 * GetQueryResults sends as VarCharValue and the result CSV holds.
 *
 * <ul>
 *   <li>boolean {@code true}/{@code false}; integers in decimal digits; decimal with all its scale
 *       digits ({@code 12.50}); double and real as Java prints them, with the shortest digits that
 *       read back ({@code 2.5}, {@code 1.0E20}, {@code NaN}, {@code Infinity}).</li>
 *   <li>date {@code 2024-01-31}; timestamp {@code 2024-01-31 17:33:51.887} (milliseconds, or all
 *       six or nine digits when the value has finer ones); time {@code 17:33:51.887} likewise;
 *       timestamp with time zone in UTC, {@code 2024-01-31 15:33:51.887 UTC}.</li>
 *   <li>varbinary as hex bytes separated by spaces ({@code 68 65 6c 6c 6f}).</li>
 *   <li>array {@code [1, 2, null]}, map {@code {a=1, b=2}}, row {@code {x=1, y=abc}}, their
 *       elements in the same forms, strings unquoted.</li>
 *   <li>uuid, json, interval and the rest as DuckDB prints them.</li>
 * </ul>
 */
final class AthenaTypes {

    /** How a column's cells are read. */
    enum Kind { TEXT, BOOLEAN, INTEGER, REAL, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, BINARY, NESTED }

    /** A result column as ColumnInfo describes it, and how its cells are read. */
    record Mapped(String type, int precision, int scale, boolean caseSensitive, Kind kind) {
    }

    /** Maps a result column's DuckDB type. */
    static Mapped map(ResultColumn column) {
        String duck = column.type().toUpperCase(Locale.ROOT).strip();
        if (duck.endsWith("]")) {
            return new Mapped("array", 0, 0, false, Kind.NESTED);
        }
        String base = duck.contains("(") ? duck.substring(0, duck.indexOf('(')).strip() : duck;
        return switch (base) {
            case "BOOLEAN" -> new Mapped("boolean", 0, 0, false, Kind.BOOLEAN);
            case "TINYINT" -> new Mapped("tinyint", 3, 0, false, Kind.INTEGER);
            case "SMALLINT", "UTINYINT" -> new Mapped("smallint", 5, 0, false, Kind.INTEGER);
            case "INTEGER", "USMALLINT" -> new Mapped("integer", 10, 0, false, Kind.INTEGER);
            case "BIGINT", "UINTEGER" -> new Mapped("bigint", 19, 0, false, Kind.INTEGER);
            case "UBIGINT" -> new Mapped("decimal", 20, 0, false, Kind.TEXT);
            case "HUGEINT", "UHUGEINT" -> new Mapped("decimal", 38, 0, false, Kind.TEXT);
            case "DECIMAL" -> new Mapped("decimal", column.precision(), column.scale(), false, Kind.DECIMAL);
            case "FLOAT" -> new Mapped("real", 7, 0, false, Kind.REAL);
            case "DOUBLE" -> new Mapped("double", 17, 0, false, Kind.DOUBLE);
            case "DATE" -> new Mapped("date", 0, 0, false, Kind.DATE);
            case "TIME" -> new Mapped("time", 3, 0, false, Kind.TIME);
            case "TIME WITH TIME ZONE", "TIMETZ" -> new Mapped("time with time zone", 3, 0, false, Kind.TEXT);
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATETIME" ->
                    new Mapped("timestamp", 3, 0, false, Kind.TIMESTAMP);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" ->
                    new Mapped("timestamp with time zone", 3, 0, false, Kind.TIMESTAMP_TZ);
            case "BLOB", "BYTEA", "VARBINARY" -> new Mapped("varbinary", 0, 0, false, Kind.BINARY);
            case "STRUCT" -> new Mapped("row", 0, 0, false, Kind.NESTED);
            case "MAP" -> new Mapped("map", 0, 0, false, Kind.NESTED);
            case "JSON" -> new Mapped("json", 0, 0, true, Kind.TEXT);
            case "UUID" -> new Mapped("uuid", 0, 0, false, Kind.TEXT);
            case "INTERVAL" -> new Mapped("interval day to second", 0, 0, false, Kind.TEXT);
            default -> new Mapped("varchar", Integer.MAX_VALUE, 0, true, Kind.TEXT);
        };
    }

    /**
     * How a page reads the column's cells: strings and timestamps as the UTF-8 bytes of DuckDB's
     * text (timestamps then get Athena's fraction digits, {@link AthenaCells#timestamp}), the
     * rest as values.
     */
    static RowScan.Form form(ResultColumn column, Mapped mapped) {
        String duck = column.type().strip().toUpperCase(Locale.ROOT);
        boolean text = mapped.kind() == Kind.TEXT && duck.equals("VARCHAR");
        boolean timestamp = mapped.kind() == Kind.TIMESTAMP && !duck.equals("TIMESTAMP_NS");
        return text || timestamp ? RowScan.Form.UTF8 : RowScan.Form.VALUE;
    }

    /** A cell in Athena's text form, or null for SQL NULL. */
    static String text(ResultSet rows, int column, Kind kind) throws SQLException {
        String text = switch (kind) {
            case TEXT -> rows.getString(column);
            case BOOLEAN -> rows.getBoolean(column) ? "true" : "false";
            case INTEGER -> Long.toString(rows.getLong(column));
            case REAL -> TextBytes.javaText(rows.getFloat(column));
            case DOUBLE -> TextBytes.javaText(rows.getDouble(column));
            case DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(column);
                yield value == null ? null : value.toPlainString();
            }
            case DATE -> {
                LocalDate value = rows.getObject(column, LocalDate.class);
                yield value == null ? null : value.toString();
            }
            case TIME -> {
                LocalTime value = rows.getObject(column, LocalTime.class);
                yield value == null ? null : time(value);
            }
            case TIMESTAMP -> {
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                yield value == null ? null : timestamp(value);
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                yield value == null ? null : timestamp(value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                        + " UTC";
            }
            case BINARY -> {
                byte[] value = rows.getBytes(column);
                yield value == null ? null : hex(value);
            }
            case NESTED -> {
                Object value = rows.getObject(column);
                yield value == null ? null : nested(value);
            }
        };
        return rows.wasNull() ? null : text;
    }

    static String timestamp(LocalDateTime value) {
        return value.toLocalDate() + " " + time(value.toLocalTime());
    }

    /** HH:mm:ss with milliseconds, or with six or nine digits when the value has finer ones. */
    static String time(LocalTime value) {
        StringBuilder text = new StringBuilder(18);
        two(text, value.getHour()).append(':');
        two(text, value.getMinute()).append(':');
        two(text, value.getSecond()).append('.');
        int nanos = value.getNano();
        int shown = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        for (int unit = 100_000_000, i = 0; i < shown; unit /= 10, i++) {
            text.append((char) ('0' + nanos / unit % 10));
        }
        return text.toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return text.toString();
    }

    /** An array, map or row value as Athena prints it; elements in their own text forms. */
    private static String nested(Object value) throws SQLException {
        StringBuilder text = new StringBuilder();
        appendNested(text, value);
        return text.toString();
    }

    private static void appendNested(StringBuilder text, Object value) throws SQLException {
        if (value == null) {
            text.append("null");
        } else if (value instanceof Array array) {
            text.append('[');
            Object[] elements = (Object[]) array.getArray();
            for (int i = 0; i < elements.length; i++) {
                text.append(i > 0 ? ", " : "");
                appendNested(text, elements[i]);
            }
            text.append(']');
        } else if (value instanceof Struct struct) {
            appendEntries(text, toMap(struct));
        } else if (value instanceof Map<?, ?> map) {
            appendEntries(text, map);
        } else {
            text.append(scalar(value));
        }
    }

    private static Map<?, ?> toMap(Struct struct) throws SQLException {
        if (struct instanceof org.duckdb.DuckDBStruct duck) {
            return duck.getMap();
        }
        Object[] attributes = struct.getAttributes();
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i++) {
            map.put("field" + i, attributes[i]);
        }
        return map;
    }

    private static void appendEntries(StringBuilder text, Map<?, ?> entries) throws SQLException {
        text.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            text.append(first ? "" : ", ");
            first = false;
            appendNested(text, entry.getKey());
            text.append('=');
            appendNested(text, entry.getValue());
        }
        text.append('}');
    }

    private static String scalar(Object value) throws SQLException {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        java.time.LocalDateTime dateTime = DuckTypes.dateTime(value);
        if (dateTime != null) {
            return timestamp(dateTime) + (value instanceof OffsetDateTime ? " UTC" : "");
        }
        LocalTime timeOfDay = DuckTypes.timeOfDay(value);
        if (timeOfDay != null) {
            return time(timeOfDay);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        byte[] bytes = DuckTypes.bytes(value);
        if (bytes != null) {
            return hex(bytes);
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString();
    }

    /** The Hive type name of a DuckDB column type, as Glue and GetTableMetadata show it. */
    static String hive(String duckType) {
        String duck = duckType.strip();
        String upper = duck.toUpperCase(Locale.ROOT);
        if (upper.endsWith("]")) {
            return "array<" + hive(duck.substring(0, duck.lastIndexOf('['))) + ">";
        }
        int open = duck.indexOf('(');
        String base = (open < 0 ? upper : upper.substring(0, open)).strip();
        String inner = open < 0 || !duck.endsWith(")") ? "" : duck.substring(open + 1, duck.length() - 1);
        return switch (base) {
            case "VARCHAR", "UUID", "JSON", "INTERVAL", "TIME", "TIME WITH TIME ZONE", "TIMETZ", "ENUM", "BIT",
                 "UNION" -> "string";
            case "BOOLEAN" -> "boolean";
            case "TINYINT" -> "tinyint";
            case "SMALLINT", "UTINYINT" -> "smallint";
            case "INTEGER", "USMALLINT" -> "int";
            case "BIGINT", "UINTEGER" -> "bigint";
            case "UBIGINT" -> "decimal(20,0)";
            case "HUGEINT", "UHUGEINT", "VARINT", "BIGNUM" -> "decimal(38,0)";
            case "FLOAT" -> "float";
            case "DOUBLE" -> "double";
            case "DECIMAL" -> "decimal(" + inner.replace(" ", "") + ")";
            case "DATE" -> "date";
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE",
                 "TIMESTAMPTZ", "DATETIME" -> "timestamp";
            case "BLOB", "BYTEA", "VARBINARY" -> "binary";
            case "MAP" -> {
                List<String> parts = DuckTypes.topLevel(inner);
                yield parts.size() == 2 ? "map<" + hive(parts.get(0)) + "," + hive(parts.get(1)) + ">" : "string";
            }
            case "STRUCT" -> {
                StringBuilder fields = new StringBuilder("struct<");
                List<String> parts = DuckTypes.topLevel(inner);
                for (int i = 0; i < parts.size(); i++) {
                    String[] field = DuckTypes.field(parts.get(i));
                    fields.append(i > 0 ? "," : "").append(field[0]).append(':').append(hive(field[1]));
                }
                yield fields.append('>').toString();
            }
            default -> "string";
        };
    }

    private AthenaTypes() {
    }
}
