package dev.quire.local.athena;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.MemoryBudget;
import dev.quire.local.ResultColumn;
import dev.quire.local.RowScan;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.http.ApiError;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * GetQueryResults pages of a stored result. The first page of a DML result starts with the header
 * row (the column names), which counts against MaxResults; later pages hold data rows only. Every
 * value is a VarCharValue in Athena's text form ({@link AthenaTypes}), NULL a Datum with no member.
 * A page holds MaxResults rows, or fewer when the result's rows are large (about 8 MiB a page); its
 * NextToken, naming the next data row, comes first. Rows are written as bytes ({@link AthenaRows}),
 * their cells read as {@link AthenaCells} reads them. A page's scan is left open for the page after
 * it, so reading a result page by page reads it once; pages and open scans take shares of the
 * engine's read memory.
 */
final class AthenaPages implements AutoCloseable {

    static final String LISTING = "results";
    private static final long PAGE_BYTES = 8L << 20;
    private static final int OPEN_SCANS = 8;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration MEMORY_WAIT = Duration.ofSeconds(10);

    private record Key(String owner, String id, long row) {
    }

    private record Idle(RowScan scan, MemoryBudget.Lease lease, long since) {
        void close() {
            try (lease) {
                scan.close();
            }
        }
    }

    private final LocalEngine engine;
    private final MemoryBudget memory;
    private final Map<Key, Idle> idle = new LinkedHashMap<>(16, 0.75f, true);

    AthenaPages(LocalEngine engine) {
        this.engine = engine;
        this.memory = engine.readMemory();
    }

    /**
     * The page of a succeeded query's result from data row from: with the header row first when
     * header is set (the first page of a DML result).
     */
    byte[] page(String owner, StatementSnapshot query, long from, int maxResults, boolean header) {
        int width = query.columns().size();
        List<AthenaTypes.Mapped> types = new ArrayList<>(width);
        for (ResultColumn column : query.columns()) {
            types.add(AthenaTypes.map(column));
        }
        long total = query.hasResultSet() ? query.resultRows() : 0;
        long row = Math.max(1, query.rowBytes() >= 0 ? query.rowBytes() : engine.options().maxRowBytes());
        long wanted = Math.min(maxResults - (header ? 1 : 0), total - from);
        long limit = Math.max(0, Math.min(wanted, Math.max(1, PAGE_BYTES / row)));
        AthenaRows out = new AthenaRows((int) Math.min(PAGE_BYTES, 256 + limit * (row * 2 + 24L * width)));
        try (MemoryBudget.Lease lease = memoryFor(limit == 0 ? 0 : engine.scanMemory(query) + 3 * limit * row)) {
            // NextToken first, so a client can ask for the next page while it reads this one
            long next = from + limit;
            out.raw("{");
            if (next < total) {
                out.raw("\"NextToken\":");
                out.string(Tokens.encode(LISTING, query.id(), Long.toString(next)));
                out.raw(",");
            }
            out.raw("\"UpdateCount\":" + (query.hasResultSet() ? 0 : Math.max(0, query.resultRows()))
                    + ",\"ResultSet\":{\"Rows\":[");
            if (header) {
                out.startRow();
                for (ResultColumn column : query.columns()) {
                    out.textCell(column.name());
                }
                out.endRow();
            }
            if (limit > 0) {
                writeRows(out, owner, query, from, limit);
            }
            out.raw("],\"ResultSetMetadata\":");
            out.raw(columnInfo(query.columns(), types));
            out.raw("}}");
        }
        return out.toByteArray();
    }

