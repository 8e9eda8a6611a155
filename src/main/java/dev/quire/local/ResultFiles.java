package dev.quire.local;

import dev.quire.aws.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** What a stored result holds; bytes is the data's size before compression. */
    record Stored(List<ResultColumn> columns, long rows, long bytes) {
    }

    /** Raised when a result grows past the size cap. */
    static final class TooLarge extends Exception {
        TooLarge(long cap) {
            super("The query result exceeds the maximum result size of " + cap + " bytes.");
        }
    }

    /** Types Parquet does not keep exactly; such columns are stored as DuckDB's text of the value. */
    private static final List<String> STORED_AS_TEXT = List.of("HUGEINT", "UNION", "INTERVAL", "TIME WITH TIME ZONE",
            "TIMETZ", "BIGNUM", "VARINT", "BIT");

    /** Small row groups: a page read from the middle decodes little more than its own rows. */
    private static final int ROW_GROUP_ROWS = 16_384;

    private record Writing(Statement statement, boolean[] tooLarge) {
    }

    private final Path root;
    private final long maxResultBytes;
    private final Map<Path, Writing> writing = new ConcurrentHashMap<>();

    ResultFiles(Path root, long maxResultBytes) throws IOException {
        this.root = OwnerOnlyFiles.directory(root);
        this.maxResultBytes = maxResultBytes;
    }

    /**
     * Runs one prepared query again through DuckDB's COPY into the result's file. Returns null,
     * having run nothing, when COPY cannot wrap the statement (EXPLAIN, INSERT ... RETURNING).
     */
    Stored copy(String id, Connection connection, String sql, ResultSetMetaData meta, List<String> parameters,
                Consumer<Statement> running, BooleanSupplier cancelled) throws SQLException, IOException, TooLarge {
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
        String copy = "COPY (" + query + ") TO " + literal(partial) + " (FORMAT parquet, COMPRESSION zstd, "
                + "ROW_GROUP_SIZE " + ROW_GROUP_ROWS + ")";
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
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            running.accept(statement);
            writing.put(partial, new Writing(statement, tooLarge));
            try {
                if (cancelled.getAsBoolean()) {
                    throw new SQLException("cancelled");
                }
                statement.execute();
            } catch (SQLException e) {
                if (tooLarge[0]) {
                    throw new TooLarge(maxResultBytes);
                }
                throw e;
            } finally {
                writing.remove(partial);
                running.accept(null);
            }
            List<ResultColumn> columns = new ArrayList<>();
            long[] facts = facts(connection, partial, columns);
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
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                    while (rows.next()) {
                        if ((++count & 1023) == 0 && cancelled.getAsBoolean()) {
                            throw new SQLException("cancelled");
                        }
                        appender.beginRow();
                        for (int c = 0; c < width; c++) {
                            kinds[c].append(appender, rows, c + 1);
                        }
                        appender.endRow();
                    }
                }
                ddl.execute("COPY " + table + " TO " + literal(partial) + " (FORMAT parquet, COMPRESSION zstd, "
                        + "ROW_GROUP_SIZE " + ROW_GROUP_ROWS + ")");
                return finish(partial, file, columns, facts(connection, partial, new ArrayList<>()));
            } finally {
                ddl.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException | IOException | TooLarge | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    private Stored finish(Path partial, Path file, List<ResultColumn> columns, long[] facts)
            throws IOException, TooLarge {
        if (facts[1] > maxResultBytes) {
            throw new TooLarge(maxResultBytes);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Stored(List.copyOf(columns), facts[0], facts[1]);
    }

    /** The file's row count and uncompressed size; fills in its columns as Parquet holds them. */
    private static long[] facts(Connection connection, Path file, List<ResultColumn> columns) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet described = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file)
                    + ")")) {
                while (described.next()) {
                    columns.add(ResultColumn.of(described.getString(1), described.getString(2)));
                }
            }
            try (ResultSet meta = statement.executeQuery("SELECT coalesce(sum(num_rows), 0), "
                    + "(SELECT coalesce(sum(total_uncompressed_size), 0) FROM parquet_metadata(" + literal(file)
                    + ")) FROM parquet_file_metadata(" + literal(file) + ")")) {
                meta.next();
                return new long[] {meta.getLong(1), meta.getLong(2)};
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
     * connection; the columns at the given positions come as DuckDB's text of their values.
     */
    Scan scan(String id, Connection connection, long from, int width, Set<Integer> asText) throws SQLException {
        Path file = file(id);
        if (!Files.exists(file)) {
            throw EngineException.notFound("Query result is no longer available", id);
        }
        String columns = "*";
        String aliases = "";
        if (!asText.isEmpty()) {
            StringBuilder select = new StringBuilder();
            StringBuilder names = new StringBuilder();
            for (int c = 0; c < width; c++) {
                String alias = "c" + (c + 1);
                select.append(c == 0 ? "" : ", ").append(asText.contains(c) ? "CAST(" + alias + " AS VARCHAR)" : alias);
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

    /** Removes stored results whose statement is not among the given ids, and unfinished files. */
    void retainOnly(Set<String> ids) throws IOException {
        Set<String> keep = new HashSet<>();
        ids.forEach(id -> keep.add(file(id).getFileName().toString()));
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

        void append(DuckDBAppender appender, ResultSet rows, int column) throws SQLException {
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
                }
                case DECIMAL -> {
                    BigDecimal value = rows.getBigDecimal(column);
                    nullOr(appender, rows, () -> appender.append(value.toString()));
                }
                case TEXT -> {
                    String value = rows.getString(column);
                    nullOr(appender, rows, () -> appender.append(value));
                }
            }
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
