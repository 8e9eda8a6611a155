package dev.quire.service;

import dev.quire.model.Column;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Rows in the spill store: a DuckDB table with one typed column per result column ({@code c0},
 * {@code c1}, ...). A cursor's table numbers its rows in a column {@code _row} (0, 1, 2, ... in
 * result order); a view's table is written once in its order, so DuckDB's {@code rowid} numbers its
 * rows (a window function to number them would cost more than the sort). Reads go through the
 * store's block cache, a block of rows at a time, on the store's pool. A result read by random
 * access has its pages appended in any order, so its reads sort by {@code _row}.
 */
final class SpillTable {

    /** How a column is stored: the backend's type decides, and cells come back as the client gives them. */
    enum Kind {
        LONG("BIGINT"), DOUBLE("DOUBLE"), BOOL("BOOLEAN"), TEXT("VARCHAR"), NUMERIC("VARCHAR"), BLOB("BLOB");

        final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    /** Sort column (-1 for none), direction and filter of a view or an export. */
    record Order(int sortColumn, boolean ascending, RowFilter filter) {
        static final Order NATURAL = new Order(-1, true, RowFilter.NONE);

        boolean natural() {
            return sortColumn < 0;
        }

        boolean filtered() {
            return !(filter instanceof RowFilter.All all && all.filters().isEmpty());
        }
    }

    private final SpillStore store;
    private final long id;
    private final String catalog;
    private final String table;
    private final List<Column> columns;
    private final Kind[] kinds;
    private final String rowKey;
    private final Connection reader;
    /** Rows were appended out of row order: reads and the result's own order sort by {@code _row}. */
    private final boolean anyOrder;
    private PreparedStatement blockQuery;
    private volatile boolean closed;

    private SpillTable(SpillStore store, long id, String catalog, String table, List<Column> columns,
                       String rowKey, Connection reader, boolean anyOrder) {
        this.store = store;
        this.id = id;
        this.catalog = catalog;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.kinds = columns.stream().map(SpillTable::kind).toArray(Kind[]::new);
        this.rowKey = rowKey;
        this.reader = reader;
        this.anyOrder = anyOrder;
    }

    /** A cursor's table, which pages are appended to: in row order, or with anyOrder in any order. */
    static SpillTable result(SpillStore store, long id, String catalog, List<Column> columns, Connection reader,
                             boolean anyOrder) {
        return new SpillTable(store, id, catalog, "result", columns, "_row", reader, anyOrder);
    }

    /** A view's table, made from a result's table by {@link #select}. */
    SpillTable view(long viewId, Connection viewReader) {
        return new SpillTable(store, viewId, catalog, "v" + viewId, columns, "rowid", viewReader, false);
    }

    static Kind kind(Column column) {
        return switch (column.typeName().toLowerCase(Locale.ROOT)) {
            case "int2", "int4", "int8", "tinyint", "smallint", "integer", "bigint" -> Kind.LONG;
            case "float4", "float8", "real", "float", "double", "double precision" -> Kind.DOUBLE;
            case "bool", "boolean" -> Kind.BOOL;
            case "numeric", "decimal" -> Kind.NUMERIC;
            case "varbyte", "varbinary", "binary varying" -> Kind.BLOB;
            default -> Kind.TEXT;
        };
    }

    String catalog() {
        return catalog;
    }

    String name() {
        return catalog + ".main." + table;
    }

    List<Column> columns() {
        return columns;
    }

