package dev.quire.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.Fields;
import dev.quire.protocol.redshift.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    Written write(String id, ResultSet rows, BooleanSupplier cancelled) throws SQLException, IOException, TooLarge {
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
        JsonGenerator out = newGenerator(page);
        long count = 0;
        long total = 0;
        int pages = 0;
        while (rows.next()) {
            if ((count & 1023) == 0 && cancelled.getAsBoolean()) {
                throw new SQLException("cancelled");
            }
            out.writeStartArray();
            for (int c = 0; c < width; c++) {
                Fields.write(out, RedshiftTypes.read(rows, c + 1, kinds[c]));
            }
            out.writeEndArray();
            count++;
            if (page.size() >= pageBytes) {
                out.flush();
                total += page.size();
                if (total > maxResultBytes) {
                    throw new TooLarge(maxResultBytes);
                }
                Files.write(dir.resolve(pages + ".page"), page.toByteArray());
                pages++;
                out.close();
                page.reset();
                out = newGenerator(page);
            }
        }
        out.close();
        if (page.size() > 0 || pages == 0) {
            total += page.size();
            if (total > maxResultBytes) {
                throw new TooLarge(maxResultBytes);
            }
            Files.write(dir.resolve(pages + ".page"), page.toByteArray());
            pages++;
        }
        return new Written(List.copyOf(columns), count, total, pages);
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

    /** Removes every stored result. */
    void clear() {
        deleteTree(root);
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
