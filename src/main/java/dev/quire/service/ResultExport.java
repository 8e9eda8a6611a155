package dev.quire.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.model.Column;
import dev.quire.model.Csv;
import dev.quire.model.Tsv;
import dev.quire.protocol.Json;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * Writes a spilled result to a file: CSV, TSV, JSON and Excel row by row through JDBC (the same cell
 * text as {@code quire sql}), Parquet by DuckDB's COPY. The file is written next to the target under a
 * {@code .part} name and moved into place once complete, so a cancelled or failed export leaves
 * nothing behind.
 */
final class ResultExport {

    private static final int PROGRESS_ROWS = 10_000;

    static long write(SpillStore store, SpillTable table, SpillTable.Order order, long rows, Path target,
                      ExportFormat format, Job<Long> job, Consumer<ExportProgress> progress)
            throws SQLException, IOException {
        Path file = target.toAbsolutePath();
        Path part = file.resolveSibling(file.getFileName() + ".part");
        long total = order.filtered() ? -1 : rows;
        progress.accept(new ExportProgress(ExportProgress.Phase.WRITING, 0, total));
        long written;
        try (DuckDBConnection connection = store.connect()) {
            List<Object> params = new ArrayList<>();
            if (format == ExportFormat.PARQUET) {
                List<String> names = uniqueNames(table.columns());
                String[] types = parquetTypes(connection, table, job);
                StringBuilder select = new StringBuilder();
                for (int c = 0; c < names.size(); c++) {
                    select.append(c == 0 ? "" : ", ")
                            .append(types[c] == null ? "c" + c : "CAST(c" + c + " AS " + types[c] + ")").append(" AS ")
                            .append('"').append(names.get(c).replace("\"", "\"\"")).append('"');
                }
                String sql = "COPY (" + table.select(select.toString(), order, rows, params) + ") TO "
                        + SpillStore.literal(part.toString()) + " (FORMAT PARQUET)";
                try (PreparedStatement copy = connection.prepareStatement(sql)) {
                    SpillTable.bind(copy, params);
                    job.watch(copy);
                    written = copy.executeUpdate();
                }
            } else {
                try (PreparedStatement query = connection.prepareStatement(
                        table.select(table.columnList(), order, rows, params))) {
                    SpillTable.bind(query, params);
                    job.watch(query);
                    try (ResultSet result = query.executeQuery();
                         OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                        written = switch (format) {
                            case CSV, TSV -> lines(table, result, out, format == ExportFormat.TSV, job, progress,
                                    total);
                            case XLSX -> xlsx(table, result, out, job, progress, total);
                            default -> json(table, result, out, format == ExportFormat.JSON_LINES, job, progress,
                                    total);
                        };
                    }
                }
            }
            if (job.isCancelled()) {
                throw new CancellationException("export cancelled");
            }
            move(part, file);
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        progress.accept(new ExportProgress(ExportProgress.Phase.DONE, written, written));
        return written;
    }

    /** CSV, or with tsv TSV: a header line, then a line per row. */
    private static long lines(SpillTable table, ResultSet result, OutputStream out, boolean tsv, Job<Long> job,
                              Consumer<ExportProgress> progress, long total) throws SQLException, IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        SpillTable.Kind[] kinds = table.kinds();
        StringBuilder line = new StringBuilder(256);
        Object[] names = table.columns().stream().map(Column::name).toArray();
        (tsv ? Tsv.appendRow(line, names) : Csv.appendRow(line, names)).append('\n');
        writer.append(line);
        long count = 0;
        while (result.next()) {
            line.setLength(0);
            Object[] row = SpillTable.row(result, kinds);
            (tsv ? Tsv.appendRow(line, row) : Csv.appendRow(line, row)).append('\n');
            writer.append(line);
            count = step(count, job, progress, total);
        }
        writer.flush();
        return count;
    }