    void create(Connection connection) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name()).append(" (_row BIGINT NOT NULL");
        for (int c = 0; c < kinds.length; c++) {
            ddl.append(", c").append(c).append(' ').append(kinds[c].sqlType);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl.append(')').toString());
        }
    }

    /** Appends rows numbered from firstRow; a fresh appender per call, so any pool thread may append. */
    void append(DuckDBConnection writer, long firstRow, List<Object[]> rows) throws SQLException {
        try (DuckDBAppender appender = writer.createAppender(catalog, "main", table)) {
            long row = firstRow;
            for (Object[] cells : rows) {
                appender.beginRow();
                appender.append(row++);
                for (int c = 0; c < kinds.length; c++) {
                    put(appender, kinds[c], c < cells.length ? cells[c] : null);
                }
                appender.endRow();
            }
        }
    }

    /** Removes rows from the given row on (a page whose append failed half way). */
    void truncate(Connection writer, long fromRow) throws SQLException {
        delete(writer, fromRow, Long.MAX_VALUE);
    }

    /** Removes the rows [fromRow, toRow). */
    void delete(Connection writer, long fromRow, long toRow) throws SQLException {
        try (PreparedStatement delete = writer.prepareStatement("DELETE FROM " + name()
                + " WHERE _row >= ? AND _row < ?")) {
            delete.setLong(1, fromRow);
            delete.setLong(2, toRow);
            delete.executeUpdate();
        }
    }

    private static void put(DuckDBAppender appender, Kind kind, Object cell) throws SQLException {
        if (cell == null) {
            appender.appendNull();
            return;
        }
        switch (kind) {
            case LONG -> appender.append(cell instanceof Number n ? n.longValue() : Long.parseLong(cell.toString()));
            case DOUBLE -> appender.append(cell instanceof Number n ? n.doubleValue()
                    : Double.parseDouble(cell.toString()));
            case BOOL -> appender.append(cell instanceof Boolean b ? b.booleanValue() : parseBoolean(cell.toString()));
            case BLOB -> appender.append(cell instanceof byte[] b ? b : cell.toString().getBytes(StandardCharsets.UTF_8));
            case TEXT, NUMERIC -> appender.append(cell instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
                    : cell instanceof BigDecimal d ? d.toPlainString() : cell.toString());
        }
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true") || text.equals("t") || text.equals("1")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.equals("f") || text.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }

    /** The rows [from, from + count) of the first {@code available}; never waits on the caller's thread. */
    CompletableFuture<List<Object[]>> rows(long from, int count, long available) {
        return rows(from, count, 0, available);
    }

    /**
     * The rows [from, from + count) that lie in the rows held, [heldFrom, available); never waits on
     * the caller's thread.
     */
    CompletableFuture<List<Object[]>> rows(long from, int count, long heldFrom, long available) {
        if (from < 0 || count < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no rows at " + from + " + " + count));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the rows were closed"));
        }
        long end = Math.min(from + count, available);
        if (from >= end || from < heldFrom) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<Object[]> cached = window(from, end, heldFrom, available, false);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        try {
            return CompletableFuture.supplyAsync(() -> window(from, end, heldFrom, available, true), store.pool());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the spill store is closed", e));
        }
    }

    /**
     * Rows [from, end) block by block: each block from the cache when it holds the rows needed,
     * else read whole (as far as rows are available) and cached, or with read false, null. A block
     * that starts before the rows held is read from heldFrom on, and not cached.
     */
    private List<Object[]> window(long from, long end, long heldFrom, long available, boolean read) {
        int size = store.blockRows();
        List<Object[]> rows = new ArrayList<>((int) (end - from));
        for (long block = from / size; block * size < end; block++) {
            long first = block * size;
            if (first < heldFrom) {
                if (!read) {
                    return null;
                }
                rows.addAll(read(from, Math.min(end, first + size)));
                continue;
            }
            int need = (int) (Math.min(end, first + size) - first);
            BlockCache.Key key = new BlockCache.Key(id, block);
            BlockCache.Block cached = store.cache().get(key);
            List<Object[]> blockRows;
            if (cached != null && cached.rows().size() >= need) {
                blockRows = cached.rows();
            } else if (!read) {
                return null;
            } else {
                blockRows = read(first, Math.min(first + size, available));
                store.cache().put(key, blockRows);
            }
            rows.addAll(blockRows.subList((int) (Math.max(from, first) - first), Math.min(need, blockRows.size())));
        }
        return rows;
    }

    /** Reads rows [from, to) straight from the table. */
    private synchronized List<Object[]> read(long from, long to) {
        if (closed) {
            throw new IllegalStateException("the rows were closed");
        }
        try {
            if (blockQuery == null) {
                // rows lie in row order, which a scan keeps (preserve_insertion_order)
                blockQuery = reader.prepareStatement("SELECT " + columnList() + " FROM " + name()
                        + " WHERE " + rowKey + " >= ? AND " + rowKey + " < ?" + (anyOrder ? " ORDER BY _row" : ""));
            }
            blockQuery.setLong(1, from);
            blockQuery.setLong(2, to);
            List<Object[]> rows = new ArrayList<>((int) (to - from));
            try (ResultSet result = blockQuery.executeQuery()) {
                while (result.next()) {
                    rows.add(row(result, kinds));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read rows from the spill store: " + e.getMessage(), e);
        }
    }

    /** One row of typed cells, as the client would have given them. */
    static Object[] row(ResultSet result, Kind[] kinds) throws SQLException {
        Object[] row = new Object[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            int i = c + 1;
            Object value = switch (kinds[c]) {
                case LONG -> result.getLong(i);
                case DOUBLE -> result.getDouble(i);
                case BOOL -> result.getBoolean(i);
                case BLOB -> result.getBytes(i);
                case TEXT, NUMERIC -> result.getString(i);
            };
            row[c] = result.wasNull() ? null : value;
        }
        return row;
    }

    Kind[] kinds() {
        return kinds.clone();
    }

    String columnList() {
        StringBuilder list = new StringBuilder();
        for (int c = 0; c < kinds.length; c++) {
            list.append(c == 0 ? "" : ", ").append('c').append(c);
        }
        return list.toString();
    }

    /**
     * The select list over this result table's first {@code rows} rows that pass the order's filter,
     * sorted by its column (NULLs last either way, ties in result order); without a sort column, in
     * result order, which is the order the rows were appended in and a scan keeps it
     * (preserve_insertion_order). The values the filter binds go into params.
     */
    String select(String selectList, Order order, long rows, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList).append(" FROM ").append(name())
                .append(" WHERE _row < ?");
        params.add(rows);
        if (order.filtered()) {
            sql.append(" AND (").append(condition(order.filter(), params)).append(')');
        }
        if (!order.natural()) {
            sql.append(" ORDER BY ").append(sortKey(order.sortColumn())).append(order.ascending() ? " ASC" : " DESC")
                    .append(" NULLS LAST, _row");
        } else if (anyOrder) {
            sql.append(" ORDER BY _row");
        }
        return sql.toString();
    }

    private String sortKey(int column) {
        checkColumn(column);
        // numeric arrives as text; compare it as a number
        return kinds[column] == Kind.NUMERIC ? "TRY_CAST(c" + column + " AS DOUBLE)" : "c" + column;
    }

    private void checkColumn(int column) {
        if (column < 0 || column >= kinds.length) {
            throw new IllegalArgumentException("no column " + column + " in a result of " + kinds.length);
        }
    }

    String condition(RowFilter filter, List<Object> params) {
        if (filter instanceof RowFilter.All all) {
            if (all.filters().isEmpty()) {
                return "TRUE";
            }
            List<String> parts = new ArrayList<>();
            for (RowFilter part : all.filters()) {
                parts.add('(' + condition(part, params) + ')');
            }
            return String.join(" AND ", parts);
        }
        if (filter instanceof RowFilter.Contains contains) {
            String pattern = '%' + contains.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '%';
            if (contains.column() != RowFilter.ANY_COLUMN) {
                checkColumn(contains.column());
                params.add(pattern);
                return text(contains.column()) + " ILIKE ? ESCAPE '\\'";
            }
            List<String> any = new ArrayList<>();
            for (int c = 0; c < kinds.length; c++) {
                params.add(pattern);
                any.add(text(c) + " ILIKE ? ESCAPE '\\'");
            }
            return any.isEmpty() ? "FALSE" : String.join(" OR ", any);
        }
        if (filter instanceof RowFilter.Null isNull) {
            checkColumn(isNull.column());
            return "c" + isNull.column() + (isNull.isNull() ? " IS NULL" : " IS NOT NULL");
        }
        RowFilter.Compare compare = (RowFilter.Compare) filter;
        int column = compare.column();
        checkColumn(column);
        Object value = compare.value();
        String op = ' ' + compare.op().sql + ' ';
        return switch (kinds[column]) {
            case LONG -> {
                Number number = number(value);
                params.add(number instanceof Long ? number : number.doubleValue());
                yield "c" + column + op + "?";
            }
            case DOUBLE -> {
                params.add(number(value).doubleValue());
                yield "c" + column + op + "?";
            }
            case NUMERIC -> {
                params.add(number(value).doubleValue());
                yield sortKey(column) + op + "?";
            }
            case BOOL -> {
                params.add(value instanceof Boolean b ? b : parseBoolean(value.toString().trim()));
                yield "c" + column + op + "?";
            }
            case TEXT, BLOB -> {
                params.add(value.toString());
                yield text(column) + op + "?";
            }
        };
    }

    private String text(int column) {
        return kinds[column] == Kind.TEXT || kinds[column] == Kind.NUMERIC ? "c" + column
                : "CAST(c" + column + " AS VARCHAR)";
    }

    private static Number number(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        String text = value.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notLong) {
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + text, e);
            }
        }
    }

    static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (value instanceof Double d) {
                statement.setDouble(i + 1, d);
            } else if (value instanceof Boolean b) {
                statement.setBoolean(i + 1, b);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    /** Closes the reader; reads in progress finish first. */
    synchronized void close() {
        closed = true;
        try {
            reader.close();
        } catch (SQLException e) {
            System.getLogger(SpillTable.class.getName()).log(System.Logger.Level.DEBUG, "closing a reader", e);
        }
        store.cache().forget(id);
    }
}
