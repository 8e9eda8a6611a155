package dev.quire.local;

import dev.quire.aws.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Each result stored once, typed, in row order: a Parquet file that DuckDB writes itself, read
 * back by row range. Nothing is encoded for a wire format here; dialects encode pages when they
 * are read.
 */
final class ResultFiles {

    /** What a stored result holds; bytes is the data's size before compression, rowBytes its largest row's. */
    record Stored(List<ResultColumn> columns, long rows, long bytes, long rowBytes) {
    }

    /** Raised when a result, or one of its rows, grows past its size cap. */
    static final class TooLarge extends Exception {
        private TooLarge(String message) {
            super(message);
        }

        static TooLarge result(long cap) {
            return new TooLarge("The query result exceeds the maximum result size of " + cap + " bytes.");
        }

        static TooLarge row(long size, long cap) {
            return new TooLarge("Packet for query is too large: a row of the result holds " + size
                    + " bytes, more than the " + cap + " bytes a row may hold.");
        }
    }

    /** Types Parquet does not keep exactly; such columns are stored as DuckDB's text of the value. */
    private static final List<String> STORED_AS_TEXT = List.of("HUGEINT", "UNION", "INTERVAL", "TIME WITH TIME ZONE",
            "TIMETZ", "BIGNUM", "VARINT", "BIT");

    /** Small row groups: a page read from the middle decodes little more than its own rows. */
    private static final int ROW_GROUP_ROWS = 16_384;
    /**
     * Row groups are also cut by size: a scan holds at most one group's rows (DuckDB hands a reader
     * at most one group at a time), so a scan's heap is bounded by this and the largest row.
     */
    static final long ROW_GROUP_BYTES = 2 << 20;
    private static final String PARQUET = "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE " + ROW_GROUP_ROWS
            + ", ROW_GROUP_SIZE_BYTES " + ROW_GROUP_BYTES + ")";
    /** Types of a fixed size; the others are measured, value by value, when a result is stored. */
    private static final Set<String> FIXED = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DATE", "TIME", "TIMESTAMP",
            "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "INTERVAL", "UUID");
    private static final int FIXED_BYTES = 16;
    private static final String DROPPED = ".dropped";

    private record Writing(Statement statement, boolean[] tooLarge) {
    }

    private final Path root;
    private final Path copies;
    private final long maxResultBytes;
    private final long maxRowBytes;
    private final long budgetBytes;
    private final Map<Path, Writing> writing = new ConcurrentHashMap<>();

    /** copies: a folder of files made from results (Athena's CSV), counted in the budget and dropped first. */
    ResultFiles(Path root, Path copies, long maxResultBytes, long maxRowBytes, long budgetBytes) throws IOException {
        this.root = OwnerOnlyFiles.directory(root);
        this.copies = copies;
        this.maxResultBytes = maxResultBytes;
        this.maxRowBytes = maxRowBytes;
        this.budgetBytes = budgetBytes;
    }

