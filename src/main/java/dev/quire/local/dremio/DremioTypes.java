package dev.quire.local.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.local.DuckTypes;
import dev.quire.local.ResultColumn;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DuckDB's types as Dremio's schema names them, and every value as Dremio's job results write it:
 * numbers as JSON numbers (DOUBLE in Java's form, {@code 3.0}; DECIMAL with its scale, {@code 12.50};
 * BIGINT exact), DATE {@code 2013-02-10}, TIME {@code 20:00:00.000}, TIMESTAMP
 * {@code 2013-02-10 20:00:00.000} (UTC, no zone), VARBINARY in base64, STRUCT and MAP as objects
 * (a STRUCT's null members left out), LIST as an array, and a NULL at the top as {@code null}.
 * Types Dremio has no name for (UUID, JSON, INTERVAL, ENUM, UNION …) are VARCHAR with DuckDB's text.
 */
final class DremioTypes {

    /** How a value is read and written. */
    enum Kind { VARCHAR, BOOLEAN, INTEGER, BIG_NUMBER, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ,
        VARBINARY, LIST, STRUCT, MAP }

    /** A Dremio type: its schema name, DECIMAL's precision and scale, and its children (STRUCT's named). */
    record Type(String name, Kind kind, int precision, int scale, List<Field> children) {
    }

    /** A field of a schema or of a STRUCT; LIST and MAP children have no name. */
    record Field(String name, Type type) {
    }

    /** A result column's type. */
    static Type map(ResultColumn column) {
        return map(column.type());
    }

    static Type map(String duckType) {
        String duck = duckType.strip();
        String upper = duck.toUpperCase(Locale.ROOT);
        if (upper.endsWith("]")) {
            return new Type("LIST", Kind.LIST, 0, 0, List.of(new Field(null, map(duck.substring(0,
                    duck.lastIndexOf('['))))));
        }
        int open = duck.indexOf('(');
        String base = (open < 0 ? upper : upper.substring(0, open)).strip();
        String inner = open < 0 || !duck.endsWith(")") ? "" : duck.substring(open + 1, duck.length() - 1);
        return switch (base) {
            case "BOOLEAN", "BOOL" -> scalar("BOOLEAN", Kind.BOOLEAN);
            case "TINYINT" -> scalar("TINYINT", Kind.INTEGER);
            case "SMALLINT", "UTINYINT" -> scalar("SMALLINT", Kind.INTEGER);
            case "INTEGER", "INT", "USMALLINT" -> scalar("INTEGER", Kind.INTEGER);
            case "BIGINT", "UINTEGER" -> scalar("BIGINT", Kind.INTEGER);
            case "UBIGINT" -> new Type("DECIMAL", Kind.BIG_NUMBER, 20, 0, List.of());
            case "HUGEINT", "UHUGEINT", "VARINT", "BIGNUM" -> new Type("DECIMAL", Kind.BIG_NUMBER, 38, 0, List.of());
            case "FLOAT", "REAL" -> scalar("FLOAT", Kind.FLOAT);
            case "DOUBLE" -> scalar("DOUBLE", Kind.DOUBLE);
            case "DECIMAL", "NUMERIC" -> decimal(inner);
            case "DATE" -> scalar("DATE", Kind.DATE);
            case "TIME" -> scalar("TIME", Kind.TIME);
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATETIME" ->
                    scalar("TIMESTAMP", Kind.TIMESTAMP);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> scalar("TIMESTAMP", Kind.TIMESTAMP_TZ);
            case "BLOB", "BYTEA", "VARBINARY" -> scalar("VARBINARY", Kind.VARBINARY);
            case "STRUCT" -> {
                List<Field> fields = new ArrayList<>();
                for (String part : DuckTypes.topLevel(inner)) {
                    String[] field = DuckTypes.field(part);
                    fields.add(new Field(field[0], map(field[1])));
                }
                yield new Type("STRUCT", Kind.STRUCT, 0, 0, fields);
            }
            case "MAP" -> {
                List<String> parts = DuckTypes.topLevel(inner);
                Type key = parts.size() == 2 ? map(parts.get(0)) : scalar("VARCHAR", Kind.VARCHAR);
                Type value = parts.size() == 2 ? map(parts.get(1)) : scalar("VARCHAR", Kind.VARCHAR);
                Type entries = new Type("STRUCT", Kind.STRUCT, 0, 0, List.of(new Field("key", key),
                        new Field("value", value)));
                yield new Type("MAP", Kind.MAP, 0, 0, List.of(new Field(null, entries)));
            }
            default -> scalar("VARCHAR", Kind.VARCHAR);
        };
    }

    private static Type scalar(String name, Kind kind) {
        return new Type(name, kind, 0, 0, List.of());
    }

    private static Type decimal(String inner) {
        List<String> ps = DuckTypes.topLevel(inner);
        try {
            int precision = ps.isEmpty() ? 18 : Integer.parseInt(ps.get(0));
            int scale = ps.size() < 2 ? 3 : Integer.parseInt(ps.get(1));
            return new Type("DECIMAL", Kind.DECIMAL, precision, scale, List.of());
        } catch (NumberFormatException e) {
            return new Type("DECIMAL", Kind.DECIMAL, 38, 0, List.of());
        }
    }

    /** The result's field names made unique as Dremio does: a repeated name gets a number, {@code a}, {@code a0}. */
    static List<String> uniqueNames(List<ResultColumn> columns) {
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>(columns.size());
        for (ResultColumn column : columns) {
            String name = column.name();
            for (int i = 0; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
                name = column.name() + i;
            }
            names.add(name);
        }
        return names;
    }

    /** A schema: {@code [{"name":…,"type":{…}}, …]}. */
    static void writeSchema(JsonGenerator out, List<String> names, List<Type> types) throws IOException {
        out.writeStartArray();
        for (int c = 0; c < names.size(); c++) {
            writeField(out, new Field(names.get(c), types.get(c)));
        }
        out.writeEndArray();
    }

    private static void writeField(JsonGenerator out, Field field) throws IOException {
        out.writeStartObject();
        if (field.name() != null) {
            out.writeStringField("name", field.name());
        }
        out.writeObjectFieldStart("type");
        Type type = field.type();
        out.writeStringField("name", type.name());
        if (type.name().equals("DECIMAL")) {
            out.writeNumberField("precision", type.precision());
            out.writeNumberField("scale", type.scale());
        }
        if (!type.children().isEmpty()) {
            out.writeArrayFieldStart("subSchema");
            for (Field child : type.children()) {
                writeField(out, child);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    /** Writes one cell of the current row. */
    static void writeCell(JsonGenerator out, ResultSet rows, int column, Type type) throws SQLException, IOException {
        switch (type.kind()) {
            case BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                if (!nullAt(out, rows)) {
                    out.writeBoolean(value);
                }
            }
            case INTEGER -> {
                long value = rows.getLong(column);
                if (!nullAt(out, rows)) {
                    out.writeNumber(value);
                }
            }
            case FLOAT -> {
                float value = rows.getFloat(column);
                if (!nullAt(out, rows)) {
                    out.writeNumber(value);
                }
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                if (!nullAt(out, rows)) {
                    out.writeNumber(value);
                }
            }
            case DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(column);
                if (!nullAt(out, rows)) {
                    out.writeNumber(value);
                }
            }
            case BIG_NUMBER -> {
                String text = rows.getString(column);
                if (!nullAt(out, rows)) {
                    out.writeNumber(new BigDecimal(text.strip()));
                }
            }
            case DATE -> {
                LocalDate value = rows.getObject(column, LocalDate.class);
                if (!nullAt(out, rows)) {
                    out.writeString(value.toString());
                }
            }
            case TIME -> {
                LocalTime value = rows.getObject(column, LocalTime.class);
                if (!nullAt(out, rows)) {
                    out.writeString(time(value));
                }
            }
            case TIMESTAMP -> {
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                if (!nullAt(out, rows)) {
                    out.writeString(timestamp(value));
                }
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                if (!nullAt(out, rows)) {
                    out.writeString(timestamp(value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
                }
            }
            case VARBINARY -> {
                byte[] value = rows.getBytes(column);
                if (!nullAt(out, rows)) {
                    out.writeString(Base64.getEncoder().encodeToString(value));
                }
            }
            case LIST, STRUCT, MAP -> {
                Object value = rows.getObject(column);
                if (!nullAt(out, rows)) {
                    writeNested(out, value, type);
                }
            }
            case VARCHAR -> {
                String value = rows.getString(column);
                if (!nullAt(out, rows)) {
                    out.writeString(value);
                }
            }
        }
    }

    private static boolean nullAt(JsonGenerator out, ResultSet rows) throws SQLException, IOException {
        if (rows.wasNull()) {
            out.writeNull();
            return true;
        }
        return false;
    }

    /** A value inside a LIST, STRUCT or MAP, as the JDBC driver gives it. */
    private static void writeNested(JsonGenerator out, Object value, Type type) throws SQLException, IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (type.kind()) {
            case LIST -> {
                Type element = type.children().get(0).type();
                out.writeStartArray();
                for (Object item : elements(value)) {
                    writeNested(out, item, element);
                }
                out.writeEndArray();
            }
            case STRUCT -> {
                Map<?, ?> members = members(value);
                out.writeStartObject();
                for (Field field : type.children()) {
                    Object member = members.get(field.name());
                    if (member != null) {
                        out.writeFieldName(field.name());
                        writeNested(out, member, field.type());
                    }
                }
                out.writeEndObject();
            }
            case MAP -> {
                Type valueType = type.children().get(0).type().children().get(1).type();
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : members(value).entrySet()) {
                    out.writeFieldName(String.valueOf(plain(entry.getKey())));
                    writeNested(out, entry.getValue(), valueType);
                }
                out.writeEndObject();
            }
            default -> writeScalar(out, value, type);
        }
    }

    private static void writeScalar(JsonGenerator out, Object value, Type type) throws SQLException, IOException {
        switch (type.kind()) {
            case BOOLEAN -> out.writeBoolean(value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString()));
            case INTEGER -> out.writeNumber(value instanceof Number n ? n.longValue() : Long.parseLong(value.toString()));
            case FLOAT -> out.writeNumber(value instanceof Number n ? n.floatValue()
                    : Float.parseFloat(value.toString()));
            case DOUBLE -> out.writeNumber(value instanceof Number n ? n.doubleValue()
                    : Double.parseDouble(value.toString()));
            case DECIMAL, BIG_NUMBER -> out.writeNumber(value instanceof BigDecimal d ? d
                    : new BigDecimal(value.toString()));
            case VARBINARY -> out.writeString(Base64.getEncoder().encodeToString(bytes(value)));
            default -> out.writeString(String.valueOf(plain(value)));
        }
    }

    private static Object[] elements(Object value) throws SQLException {
        if (value instanceof Array array) {
            return (Object[]) array.getArray();
        }
        if (value instanceof List<?> list) {
            return list.toArray();
        }
        return new Object[] {value};
    }

    private static Map<?, ?> members(Object value) throws SQLException {
        if (value instanceof org.duckdb.DuckDBStruct duck) {
            return duck.getMap();
        }
        if (value instanceof Struct struct) {
            Object[] attributes = struct.getAttributes();
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < attributes.length; i++) {
                map.put("field" + i, attributes[i]);
            }
            return map;
        }
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        return Map.of();
    }

    /** A scalar inside a nested value in its Dremio text: timestamps, dates and times as in a column. */
    private static Object plain(Object value) throws SQLException {
        LocalDateTime dateTime = DuckTypes.dateTime(value);
        if (dateTime != null) {
            return timestamp(dateTime);
        }
        LocalTime timeOfDay = DuckTypes.timeOfDay(value);
        if (timeOfDay != null) {
            return time(timeOfDay);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (DuckTypes.bytes(value) != null) {
            return Base64.getEncoder().encodeToString(bytes(value));
        }
        return value;
    }

    private static byte[] bytes(Object value) throws SQLException {
        byte[] bytes = DuckTypes.bytes(value);
        return bytes != null ? bytes : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code YYYY-MM-DD HH:MM:SS.mmm}. */
    static String timestamp(LocalDateTime value) {
        return value.toLocalDate() + " " + time(value.toLocalTime());
    }

    /** {@code HH:MM:SS.mmm}: milliseconds, as Dremio's types hold them. */
    static String time(LocalTime value) {
        int millis = value.getNano() / 1_000_000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", value.getHour(), value.getMinute(),
                value.getSecond(), millis);
    }

    private DremioTypes() {
    }
}