    private static long json(SpillTable table, ResultSet result, OutputStream out, boolean lines, Job<Long> job,
                             Consumer<ExportProgress> progress, long total) throws SQLException, IOException {
        List<String> names = uniqueNames(table.columns());
        SpillTable.Kind[] kinds = table.kinds();
        long count = 0;
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            if (lines) {
                json.setRootValueSeparator(new SerializedString("\n"));
            } else {
                json.writeStartArray();
            }
            while (result.next()) {
                JsonRows.write(json, names, SpillTable.row(result, kinds));
                count = step(count, job, progress, total);
            }
            if (!lines) {
                json.writeEndArray();
            }
            if (!lines || count > 0) {
                json.writeRaw('\n');
            }
        }
        return count;
    }

    /**
     * The Parquet type each column is cast to, or null to keep the spill store's type: decimals of a
     * known precision, dates, times and timestamps (stored as text), where every value casts.
     */
    private static String[] parquetTypes(DuckDBConnection connection, SpillTable table, Job<Long> job)
            throws SQLException {
        List<Column> columns = table.columns();
        SpillTable.Kind[] kinds = table.kinds();
        String[] types = new String[columns.size()];
        StringBuilder check = new StringBuilder();
        for (int c = 0; c < types.length; c++) {
            types[c] = parquetType(columns.get(c), kinds[c]);
            if (types[c] != null) {
                check.append(check.length() == 0 ? "SELECT " : ", ").append("coalesce(bool_and(c").append(c)
                        .append(" IS NULL OR TRY_CAST(c").append(c).append(" AS ").append(types[c])
                        .append(") IS NOT NULL), true)");
            }
        }
        if (check.length() == 0) {
            return types;
        }
        try (PreparedStatement query = connection.prepareStatement(check + " FROM " + table.name())) {
            job.watch(query);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                int k = 1;
                for (int c = 0; c < types.length; c++) {
                    if (types[c] != null && !result.getBoolean(k++)) {
                        types[c] = null;
                    }
                }
            }
        }
        return types;
    }

    private static String parquetType(Column column, SpillTable.Kind kind) {
        String name = column.typeName().toLowerCase(Locale.ROOT);
        if (kind == SpillTable.Kind.NUMERIC) {
            int precision = column.precision();
            int scale = column.scale();
            return precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision
                    ? "DECIMAL(" + precision + ", " + scale + ")" : null;
        }
        if (kind != SpillTable.Kind.TEXT) {
            return null;
        }
        return switch (name) {
            case "date" -> "DATE";
            case "time", "time without time zone" -> "TIME";
            case "timestamp", "timestamp without time zone" -> "TIMESTAMP";
            case "timestamptz", "timestamp with time zone" -> "TIMESTAMPTZ";
            default -> null;
        };
    }

    /** The most data rows an Excel sheet holds (1,048,576 rows less the header); more go on to further sheets. */
    static final int SHEET_ROWS = 1_048_575;

    /**
     * Excel, streamed (rows flushed as they are written, so memory stays bounded): a bold header,
     * numbers as numbers (decimals exact), booleans as booleans, dates and timestamps as Excel dates,
     * the rest as text; a result longer than a sheet goes on in sheets "Result 2", "Result 3", ...
     */
    private static long xlsx(SpillTable table, ResultSet result, OutputStream out, Job<Long> job,
                             Consumer<ExportProgress> progress, long total) throws SQLException, IOException {
        List<Column> columns = table.columns();
        SpillTable.Kind[] kinds = table.kinds();
        org.dhatim.fastexcel.Workbook book = new org.dhatim.fastexcel.Workbook(out, "Quire", "1.0");
        long count = 0;
        int sheets = 0;
        org.dhatim.fastexcel.Worksheet sheet = null;
        int row = 0;
        while (result.next()) {
            if (sheet == null || row > SHEET_ROWS) {
                if (sheet != null) {
                    sheet.finish();
                }
                sheet = book.newWorksheet(++sheets == 1 ? "Result" : "Result " + sheets);
                for (int c = 0; c < columns.size(); c++) {
                    sheet.value(0, c, columns.get(c).name());
                }
                sheet.range(0, 0, 0, Math.max(0, columns.size() - 1)).style().bold().set();
                row = 1;
            }
            Object[] values = SpillTable.row(result, kinds);
            for (int c = 0; c < values.length; c++) {
                XlsxCells.put(sheet, row, c, columns.get(c), kinds[c], values[c]);
            }
            row++;
            count = step(count, job, progress, total);
            if (row % 4096 == 0) {
                sheet.flush();
            }
        }
        if (sheet == null) {
            sheet = book.newWorksheet("Result");
            for (int c = 0; c < columns.size(); c++) {
                sheet.value(0, c, columns.get(c).name());
            }
        }
        sheet.finish();
        book.finish();
        return count;
    }

    /** Counts a row written; checks for cancellation and reports progress now and then. */
    private static long step(long count, Job<Long> job, Consumer<ExportProgress> progress, long total) {
        long next = count + 1;
        if (next % 1024 == 0 && job.isCancelled()) {
            throw new CancellationException("export cancelled");
        }
        if (next % PROGRESS_ROWS == 0) {
            progress.accept(new ExportProgress(ExportProgress.Phase.WRITING, next, total));
        }
        return next;
    }

    /** Column names, with repeats (ignoring case) and blanks made unique: a, a_2, column3. */
    static List<String> uniqueNames(List<Column> columns) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            String base = columns.get(i).name().isBlank() ? "column" + (i + 1) : columns.get(i).name();
            String name = base;
            for (int k = 2; !seen.add(name.toLowerCase(Locale.ROOT)); k++) {
                name = base + "_" + k;
            }
            names.add(name);
        }
        return names;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ResultExport() {
    }
}
