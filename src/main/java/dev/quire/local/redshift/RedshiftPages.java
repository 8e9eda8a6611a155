package dev.quire.local.redshift;

import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.MemoryBudget;
import dev.quire.local.ResultColumn;
import dev.quire.local.RowScan;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission.ResultFormat;
import dev.quire.local.http.ApiError;
import dev.quire.model.Csv;
import dev.quire.protocol.redshift.ColumnMetadata;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stored result's pages as GetStatementResult (Field arrays) and GetStatementResultV2 (CSV
 * lines) send them, encoded when they are read: each page starts at a row number and holds about
 * the page size in bytes, except the first, which holds a sixteenth of it so the first rows come at
 * once. A page continues the scan the previous page left open, and while it travels the next one
 * is encoded ahead, so a client reading page after page reads the stored result once and does not
 * wait for the encoding.
 *
 * <p>Field arrays are written as bytes by {@link JsonRecords}, with the text Jackson gave them:
 * numbers and booleans are read with their type's getter, and strings and timestamps come from
 * DuckDB as the UTF-8 bytes of their text ({@link RowScan.Form#UTF8}), so no Java string is made
 * for them; cells of other types are read and written as before.
 *
 * <p>Every page being encoded or answered, every page encoded ahead and every scan left open holds
 * a share of the engine's read memory, sized from the result's largest row; a request that finds
 * the memory spent waits for it a while, then gets the service's ThrottlingException, which
 * clients retry.
 */
final class RedshiftPages implements AutoCloseable {

    /**
     * One page's records (the first length bytes of buffer, which may be longer) and the row the
     * next page starts at (-1 after the last row). The answer copies the records out of the buffer
     * once; a page is about 1 MB, so each copy saved is a large allocation fewer.
     */
    record Page(List<ColumnMetadata> columns, byte[] buffer, int length, long nextRow) {
        Page(List<ColumnMetadata> columns, byte[] records, long nextRow) {
            this(columns, records, records.length, nextRow);
        }

        /** The records, exactly. */
        byte[] records() {
            return length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
        }
    }

    private record Key(String owner, String id, ResultFormat format, long from) {
    }

    /** A scan left open where a page ended, and the memory it holds. */
    private record Idle(RowScan scan, long since, MemoryBudget.Lease lease) {
        void close() {
            try {
                scan.close();
            } finally {
                lease.close();
            }
        }
    }

    /** A page being encoded ahead, and the memory it holds until it is taken or dropped. */
    private record Ahead(CompletableFuture<Page> page, MemoryBudget.Lease lease) {
        /** Gives the memory back once the page is done: an encoding under way still holds it. */
        void drop() {
            page.whenComplete((done, failed) -> lease.close());
        }
    }

    private static final int OPEN_SCANS = 8;
    private static final long IDLE_SCAN_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final int AHEAD_PAGES = 8;
    private static final int FIRST_PAGE_SHARE = 16;
    private static final Duration MEMORY_WAIT = Duration.ofSeconds(10);

    private final LocalEngine engine;
    private final int pageBytes;
    private final MemoryBudget memory;
    private final ThreadPoolExecutor ahead;
    private final Map<Key, Ahead> encoded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Ahead> eldest) {
            if (size() > AHEAD_PAGES) {
                eldest.getValue().drop();
                return true;
            }
            return false;
        }
    };
    /** Scans left where their last page ended, by the row they stand at, so the next page continues them. */
    private final Map<Key, Idle> idle = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Idle> eldest) {
            if (size() > OPEN_SCANS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    RedshiftPages(LocalEngine engine, int pageBytes) {
        this.engine = engine;
        this.pageBytes = pageBytes;
        this.memory = engine.readMemory();
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
        return withPage(owner, statement, from, format, page -> page);
    }

    /**
     * Hands the page of a finished statement's result that starts at row from to use (which builds
     * the answer), holding the memory both need until it returns.
     */
    <T> T withPage(String owner, StatementSnapshot statement, long from, ResultFormat format, Function<Page, T> use) {
        Key key = new Key(owner, statement.id(), format, from);
        Ahead ready;
        synchronized (encoded) {
            ready = encoded.remove(key);
        }
        MemoryBudget.Lease lease = ready != null ? ready.lease() : memoryFor(pageMemory(statement, from));
        try {
            Page page;
            try {
                page = ready != null ? ready.page().join() : encode(key, statement);
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new EngineException(EngineException.Kind.INTERNAL, "Reading the result of " + key.id()
                        + " failed: " + e.getCause(), key.id());
            } catch (CancellationException e) {
                page = encode(key, statement);
            }
            if (page.nextRow() >= 0) {
                encodeAhead(new Key(owner, statement.id(), format, page.nextRow()), statement);
            }
            return use.apply(page);
        } finally {
            lease.close();
        }
    }

    /**
     * About the heap one page takes, from its scan to its answer: the scan's row group, the page
     * (with room for its growth and for escapes) and the answer built from it.
     */
    private long pageMemory(StatementSnapshot statement, long from) {
        long row = statement.rowBytes() >= 0 ? statement.rowBytes() : engine.options().maxRowBytes();
        return engine.scanMemory(statement) + 4 * (bytesOf(from) + 2 * row);
    }

    private int bytesOf(long from) {
        return from == 0 ? Math.max(1, pageBytes / FIRST_PAGE_SHARE) : pageBytes;
    }

    /** The memory for a page; what is only kept to be quick (open scans, pages encoded ahead) gives way to it. */
    private MemoryBudget.Lease memoryFor(long bytes) {
        MemoryBudget.Lease lease = memory.tryTake(bytes);
        if (lease != null) {
            return lease;
        }
        shed();
        try {
            lease = memory.take(bytes, MEMORY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease = null;
        }
        if (lease == null) {
            throw new ApiError("ThrottlingException", 400, "Rate exceeded", Map.of());
        }
        return lease;
    }

    /** Closes the scans left open and drops the pages encoded ahead, giving their memory back. */
    private void shed() {
        List<Idle> closed;
        synchronized (idle) {
            closed = List.copyOf(idle.values());
            idle.clear();
        }
        closed.forEach(Idle::close);
        synchronized (encoded) {
            encoded.values().forEach(Ahead::drop);
            encoded.clear();
        }
    }

    private void encodeAhead(Key key, StatementSnapshot statement) {
        synchronized (encoded) {
            if (encoded.containsKey(key)) {
                return;
            }
        }
        MemoryBudget.Lease lease = memory.tryTake(pageMemory(statement, key.from()));
        if (lease == null) {
            // memory is spent: the request for that page encodes it itself
            return;
        }
        Ahead entry = new Ahead(new CompletableFuture<>(), lease);
        synchronized (encoded) {
            if (encoded.containsKey(key)) {
                lease.close();
                return;
            }
            encoded.put(key, entry);
        }
        try {
            ahead.execute(() -> {
                try {
                    entry.page().complete(encode(key, statement));
                } catch (RuntimeException | Error e) {
                    // also out of memory: whoever waits for the page hears of it
                    entry.page().completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // busy or stopping: the request for that page encodes it itself
            boolean removed;
            synchronized (encoded) {
                removed = encoded.remove(key, entry);
            }
            entry.page().cancel(false);
            if (removed) {
                lease.close();
            }
        }
    }

    private Page encode(Key key, StatementSnapshot statement) {
        int width = statement.columns().size();
        boolean json = key.format() == ResultFormat.JSON;
        List<ColumnMetadata> columns = new ArrayList<>(width);
        RedshiftTypes.Kind[] kinds = new RedshiftTypes.Kind[width];
        List<RowScan.Form> forms = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            ResultColumn column = statement.columns().get(c);
            RedshiftTypes.Mapped mapped = RedshiftTypes.map(column);
            columns.add(mapped.metadata());
            kinds[c] = mapped.kind();
            RowScan.Form form = RowScan.Form.VALUE;
            if (kinds[c] == RedshiftTypes.Kind.TIMESTAMP) {
                // DuckDB's text of a timestamp is Redshift's, and DuckDB makes it much faster
                kinds[c] = RedshiftTypes.Kind.TEXT;
                form = RowScan.Form.TEXT;
            }
            if (json && kinds[c] == RedshiftTypes.Kind.TEXT
                    && (form == RowScan.Form.TEXT || column.type().equalsIgnoreCase("VARCHAR"))) {
                // the text's UTF-8 bytes as DuckDB holds them: no Java string is made for it
                form = RowScan.Form.UTF8;
            }
            forms.add(form);
        }
        long total = statement.resultRows();
        int bytes = bytesOf(key.from());
        if (key.from() >= total) {
            return new Page(columns, new byte[0], -1);
        }
        RowScan scan = take(key, forms);
        boolean kept = false;
        try {
            long taken;
            byte[] records;
            int length;
            if (json) {
                JsonRecords out = new JsonRecords(bytes + bytes / 4);
                RowScan.Form[] form = forms.toArray(RowScan.Form[]::new);
                taken = scan.read(Long.MAX_VALUE, rows -> {
                    out.startRecord();
                    for (int c = 0; c < width; c++) {
                        writeCell(out, rows, c + 1, kinds[c], form[c]);
                    }
                    out.endRecord();
                    return out.size() < bytes;
                });
                records = out.buffer();
                length = out.size();
            } else {
                ByteArrayOutputStream page = new ByteArrayOutputStream(bytes + bytes / 4);
                // the size is looked at every 8 rows, or every row when 8 rows could pass the page by far
                int every = statement.rowBytes() < 0 || statement.rowBytes() * 8 > bytes ? 1 : 8;
                CsvWriter out = new CsvWriter(page);
                Object[] row = new Object[width];
                taken = scan.read(Long.MAX_VALUE, rows -> {
                    for (int c = 0; c < width; c++) {
                        row[c] = RedshiftTypes.read(rows, c + 1, kinds[c]);
                    }
                    try {
                        out.row(row);
                        return !(out.rows() % every == 0 && out.size() >= bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                out.close();
                records = page.toByteArray();
                length = records.length;
            }
            long next = key.from() + taken;
            if (next < total) {
                kept = keep(new Key(key.owner(), key.id(), key.format(), next), scan, statement);
            }
            return new Page(columns, records, length, next < total ? next : -1);
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

    /** One cell as a Field, read with its type's getter (no boxing for numbers and booleans). */
    private static void writeCell(JsonRecords out, ResultSet rows, int column, RedshiftTypes.Kind kind,
                                  RowScan.Form form) throws SQLException {
        if (form == RowScan.Form.UTF8) {
            byte[] text = rows.getBytes(column);
            if (text == null) {
                out.nullField();
            } else {
                out.stringField(text);
            }
            return;
        }
        switch (kind) {
            case LONG -> {
                long value = rows.getLong(column);
                if (rows.wasNull()) {
                    out.nullField();
                } else {
                    out.longField(value);
                }
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                if (rows.wasNull()) {
                    out.nullField();
                } else {
                    out.doubleField(value);
                }
            }
            case BOOL -> {
                boolean value = rows.getBoolean(column);
                if (rows.wasNull()) {
                    out.nullField();
                } else {
                    out.booleanField(value);
                }
            }
            default -> out.field(RedshiftTypes.read(rows, column, kind));
        }
    }

    /** The scan left where this page starts, or a new one from there. */
    private RowScan take(Key key, List<RowScan.Form> forms) {
        Idle found;
        synchronized (idle) {
            found = idle.remove(key);
            long now = System.nanoTime();
            idle.values().removeIf(i -> {
                boolean stale = now - i.since() > IDLE_SCAN_NANOS;
                if (stale) {
                    i.close();
                }
                return stale;
            });
        }
        if (found != null) {
            // the page's own share of memory covers the scan from here
            found.lease().close();
            if (found.scan().position() == key.from()) {
                return found.scan();
            }
            found.scan().close();
        }
        return engine.scan(key.owner(), key.id(), key.from(), forms);
    }

    /** Leaves the scan open for the page at key, when there is memory for it; false when it was not kept. */
    private boolean keep(Key key, RowScan scan, StatementSnapshot statement) {
        MemoryBudget.Lease lease = memory.tryTake(engine.scanMemory(statement));
        if (lease == null) {
            return false;
        }
        Idle replaced;
        synchronized (idle) {
            replaced = idle.put(key, new Idle(scan, System.nanoTime(), lease));
        }
        if (replaced != null) {
            replaced.close();
        }
        return true;
    }

    @Override
    public void close() {
        ahead.shutdownNow();
        synchronized (encoded) {
            encoded.values().forEach(entry -> {
                entry.page().cancel(false);
                entry.drop();
            });
            encoded.clear();
        }
        synchronized (idle) {
            idle.values().forEach(Idle::close);
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
