package dev.quire.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.model.Csv;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.Fields;
import dev.quire.protocol.redshift.Json;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Keeps each statement's result as size-bounded pages of encoded records on disk. */
final class ResultStore {

    /** What a finished result holds. */
    record Written(List<ColumnMetadata> columns, long rows, long bytes, int pages) {
    }

    /** Raised when a result grows past the size cap. */
    static final class TooLarge extends Exception {
        TooLarge(long cap) {
            super("The query result exceeds the maximum result size of " + cap + " bytes.");
        }
    }

    private final Path root;
    private final int pageBytes;
    private final long maxResultBytes;

    ResultStore(Path root, int pageBytes, long maxResultBytes) {
        this.root = root;
        this.pageBytes = pageBytes;
        this.maxResultBytes = maxResultBytes;
    }

    /** Encodes the rows into pages in the given format; JSON pages hold Field arrays, CSV pages CSV lines. */
    Written write(String id, ResultSet rows, Submission.ResultFormat format, BooleanSupplier cancelled)
            throws SQLException, IOException, TooLarge {
        ResultSetMetaData meta = rows.getMetaData();
        int width = meta.getColumnCount();
        List<ColumnMetadata> columns = new ArrayList<>(width);
        RedshiftTypes.Kind[] kinds = new RedshiftTypes.Kind[width];
        for (int c = 1; c <= width; c++) {
            RedshiftTypes.Mapped mapped = RedshiftTypes.map(meta, c);
            columns.add(mapped.metadata());
            kinds[c - 1] = mapped.kind();
        }
        Path dir = directory(id);
        Files.createDirectories(dir);
        ByteArrayOutputStream page = new ByteArrayOutputStream(pageBytes + pageBytes / 4);
        PageWriter out = format == Submission.ResultFormat.CSV ? new CsvWriter(page) : new JsonWriter(page);
        Object[] row = new Object[width];
        long count = 0;
        long total = 0;
        int pages = 0;
        while (rows.next()) {
            if ((count & 1023) == 0 && cancelled.getAsBoolean()) {
                throw new SQLException("cancelled");
            }
            for (int c = 0; c < width; c++) {
                row[c] = RedshiftTypes.read(rows, c + 1, kinds[c]);
            }
            out.row(row);
            count++;
            if ((count & 63) == 0 && out.size() >= pageBytes) {
                total = flushPage(dir, pages++, out, page, total);
                out = format == Submission.ResultFormat.CSV ? new CsvWriter(page) : new JsonWriter(page);
            }
        }
        if (out.size() > 0 || pages == 0) {
            total = flushPage(dir, pages++, out, page, total);
        }
        return new Written(List.copyOf(columns), count, total, pages);
    }

    private long flushPage(Path dir, int index, PageWriter out, ByteArrayOutputStream page, long total)
            throws IOException, TooLarge {
        out.close();
        long grown = total + page.size();
        if (grown > maxResultBytes) {
            throw new TooLarge(maxResultBytes);
        }
        Files.write(dir.resolve(index + ".page"), page.toByteArray());
        page.reset();
        return grown;
    }

    /** Encodes rows into one page's bytes. */
    private abstract static class PageWriter {
        final ByteArrayOutputStream page;

        PageWriter(ByteArrayOutputStream page) {
            this.page = page;
        }

        abstract void row(Object[] row) throws IOException;

        abstract Flushable out();

        long size() throws IOException {
            out().flush();
            return page.size();
        }

        void close() throws IOException {
            out().flush();
        }
    }

    /** Field arrays separated by commas, ready to stand inside a Records array. */
    private static final class JsonWriter extends PageWriter {
        private final JsonGenerator out;

        JsonWriter(ByteArrayOutputStream page) throws IOException {
            super(page);
            this.out = Json.FACTORY.createGenerator(page);
            out.setRootValueSeparator(new SerializedString(","));
        }

        @Override
        void row(Object[] row) throws IOException {
            out.writeStartArray();
            for (Object value : row) {
                Fields.write(out, value);
            }
            out.writeEndArray();
        }

        @Override
        Flushable out() {
            return out;
        }

        @Override
        void close() throws IOException {
            out.close();
        }
    }

    /** CSV lines (RFC 4180 quoting; NULL as an empty field). */
    private static final class CsvWriter extends PageWriter {
        private final Writer out;
        private final StringBuilder line = new StringBuilder();

        CsvWriter(ByteArrayOutputStream page) {
            super(page);
            this.out = new OutputStreamWriter(page, StandardCharsets.UTF_8);
        }

        @Override
        void row(Object[] row) throws IOException {
            line.setLength(0);
            out.append(Csv.appendRow(line, row)).append('\n');
        }

        @Override
        Flushable out() {
            return out;
        }
    }

    byte[] read(String id, int page) {
        try {
            return Files.readAllBytes(directory(id).resolve(page + ".page"));
        } catch (NoSuchFileException e) {
            throw EngineException.notFound("Query result is no longer available", id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes stored results whose statement is not among the given ids. */
    void retainOnly(Set<String> ids) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<String> keep = new HashSet<>();
        ids.forEach(id -> keep.add(id.replace(':', '_')));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (!keep.contains(dir.getFileName().toString())) {
                    deleteTree(dir);
                }
            }
        }
    }

    void delete(String id) {
        deleteTree(directory(id));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path directory(String id) {
        return root.resolve(id.replace(':', '_'));
    }

    private static JsonGenerator newGenerator(ByteArrayOutputStream page) throws IOException {
        JsonGenerator out = Json.FACTORY.createGenerator(page);
        out.setRootValueSeparator(new SerializedString(","));
        return out;
    }
}
