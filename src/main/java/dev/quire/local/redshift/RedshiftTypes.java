package dev.quire.local.redshift;

import dev.quire.local.Catalog;
import dev.quire.local.ResultColumn;
import dev.quire.protocol.redshift.ColumnMetadata;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Maps DuckDB result columns to Redshift type names and typed cells. */
final class RedshiftTypes {

    /** How a column's cells are read from JDBC and sent on the wire. */
    enum Kind { BOOL, LONG, DOUBLE, TEXT, TIMESTAMP, BLOB }

    /** Redshift's text form of a timestamp: fractional seconds only when there are any, trailing zeros dropped. */
    static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL)
            .appendPattern("-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter(Locale.ROOT);

    record Mapped(ColumnMetadata metadata, Kind kind) {
    }

    /** A stored result's column as GetStatementResult describes it. */
    static Mapped map(ResultColumn column) {
        return map(column.type(), column.name(), column.name(), ColumnMetadata.NULLABLE, column.precision(),
                column.scale());
    }

    /** A catalog column as DescribeTable describes it. */
    static ColumnMetadata column(Catalog.TableColumn c) {
        int nullable = c.nullable() ? ColumnMetadata.NULLABLE : ColumnMetadata.NO_NULLS;
        ColumnMetadata m = map(c.type(), c.name(), c.name(), nullable, c.precision(), c.scale()).metadata();
        int length = m.typeName().equals("varchar") ? m.precision() : 0;
        return new ColumnMetadata(m.name(), m.label(), m.typeName(), m.nullable(), m.precision(), m.scale(), length,
                m.isSigned(), m.isCaseSensitive(), m.isCurrency(), c.schema(), c.table(), c.columnDefault());
    }

    /** Maps a DuckDB type name; the precision and scale given are used for DECIMAL only. */
    static Mapped map(String duckType, String name, String label, int nullable, int precision, int scale) {
        String duck = duckType.toUpperCase(Locale.ROOT);
        String base = duck.contains("(") ? duck.substring(0, duck.indexOf('(')).trim() : duck;
        if (duck.endsWith("]") || base.startsWith("STRUCT") || base.startsWith("MAP") || base.startsWith("UNION")
                || base.equals("JSON")) {
            return text(name, label, "super", nullable, 0, 0, true);
        }
        return switch (base) {
            case "BOOLEAN" -> typed(name, label, "bool", nullable, 1, 0, false, Kind.BOOL);
            case "TINYINT", "SMALLINT", "UTINYINT" -> typed(name, label, "int2", nullable, 5, 0, true, Kind.LONG);
            case "INTEGER", "USMALLINT" -> typed(name, label, "int4", nullable, 10, 0, true, Kind.LONG);
            case "BIGINT", "UINTEGER" -> typed(name, label, "int8", nullable, 19, 0, true, Kind.LONG);
            case "UBIGINT", "HUGEINT", "UHUGEINT", "VARINT", "BIGNUM" -> text(name, label, "numeric", nullable, 38, 0, true);
            case "FLOAT" -> typed(name, label, "float4", nullable, 8, 8, true, Kind.DOUBLE);
            case "DOUBLE" -> typed(name, label, "float8", nullable, 17, 17, true, Kind.DOUBLE);
            case "DECIMAL" -> text(name, label, "numeric", nullable, precision, scale, true);
            case "DATE" -> text(name, label, "date", nullable, 13, 0, false);
            case "TIME" -> text(name, label, "time", nullable, 15, 6, false);
            case "TIME WITH TIME ZONE" -> text(name, label, "timetz", nullable, 21, 6, false);
            case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" ->
                    typed(name, label, "timestamp", nullable, 29, 6, false, Kind.TIMESTAMP);
            case "TIMESTAMP WITH TIME ZONE" -> text(name, label, "timestamptz", nullable, 35, 6, false);
            case "BLOB" -> typed(name, label, "varbyte", nullable, 0, 0, false, Kind.BLOB);
            case "INTERVAL" -> text(name, label, "interval", nullable, 0, 0, false);
            default -> text(name, label, "varchar", nullable, 65535, 0, false);
        };
    }

    /** Reads a cell as Long, Double, Boolean, String, byte[] or null. */
    static Object read(ResultSet rows, int column, Kind kind) throws SQLException {
        Object value = switch (kind) {
            case BOOL -> rows.getBoolean(column);
            case LONG -> rows.getLong(column);
            case DOUBLE -> rows.getDouble(column);
            case TIMESTAMP -> {
                // not getTimestamp: Timestamp.toString adds ".0", and the JVM's zone shifts times in a DST gap
                LocalDateTime time = rows.getObject(column, LocalDateTime.class);
                yield time == null ? null : TIMESTAMP_TEXT.format(time);
            }
            case BLOB -> rows.getBytes(column);
            case TEXT -> rows.getString(column);
        };
        return rows.wasNull() ? null : value;
    }

    private static Mapped typed(String name, String label, String type, int nullable, int precision, int scale,
                                boolean signed, Kind kind) {
        return new Mapped(new ColumnMetadata(name, label, type, nullable, precision, scale, 0, signed,
                false, false, "", "", null), kind);
    }

    private static Mapped text(String name, String label, String type, int nullable, int precision, int scale,
                               boolean signed) {
        boolean caseSensitive = type.equals("varchar") || type.equals("super");
        return new Mapped(new ColumnMetadata(name, label, type, nullable, precision, scale, 0, signed,
                caseSensitive, false, "", "", null), Kind.TEXT);
    }

    private RedshiftTypes() {
    }
}
