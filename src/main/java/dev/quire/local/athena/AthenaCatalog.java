package dev.quire.local.athena;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.local.Catalog;
import dev.quire.local.LocalEngine;
import dev.quire.local.http.Members;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The data catalog {@code AwsDataCatalog} (type GLUE) over the local engine: its databases are
 * the schemas of the DuckDB database (not DuckDB's own {@code main}, {@code information_schema}
 * or {@code pg_catalog}), its tables are a schema's tables (EXTERNAL_TABLE) and views
 * (VIRTUAL_VIEW), with Hive type names and DuckDB's comments. Names match without regard to case,
 * as Glue's do. Unknown catalogs, databases and tables are MetadataException here; lists page by
 * an offset token bound to the request's filters.
 */
final class AthenaCatalog {

    static final String CATALOG = "AwsDataCatalog";
    static final Pattern CATALOG_NAME = Pattern.compile("[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*");
    private static final String HIDDEN = "('main', 'information_schema', 'pg_catalog')";

    /** A database: a schema and its comment. */
    record Database(String name, String description) {
    }

    /** A table or view, its comment and its columns. */
    record Table(String name, String type, String comment, List<Column> columns) {
    }

    record Column(String name, String hiveType, String comment) {
    }

    private final Catalog catalog;

    AthenaCatalog(LocalEngine engine) {
        this.catalog = new Catalog(engine);
    }

    static boolean isCatalog(String name) {
        return CATALOG.equalsIgnoreCase(name);
    }

    /** Checks a metadata action's CatalogName: MetadataException when there is no such catalog. */
    static void requireCatalog(Members in) {
        String catalog = in.requiredString("CatalogName", 1, 256, CATALOG_NAME);
        if (!isCatalog(catalog)) {
            throw AthenaErrors.metadata("Catalog " + catalog + " does not exist. The local engine has one data "
                    + "catalog: " + CATALOG + ".");
        }
    }

    List<Database> databases() {
        return catalog.rows("SELECT schema_name, comment FROM duckdb_schemas() WHERE database_name = ? AND schema_name "
                + "NOT IN " + HIDDEN + " ORDER BY schema_name", rows -> new Database(rows.getString(1),
                rows.getString(2)), LocalEngine.DATABASE);
    }

    /** The database of that name (any case); MetadataException when there is none. */
    Database database(String name) {
        return databases().stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> AthenaErrors.metadata("Database " + name + " does not exist in catalog "
                        + CATALOG + "."));
    }

    /** The database's tables and views whose names match the expression (all when it is null), by name. */
    List<Table> tables(Database database, String expression) {
        Pattern filter = expression == null || expression.isEmpty() ? null : expression(expression);
        List<String[]> found = catalog.rows("SELECT name, type, comment FROM (SELECT table_name AS name, 'EXTERNAL_TABLE' "
                + "AS type, comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? UNION ALL "
                + "SELECT view_name, 'VIRTUAL_VIEW', comment FROM duckdb_views() WHERE database_name = ? AND "
                + "schema_name = ? AND NOT internal) ORDER BY name", rows -> new String[] {rows.getString(1),
            rows.getString(2), rows.getString(3)}, LocalEngine.DATABASE, database.name(), LocalEngine.DATABASE,
                database.name());
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        for (String[] column : catalog.rows("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                + "WHERE database_name = ? AND schema_name = ? ORDER BY table_name, column_index",
                rows -> new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)},
                LocalEngine.DATABASE, database.name())) {
            columns.computeIfAbsent(column[0], t -> new ArrayList<>())
                    .add(new Column(column[1], AthenaTypes.hive(column[2]), column[3]));
        }
        List<Table> tables = new ArrayList<>();
        for (String[] table : found) {
            if (filter == null || filter.matcher(table[0]).matches()) {
                tables.add(new Table(table[0], table[1], table[2], columns.getOrDefault(table[0], List.of())));
            }
        }
        return tables;
    }

    /** The table or view of that name (any case); MetadataException when there is none. */
    Table table(Database database, String name) {
        return tables(database, null).stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> AthenaErrors.metadata("Table " + name + " does not exist in database "
                        + database.name() + "."));
    }

    /**
     * ListTableMetadata's Expression as Glue takes it: a regular expression over the whole name,
     * without regard to case, where a {@code *} that follows no other token stands for any run of
     * characters, as in {@code sales*} or {@code *_2024|orders}.
     */
    static Pattern expression(String expression) {
        StringBuilder regex = new StringBuilder(expression.length() + 8);
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            char before = i == 0 ? '|' : expression.charAt(i - 1);
            boolean bare = before == '|' || before == '(' || Character.isLetterOrDigit(before) || before == '_';
            boolean escaped = i > 0 && before == '\\';
            regex.append(c == '*' && bare && !escaped ? ".*" : String.valueOf(c));
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "The Expression " + expression
                    + " is not a valid pattern: " + e.getDescription() + ".");
        }
    }

    static void writeDatabase(JsonGenerator out, Database database) throws IOException {
        out.writeStartObject();
        out.writeStringField("Name", database.name());
        if (database.description() != null && !database.description().isEmpty()) {
            out.writeStringField("Description", database.description());
        }
        out.writeObjectFieldStart("Parameters");
        out.writeEndObject();
        out.writeEndObject();
    }

    static void writeTable(JsonGenerator out, Table table) throws IOException {
        out.writeStartObject();
        out.writeStringField("Name", table.name());
        out.writeStringField("TableType", table.type());
        out.writeArrayFieldStart("Columns");
        for (Column column : table.columns()) {
            out.writeStartObject();
            out.writeStringField("Name", column.name());
            out.writeStringField("Type", column.hiveType());
            if (column.comment() != null && !column.comment().isEmpty()) {
                out.writeStringField("Comment", column.comment());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("PartitionKeys");
        out.writeEndArray();
        out.writeObjectFieldStart("Parameters");
        if (table.comment() != null && !table.comment().isEmpty()) {
            out.writeStringField("comment", table.comment());
        }
        if (table.type().equals("VIRTUAL_VIEW")) {
            out.writeStringField("presto_view", "true");
        }
        out.writeEndObject();
        out.writeEndObject();
    }
}
