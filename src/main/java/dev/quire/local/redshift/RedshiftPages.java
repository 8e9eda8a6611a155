package dev.quire.local.redshift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.RowScan;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission.ResultFormat;
import dev.quire.model.Csv;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.Fields;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stored result's pages as GetStatementResult (Field arrays) and GetStatementResultV2 (CSV
 * lines) send them, encoded when they are read: each page starts at a row number and holds about
 * the page size in bytes, except the first, which holds a sixteenth of it so the first rows come at
 * once. A page continues the scan the previous page left open, and while it travels the next one
 * is encoded ahead, so a client reading page after page reads the stored result once and does not
 * wait for the encoding.
 */
final class RedshiftPages implements AutoCloseable {

    /** One page's records and the row the next page starts at (-1 after the last row). */
    record Page(List<ColumnMetadata> columns, byte[] records, long nextRow) {
    }

    private record Key(String owner, String id, ResultFormat format, long from) {
    }

    private record ScanKey(String owner, String id, ResultFormat format) {
    }

    private record Idle(RowScan scan, long since) {
    }

    private static final int OPEN_SCANS = 8;
    private static final long IDLE_SCAN_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final int AHEAD_PAGES = 8;
    /** Pages of one result encoded ahead of the reader at most. */
    private static final int DEPTH = 3;
    private static final int FIRST_PAGE_SHARE = 16;