    /**
     * Runs one prepared query again through DuckDB's COPY into the result's file; starting runs just
     * before it does. Returns null, having run nothing, when COPY cannot wrap the statement
     * (EXPLAIN, INSERT ... RETURNING).
     */
    Stored copy(String id, Connection connection, String sql, ResultSetMetaData meta, List<Object> parameters,
                Consumer<Statement> running, BooleanSupplier cancelled, Runnable starting)
            throws SQLException, IOException, TooLarge {
        List<String> names = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            names.add(meta.getColumnLabel(c));
            declared.add(meta.getColumnTypeName(c));
        }
        // before its parameters are bound, DuckDB may not know a statement's columns
        boolean resolved = declared.stream().allMatch(ResultFiles::known);
        Set<Integer> asText = new HashSet<>();
        for (int c = 0; resolved && c < declared.size(); c++) {
            String type = declared.get(c).toUpperCase(Locale.ROOT);
            if (STORED_AS_TEXT.stream().anyMatch(type::contains)) {
                asText.add(c);
            }
        }
        Path file = file(id);
        Path partial = partial(id);
        String query = asText.isEmpty() ? sql + "\n" : textColumns(sql, names, asText);
        String copy = "COPY (" + query + ") TO " + literal(partial) + " " + PARQUET;
        boolean[] tooLarge = {false};
        PreparedStatement prepared;
        try {
            prepared = connection.prepareStatement(copy);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).startsWith("Parser Error")) {
                return null;
            }
            throw e;
        }
        try (PreparedStatement statement = prepared) {
            SqlLiterals.bind(statement, parameters);
            running.accept(statement);
            writing.put(partial, new Writing(statement, tooLarge));
            try {
                starting.run();
                if (cancelled.getAsBoolean()) {
                    throw new SQLException("cancelled");
                }
                statement.execute();
            } catch (SQLException e) {
                if (tooLarge[0]) {
                    throw TooLarge.result(maxResultBytes);
                }
                throw e;
            } finally {
                writing.remove(partial);
                running.accept(null);
            }
            List<ResultColumn> columns = new ArrayList<>();
            Facts facts = facts(connection, partial, columns);
            boolean declaredKnown = resolved && declared.size() == columns.size();
            List<ResultColumn> named = new ArrayList<>(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                named.add(declaredKnown ? ResultColumn.of(names.get(c), declared.get(c)) : columns.get(c));
            }
            return finish(partial, file, named, facts);
        } catch (SQLException | IOException | TooLarge | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * Stores rows a statement already returned (statements DuckDB cannot COPY from, such as
     * EXPLAIN or INSERT ... RETURNING) through a staging table in the given in-memory database.
     * The rows' sizes are counted as they come, so an oversized result stops early; DuckDB hands
     * over up to 2,048 rows at a time, which this cannot make smaller.
     */
    Stored store(String id, ResultSet rows, DuckDBConnection staging, BooleanSupplier cancelled)
            throws SQLException, IOException, TooLarge {
        ResultSetMetaData meta = rows.getMetaData();
        int width = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(width);
        Kind[] kinds = new Kind[width];
        StringBuilder create = new StringBuilder();
        for (int c = 1; c <= width; c++) {
            columns.add(new ResultColumn(meta.getColumnLabel(c), meta.getColumnTypeName(c), meta.getPrecision(c),
                    meta.getScale(c)));
            kinds[c - 1] = Kind.of(meta.getColumnTypeName(c));
            create.append(c == 1 ? "" : ", ").append("c").append(c).append(' ').append(kinds[c - 1].staged);
        }
        String table = "staged_" + UUID.randomUUID().toString().replace('-', '_');
        Path file = file(id);
        Path partial = partial(id);
        try (DuckDBConnection connection = staging.duplicate(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE " + table + " (" + (width == 0 ? "c1 INTEGER" : create) + ")");
            try {
                long count = 0;
                long total = 0;
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                    while (rows.next()) {
                        if ((++count & 1023) == 0 && cancelled.getAsBoolean()) {
                            throw new SQLException("cancelled");
                        }
                        appender.beginRow();
                        long row = 0;
                        for (int c = 0; c < width; c++) {
                            row += kinds[c].append(appender, rows, c + 1);
                        }
                        appender.endRow();
                        total += row;
                        if (row > maxRowBytes) {
                            throw TooLarge.row(row, maxRowBytes);
                        }
                        if (total > maxResultBytes) {
                            throw TooLarge.result(maxResultBytes);
                        }
                    }
                }
                ddl.execute("COPY " + table + " TO " + literal(partial) + " " + PARQUET);
                return finish(partial, file, columns, facts(connection, partial, new ArrayList<>()));
            } finally {
                ddl.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException | IOException | TooLarge | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * Checks the result against its caps and puts it in place, its data on disk before its statement
     * can be recorded as finished: after a power loss a result is whole or missing, never torn.
     */
    private Stored finish(Path partial, Path file, List<ResultColumn> columns, Facts facts)
            throws IOException, TooLarge {
        if (Math.max(facts.stored(), facts.values()) > maxResultBytes) {
            throw TooLarge.result(maxResultBytes);
        }
        if (facts.largestRow() > maxRowBytes) {
            throw TooLarge.row(facts.largestRow(), maxRowBytes);
        }
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        OwnerOnlyFiles.restrict(partial);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        keepWithinBudget(file);
        return new Stored(List.copyOf(columns), facts.rows(), facts.stored(), facts.largestRow());
    }

    /**
     * A stored file's rows, its size before compression, and the size of its values as a reader
     * gets them (all of them, and the largest row): a dictionary-encoded column can hold far more
     * than its stored size.
     */
    private record Facts(long rows, long stored, long values, long largestRow) {
    }

    /** The file's facts; fills in its columns as Parquet holds them. */
    private static Facts facts(Connection connection, Path file, List<ResultColumn> columns) throws SQLException {
        List<ResultColumn> described = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file)
                    + ")")) {
                while (rows.next()) {
                    described.add(ResultColumn.of(rows.getString(1), rows.getString(2)));
                }
            }
            columns.addAll(described);
            long rows;
            long stored;
            try (ResultSet meta = statement.executeQuery("SELECT coalesce(sum(num_rows), 0), "
                    + "(SELECT coalesce(sum(total_uncompressed_size), 0) FROM parquet_metadata(" + literal(file)
                    + ")) FROM parquet_file_metadata(" + literal(file) + ")")) {
                meta.next();
                rows = meta.getLong(1);
                stored = meta.getLong(2);
            }
            long fixed = FIXED_BYTES;
            StringBuilder measured = new StringBuilder();
            StringBuilder aliases = new StringBuilder();
            for (int c = 0; c < described.size(); c++) {
                String alias = "c" + (c + 1);
                aliases.append(c == 0 ? "" : ", ").append(alias);
                String type = described.get(c).type().toUpperCase(Locale.ROOT);
                if (FIXED.contains(type) || type.startsWith("DECIMAL(")) {
                    fixed += FIXED_BYTES;
                } else {
                    String length = type.equals("VARCHAR") ? "strlen(" + alias + ")"
                            : type.equals("BLOB") ? "octet_length(" + alias + ")"
                            : "strlen(CAST(" + alias + " AS VARCHAR))";
                    measured.append(" + coalesce(").append(length).append(", 0)");
                }
            }
            if (measured.isEmpty() || rows == 0) {
                return new Facts(rows, stored, rows * fixed, rows == 0 ? 0 : fixed);
            }
            try (ResultSet sizes = statement.executeQuery("SELECT coalesce(sum(b), 0), coalesce(max(b), 0) FROM "
                    + "(SELECT " + fixed + measured + " AS b FROM read_parquet(" + literal(file) + ") AS r("
                    + aliases + "))")) {
                sizes.next();
                return new Facts(rows, stored, sizes.getLong(1), sizes.getLong(2));
            }
        }
    }

    /** False for the type DuckDB tells of a bare parameter or NULL before it runs. */
    private static boolean known(String type) {
        return !type.equals("UNKNOWN") && !type.equals("\"NULL\"") && !type.equals("NULL");
    }

    /** The query with the given columns cast to text; positions are kept, names made unique. */
    private static String textColumns(String sql, List<String> names, Set<Integer> asText) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int c = 0; c < names.size(); c++) {
            String alias = "c" + (c + 1);
            select.append(c == 0 ? "" : ", ")
                    .append(asText.contains(c) ? "CAST(" + alias + " AS VARCHAR)" : alias)
                    .append(" AS ").append(alias);
        }
        StringBuilder aliases = new StringBuilder();
        for (int c = 0; c < names.size(); c++) {
            aliases.append(c == 0 ? "" : ", ").append("c").append(c + 1);
        }
        return select + " FROM (" + sql + "\n) AS q(" + aliases + ")";
    }

    /** Cancels results whose file grows past the cap while they are written. */
    void checkSizes() {
        writing.forEach((file, w) -> {
            try {
                if (Files.exists(file) && Files.size(file) > maxResultBytes) {
                    w.tooLarge()[0] = true;
                    w.statement().cancel();
                }
            } catch (IOException | SQLException | RuntimeException e) {
                System.getLogger(ResultFiles.class.getName()).log(System.Logger.Level.DEBUG,
                        "could not check the size of " + file, e);
            }
        });
    }

    /**
     * Opens a scan of a stored result from row number from (0-based), in order, on the given
     * connection; each column comes in the form given at its position (past the list's end, as its
     * value).
     */
    Scan scan(String id, Connection connection, long from, int width, List<RowScan.Form> forms) throws SQLException {
        Path file = file(id);
        if (!Files.exists(file)) {
            throw missing(id);
        }
        String columns = "*";
        String aliases = "";
        if (forms.stream().anyMatch(f -> f != RowScan.Form.VALUE)) {
            StringBuilder select = new StringBuilder();
            StringBuilder names = new StringBuilder();
            for (int c = 0; c < width; c++) {
                String alias = "c" + (c + 1);
                RowScan.Form form = c < forms.size() ? forms.get(c) : RowScan.Form.VALUE;
                select.append(c == 0 ? "" : ", ").append(switch (form) {
                    case VALUE -> alias;
                    case TEXT -> "CAST(" + alias + " AS VARCHAR)";
                    // encode: the text's bytes as they are (a cast to BLOB would read escapes in it)
                    case UTF8 -> "encode(CAST(" + alias + " AS VARCHAR))";
                });
                names.append(c == 0 ? "" : ", ").append(alias);
            }
            columns = select.toString();
            aliases = " AS r(" + names + ")";
        }
        Statement statement = connection.createStatement();
        try {
            return new Scan(connection, statement, statement.executeQuery("SELECT " + columns + " FROM read_parquet("
                    + literal(file) + ")" + aliases + " OFFSET " + from), from);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Reads rows from to from + count of a stored result in order, by DuckDB's row numbers of the
     * file, so only the row groups that hold them are read. A result with a column of the row
     * number's own name is read by OFFSET instead, which scans the rows before.
     */
    long range(String id, Connection connection, long from, long count, List<ResultColumn> columns, RowReader reader)
            throws SQLException {
        Path file = file(id);
        if (!Files.exists(file)) {
            throw missing(id);
        }
        if (count <= 0) {
            return 0;
        }
        StringBuilder select = new StringBuilder();
        StringBuilder names = new StringBuilder();
        boolean clash = false;
        for (int c = 0; c < columns.size(); c++) {
            select.append(c == 0 ? "" : ", ").append("c").append(c + 1);
            names.append("c").append(c + 1).append(", ");
            clash |= columns.get(c).name().equalsIgnoreCase("file_row_number");
        }
        String sql = clash || columns.isEmpty()
                ? "SELECT * FROM read_parquet(" + literal(file) + ") LIMIT " + count + " OFFSET " + from
                : "SELECT " + select + " FROM read_parquet(" + literal(file) + ", file_row_number = true) AS r(" + names
                        + "row_number) WHERE row_number >= " + from + " AND row_number < " + (from + count)
                        + " ORDER BY row_number";
        long read = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                read++;
                if (!reader.row(rows)) {
                    break;
                }
            }
        }
        return read;
    }

    /** A streaming read of one result that continues where it stopped; owns its connection. */
    static final class Scan implements RowScan {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet rows;
        private long position;
        private boolean ended;

        private Scan(Connection connection, Statement statement, ResultSet rows, long position) {
            this.connection = connection;
            this.statement = statement;
            this.rows = rows;
            this.position = position;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public long read(long limit, RowReader reader) throws SQLException {
            long count = 0;
            while (count < limit && !ended) {
                if (!rows.next()) {
                    ended = true;
                    break;
                }
                count++;
                position++;
                if (!reader.row(rows)) {
                    break;
                }
            }
            return count;
        }

        @Override
        public void close() {
            try (connection; statement; rows) {
                // closes all three
            } catch (SQLException e) {
                System.getLogger(ResultFiles.class.getName()).log(System.Logger.Level.DEBUG, "closing a scan failed", e);
            }
        }
    }

    /**
     * Drops copies, then the oldest results, until the stored files fit the budget; newest is kept.
     * A dropped result leaves a mark, so that a client asking for it is told why it is gone.
     */
    synchronized void keepWithinBudget(Path newest) {
        try {
            List<DiskBudget.Kept> files = new ArrayList<>(DiskBudget.list(root, ".parquet", false));
            files.addAll(DiskBudget.list(copies, ".csv", true));
            for (DiskBudget.Kept kept : DiskBudget.overBudget(files, budgetBytes, newest)) {
                String name = kept.file().getFileName().toString();
                if (kept.copy()) {
                    // its description first: a copy without one is made again when asked for
                    Files.deleteIfExists(kept.file().resolveSibling(name.replaceAll("\\.csv$", ".json")));
                } else {
                    OwnerOnlyFiles.write(kept.file().resolveSibling(name + DROPPED), DiskBudget.describe(budgetBytes)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                Files.deleteIfExists(kept.file());
            }
        } catch (IOException e) {
            System.getLogger(ResultFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "could not keep the stored results within their disk budget", e);
        }
    }

    /** Why a result is not stored: dropped to keep the budget (with the budget's words), or not at all. */
    EngineException missing(String id) {
        Path mark = root.resolve(file(id).getFileName() + DROPPED);
        try {
            if (Files.exists(mark)) {
                String budget = Files.readString(mark).strip();
                return new EngineException(EngineException.Kind.GONE, "Query result is no longer available: it was"
                        + " dropped to keep the stored results within their disk budget of " + budget + ". Run the"
                        + " query again to get it.", id);
            }
        } catch (IOException e) {
            // read as not found
        }
        return EngineException.notFound("Query result is no longer available", id);
    }

    /** The bytes of stored results and their copies now. */
    long storedBytes() throws IOException {
        return DiskBudget.list(root, ".parquet", false).stream().mapToLong(DiskBudget.Kept::size).sum()
                + DiskBudget.list(copies, ".csv", true).stream().mapToLong(DiskBudget.Kept::size).sum();
    }

    /** Removes stored results whose statement is not among the given ids, and unfinished files. */
    void retainOnly(Set<String> ids) throws IOException {
        Set<String> keep = new HashSet<>();
        ids.forEach(id -> {
            keep.add(file(id).getFileName().toString());
            keep.add(file(id).getFileName() + DROPPED);
        });
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.toList()) {
                if (!keep.contains(file.getFileName().toString())) {
                    deleteTree(file);
                }
            }
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
            Files.deleteIfExists(partial(id));
            Files.deleteIfExists(root.resolve(file(id).getFileName() + DROPPED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String id) {
        return Files.exists(file(id));
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    private Path file(String id) {
        return root.resolve(id.replace(':', '_') + ".parquet");
    }

    private Path partial(String id) {
        return root.resolve(id.replace(':', '_') + ".parquet.partial");
    }

    private static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** How a staged column is typed and filled. */
    private enum Kind {
        BOOL("BOOLEAN"), LONG("BIGINT"), DOUBLE("DOUBLE"), TIMESTAMP("TIMESTAMP"), BLOB("BLOB"), DECIMAL("VARCHAR"),
        TEXT("VARCHAR");

        final String staged;

        Kind(String staged) {
            this.staged = staged;
        }

        static Kind of(String duckType) {
            String type = duckType.toUpperCase(Locale.ROOT);
            return switch (type) {
                case "BOOLEAN" -> BOOL;
                case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER" -> LONG;
                case "FLOAT", "DOUBLE" -> DOUBLE;
                case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S" -> TIMESTAMP;
                case "BLOB" -> BLOB;
                default -> type.startsWith("DECIMAL") ? DECIMAL : TEXT;
            };
        }

        /** Appends one value; returns about how many bytes it holds. */
        long append(DuckDBAppender appender, ResultSet rows, int column) throws SQLException {
            switch (this) {
                case BOOL -> {
                    boolean value = rows.getBoolean(column);
                    nullOr(appender, rows, () -> appender.append(value));
                }
                case LONG -> {
                    long value = rows.getLong(column);
                    nullOr(appender, rows, () -> appender.append(value));
                }
                case DOUBLE -> {
                    double value = rows.getDouble(column);
                    nullOr(appender, rows, () -> appender.append(value));
                }
                case TIMESTAMP -> {
                    LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                    nullOr(appender, rows, () -> appender.append(value));
                }
                case BLOB -> {
                    byte[] value = rows.getBytes(column);
                    nullOr(appender, rows, () -> appender.append(value));
                    return value == null ? FIXED_BYTES : value.length;
                }
                case DECIMAL -> {
                    BigDecimal value = rows.getBigDecimal(column);
                    nullOr(appender, rows, () -> appender.append(value.toString()));
                }
                case TEXT -> {
                    String value = rows.getString(column);
                    nullOr(appender, rows, () -> appender.append(value));
                    return value == null ? FIXED_BYTES : value.length();
                }
            }
            return FIXED_BYTES;
        }

        private interface Append {
            void run() throws SQLException;
        }

        private static void nullOr(DuckDBAppender appender, ResultSet rows, Append append) throws SQLException {
            if (rows.wasNull()) {
                appender.appendNull();
            } else {
                append.run();
            }
        }
    }
}