    /** Writes the limit rows from row from (the result has them). */
    private void writeRows(AthenaRows out, String owner, StatementSnapshot query, long from, long limit) {
        AthenaCells cells = new AthenaCells(query.columns());
        RowScan scan = take(new Key(owner, query.id(), from), cells.forms());
        boolean kept = false;
        try {
            long read = scan.read(limit, rows -> {
                out.startRow();
                cells.row(rows, out);
                out.endRow();
                return true;
            });
            if (read != limit) {
                throw new EngineException(EngineException.Kind.INTERNAL, "The stored result of " + query.id()
                        + " ends at row " + (from + read) + ", before its " + query.resultRows() + " rows.",
                        query.id());
            }
            long next = from + read;
            if (next < query.resultRows()) {
                kept = keep(new Key(owner, query.id(), next), scan, query);
            }
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + query.id()
                    + " failed: " + e.getMessage(), query.id());
        } finally {
            if (!kept) {
                scan.close();
            }
        }
    }

    /** The ResultSetMetadata object of a result's columns. */
    private static byte[] columnInfo(List<ResultColumn> columns, List<AthenaTypes.Mapped> types) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 192 * columns.size());
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            writeColumns(out, columns, types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeColumns(JsonGenerator out, List<ResultColumn> columns, List<AthenaTypes.Mapped> types)
            throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("ColumnInfo");
        for (int c = 0; c < columns.size(); c++) {
            AthenaTypes.Mapped type = types.get(c);
            out.writeStartObject();
            out.writeStringField("CatalogName", "hive");
            out.writeStringField("SchemaName", "");
            out.writeStringField("TableName", "");
            out.writeStringField("Name", columns.get(c).name());
            out.writeStringField("Label", columns.get(c).name());
            out.writeStringField("Type", type.type());
            out.writeNumberField("Precision", type.precision());
            out.writeNumberField("Scale", type.scale());
            out.writeStringField("Nullable", "UNKNOWN");
            out.writeBooleanField("CaseSensitive", type.caseSensitive());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The memory a page needs; what is only kept to be quick (open scans) gives way first. */
    private MemoryBudget.Lease memoryFor(long bytes) {
        MemoryBudget.Lease lease = memory.tryTake(bytes);
        if (lease != null) {
            return lease;
        }
        closeIdle(i -> true);
        try {
            lease = memory.take(bytes, MEMORY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lease == null) {
            throw new ApiError("TooManyRequestsException", 400, "Rate exceeded: the local server's memory for "
                    + "reading results is in use. Retry.", Map.of());
        }
        return lease;
    }

    /** The scan left open at the key's row, or a new one from there. */
    private RowScan take(Key key, List<RowScan.Form> forms) {
        Idle found;
        synchronized (idle) {
            found = idle.remove(key);
        }
        long now = System.nanoTime();
        closeIdle(i -> now - i.since() > IDLE_NANOS);
        if (found != null) {
            found.lease().close();
            if (found.scan().position() == key.row()) {
                return found.scan();
            }
            found.scan().close();
        }
        return engine.scan(key.owner(), key.id(), key.row(), forms);
    }

    /** Leaves the scan open for the next page when there is memory for it; false when it was not kept. */
    private boolean keep(Key key, RowScan scan, StatementSnapshot query) {
        MemoryBudget.Lease lease = memory.tryTake(engine.scanMemory(query));
        if (lease == null) {
            return false;
        }
        List<Idle> evicted = new ArrayList<>();
        synchronized (idle) {
            Idle replaced = idle.put(key, new Idle(scan, lease, System.nanoTime()));
            if (replaced != null) {
                evicted.add(replaced);
            }
            Iterator<Idle> eldest = idle.values().iterator();
            while (idle.size() > OPEN_SCANS) {
                evicted.add(eldest.next());
                eldest.remove();
            }
        }
        evicted.forEach(Idle::close);
        return true;
    }

    private void closeIdle(Predicate<Idle> which) {
        List<Idle> closing = new ArrayList<>();
        synchronized (idle) {
            idle.values().removeIf(i -> which.test(i) && closing.add(i));
        }
        closing.forEach(Idle::close);
    }

    @Override
    public void close() {
        closeIdle(i -> true);
    }
}