    private final LocalEngine engine;
    private final int pageBytes;
    private final ThreadPoolExecutor ahead;
    private final Map<Key, CompletableFuture<Page>> encoded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<Page>> eldest) {
            return size() > AHEAD_PAGES;
        }
    };
    /** Scans left where their last page ended, so the next page continues them. */
    private final Map<ScanKey, Idle> idle = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScanKey, Idle> eldest) {
            if (size() > OPEN_SCANS) {
                eldest.getValue().scan().close();
                return true;
            }
            return false;
        }
    };

    RedshiftPages(LocalEngine engine, int pageBytes) {
        this.engine = engine;
        this.pageBytes = pageBytes;
        AtomicInteger threads = new AtomicInteger();
        this.ahead = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(AHEAD_PAGES), r -> {
            Thread t = new Thread(r, "quire-redshift-pages-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ahead.allowCoreThreadTimeOut(true);
    }

    /** Encodes the first page of each result of a statement that just finished, before anyone asks. */
    void finished(StatementSnapshot statement) {
        if (statement.status() != dev.quire.local.Phase.FINISHED) {
            return;
        }
        List<StatementSnapshot> units = statement.isBatch() ? statement.subStatements() : List.of(statement);
        for (StatementSnapshot unit : units) {
            if (unit.hasResultSet() && unit.resultRows() > 0) {
                encodeAhead(new Key(statement.request().owner(), unit.id(), statement.request().resultFormat(), 0),
                        unit);
            }
        }
    }

    /** The page of a finished statement's result that starts at row from. */
    Page page(String owner, StatementSnapshot statement, long from, ResultFormat format) {
        Key key = new Key(owner, statement.id(), format, from);
        CompletableFuture<Page> ready;
        synchronized (encoded) {
            ready = encoded.remove(key);
        }
        Page page;
        try {
            page = ready != null ? ready.join() : encode(key, statement);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (CancellationException e) {
            page = encode(key, statement);
        }
        if (page.nextRow() >= 0) {
            encodeAhead(new Key(owner, statement.id(), format, page.nextRow()), statement);
            continueAhead(key, statement);
        }
        return page;
    }

    /** Encodes on after the furthest page of this result that is ready, while fewer than DEPTH wait. */
    private void continueAhead(Key of, StatementSnapshot statement) {
        Page furthest = null;
        synchronized (encoded) {
            int waiting = 0;
            long furthestRow = -1;
            for (Map.Entry<Key, CompletableFuture<Page>> e : encoded.entrySet()) {
                Key k = e.getKey();
                if (k.owner().equals(of.owner()) && k.id().equals(of.id()) && k.format() == of.format()) {
                    waiting++;
                    if (k.from() > furthestRow) {
                        furthestRow = k.from();
                        CompletableFuture<Page> f = e.getValue();
                        furthest = f.isDone() && !f.isCompletedExceptionally() && !f.isCancelled() ? f.join() : null;
                    }
                }
            }
            if (waiting >= DEPTH) {
                return;
            }
        }
        if (furthest != null && furthest.nextRow() >= 0) {
            encodeAhead(new Key(of.owner(), of.id(), of.format(), furthest.nextRow()), statement);
        }
    }

    private void encodeAhead(Key key, StatementSnapshot statement) {
        CompletableFuture<Page> future = new CompletableFuture<>();
        synchronized (encoded) {
            if (encoded.containsKey(key)) {
                return;
            }
            encoded.put(key, future);
        }
        try {
            ahead.execute(() -> {
                try {
                    future.complete(encode(key, statement));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                    return;
                }
                continueAhead(key, statement);
            });
        } catch (RejectedExecutionException e) {
            // busy or stopping: the request for that page encodes it itself
            synchronized (encoded) {
                encoded.remove(key, future);
            }
        }
    }

    private Page encode(Key key, StatementSnapshot statement) {
        int width = statement.columns().size();
        List<ColumnMetadata> columns = new ArrayList<>(width);
        RedshiftTypes.Kind[] kinds = new RedshiftTypes.Kind[width];
        Set<Integer> asText = new HashSet<>();
        for (int c = 0; c < width; c++) {
            RedshiftTypes.Mapped mapped = RedshiftTypes.map(statement.columns().get(c));
            columns.add(mapped.metadata());
            kinds[c] = mapped.kind();
            if (kinds[c] == RedshiftTypes.Kind.TIMESTAMP) {
                // DuckDB's text of a timestamp is Redshift's, and DuckDB makes it much faster
                kinds[c] = RedshiftTypes.Kind.TEXT;
                asText.add(c);
            }
        }
        long total = statement.resultRows();
        int bytes = key.from() == 0 ? Math.max(1, pageBytes / FIRST_PAGE_SHARE) : pageBytes;
        ByteArrayOutputStream page = new ByteArrayOutputStream(bytes + bytes / 4);
        if (key.from() >= total) {
            return new Page(columns, page.toByteArray(), -1);
        }
        RowScan scan = take(key, asText);
        boolean kept = false;
        try {
            PageWriter out = key.format() == ResultFormat.CSV ? new CsvWriter(page) : new JsonWriter(page);
            Object[] row = new Object[width];
            long taken = scan.read(Long.MAX_VALUE, rows -> {
                for (int c = 0; c < width; c++) {
                    row[c] = RedshiftTypes.read(rows, c + 1, kinds[c]);
                }
                try {
                    out.row(row);
                    return !(out.rows() % 8 == 0 && out.size() >= bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.close();
            long next = key.from() + taken;
            if (next < total) {
                keep(key, scan);
                kept = true;
            }
            return new Page(columns, page.toByteArray(), next < total ? next : -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + key.id()
                    + " failed: " + e.getMessage(), key.id());
        } finally {
            if (!kept) {
                scan.close();
            }
        }
    }

    /** The scan left where this page starts, or a new one from there. */
    private RowScan take(Key key, Set<Integer> asText) {
        ScanKey at = new ScanKey(key.owner(), key.id(), key.format());
        Idle found;
        synchronized (idle) {
            found = idle.remove(at);
            long now = System.nanoTime();
            idle.values().removeIf(i -> {
                boolean stale = now - i.since() > IDLE_SCAN_NANOS;
                if (stale) {
                    i.scan().close();
                }
                return stale;
            });
        }
        if (found != null && found.scan().position() == key.from()) {
            return found.scan();
        }
        if (found != null) {
            found.scan().close();
        }
        return engine.scan(key.owner(), key.id(), key.from(), asText);
    }

    private void keep(Key key, RowScan scan) {
        Idle replaced;
        synchronized (idle) {
            replaced = idle.put(new ScanKey(key.owner(), key.id(), key.format()), new Idle(scan, System.nanoTime()));
        }
        if (replaced != null && replaced.scan() != scan) {
            replaced.scan().close();
        }
    }

    @Override
    public void close() {
        ahead.shutdownNow();
        synchronized (encoded) {
            encoded.values().forEach(f -> f.cancel(false));
            encoded.clear();
        }
        synchronized (idle) {
            idle.values().forEach(i -> i.scan().close());
            idle.clear();
        }
    }

    /** Encodes rows into one page's bytes. */
    private abstract static class PageWriter {
        final ByteArrayOutputStream page;
        private long rows;

        PageWriter(ByteArrayOutputStream page) {
            this.page = page;
        }

        void row(Object[] row) throws IOException {
            write(row);
            rows++;
        }

        long rows() {
            return rows;
        }

        abstract void write(Object[] row) throws IOException;

        abstract Flushable out();

        long size() throws IOException {
            out().flush();
            return page.size();
        }

        void close() throws IOException {
            out().flush();
        }
    }

    /** The shared JSON setup, writing doubles with the shortest digits that read back the same. */
    private static final JsonFactory FAST_DOUBLES = Json.FACTORY.rebuild()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    /** Field arrays separated by commas, ready to stand inside a Records array. */
    private static final class JsonWriter extends PageWriter {
        private final JsonGenerator out;

        JsonWriter(ByteArrayOutputStream page) throws IOException {
            super(page);
            this.out = FAST_DOUBLES.createGenerator(page);
            out.setRootValueSeparator(new SerializedString(","));
        }

        @Override
        void write(Object[] row) throws IOException {
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
        void write(Object[] row) throws IOException {
            line.setLength(0);
            out.append(Csv.appendRow(line, row)).append('\n');
        }

        @Override
        Flushable out() {
            return out;
        }
    }
}
