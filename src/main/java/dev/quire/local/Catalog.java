package dev.quire.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's catalog, in DuckDB's type names; each dialect shows it its own way. There is one
 * database, {@code dev}. Its schemas are
 * those of the DuckDB catalog {@code dev} except DuckDB's built-in {@code main}, plus
 * {@code information_schema} and {@code pg_catalog}, whose views are listed as SYSTEM TABLE.
 * Temporary tables live only as long as the connection of the statement that made them, so none
 * are ever listed.
 *
 * <p>Patterns are SQL LIKE patterns: {@code %} matches any run of characters, {@code _} one
 * character, and {@code \} escapes either. A null pattern matches everything.
 */
public final class Catalog {

    /** A table or view; type is TABLE, VIEW or SYSTEM TABLE. */
    public record Table(String schema, String name, String type) {
    }

    /** A column of a table or view, with DuckDB's type name. */
    public record TableColumn(String schema, String table, String name, String type, boolean nullable,
                              int precision, int scale, String columnDefault) {
    }

    /** Selects the rows of the shown schemas from DuckDB's catalog functions. */
    private static final String SHOWN = "(database_name = '" + LocalEngine.DATABASE + "' AND schema_name <> 'main'"
            + " OR database_name = 'system' AND schema_name IN ('information_schema', 'pg_catalog'))";

    private static final String SCHEMAS = "SELECT schema_name FROM duckdb_schemas() WHERE " + SHOWN
            + " AND schema_name LIKE ? ESCAPE '\\' ORDER BY schema_name";

    private static final String TABLES = "SELECT schema_name, name, type FROM ("
            + "SELECT database_name, schema_name, table_name AS name, 'TABLE' AS type FROM duckdb_tables()"
            + " UNION ALL SELECT database_name, schema_name, view_name,"
            + " CASE WHEN database_name = 'system' THEN 'SYSTEM TABLE' ELSE 'VIEW' END FROM duckdb_views())"
            + " WHERE " + SHOWN + " AND schema_name LIKE ? ESCAPE '\\' AND name LIKE ? ESCAPE '\\'"
            + " ORDER BY schema_name, name";

    private static final String COLUMNS = "SELECT schema_name, table_name, column_name, data_type, is_nullable,"
            + " column_default, numeric_precision, numeric_scale FROM duckdb_columns() WHERE " + SHOWN
            + " AND schema_name LIKE ? ESCAPE '\\' AND table_name LIKE ? ESCAPE '\\'"
            + " ORDER BY schema_name, table_name, column_index";

    private final LocalEngine engine;

    public Catalog(LocalEngine engine) {
        this.engine = engine;
    }

    /** Refuses every database but {@code dev}: connecting to it would fail. */
    public static void requireDatabase(String database) {
        if (!LocalEngine.DATABASE.equals(database)) {
            throw EngineException.validation("Database \"" + database + "\" does not exist. The local engine has "
                    + "one database: " + LocalEngine.DATABASE + ".");
        }
    }

    public List<String> databases() {
        return List.of(LocalEngine.DATABASE);
    }

    public List<String> schemas(String schemaPattern) {
        return query(SCHEMAS, rows -> rows.getString(1), schemaPattern);
    }

    public List<Table> tables(String schemaPattern, String tablePattern) {
        return query(TABLES, rows -> new Table(rows.getString(1), rows.getString(2), rows.getString(3)),
                schemaPattern, tablePattern);
    }

    /** The columns of every table and view matching both patterns, in table then column order. */
    public List<TableColumn> columns(String schemaPattern, String tablePattern) {
        return query(COLUMNS, rows -> new TableColumn(rows.getString(1), rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getBoolean(5), rows.getInt(7), rows.getInt(8), rows.getString(6)),
                schemaPattern, tablePattern);
    }

    /** Makes one value of a catalog query's row. */
    public interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, String... patterns) {
        return rows(sql, row, java.util.Arrays.stream(patterns).map(Catalog::likePattern).toArray(String[]::new));
    }

    /** The rows of a query of DuckDB's catalog, its parameters bound in order as text. */
    public <T> List<T> rows(String sql, Row<T> row, String... values) {
        try (Connection connection = engine.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(row.read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the catalog failed", e);
        }
    }

    private static String likePattern(String pattern) {
        if (pattern == null) {
            return "%";
        }
        int escapes = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            escapes++;
        }
        if (escapes % 2 == 1) {
            throw EngineException.validation("LIKE pattern must not end with escape character: " + pattern);
        }
        return pattern;
    }
}
