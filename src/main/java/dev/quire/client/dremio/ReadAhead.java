package dev.quire.client.dremio;

import dev.quire.model.ResultPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Several pages of a result fetched at once, in the order they are read: while pages are asked for
 * one after another (each at the row after the last), the pages after the one asked for are fetched
 * too, at most {@code pages} in flight for one result, never past its end. A page asked for
 * anywhere else (Go to row, Last row) is fetched alone, and the pages fetched ahead are dropped, so
 * it is not kept waiting behind them.
 */
final class ReadAhead implements AutoCloseable {

    /** Fetches one page of a result at an offset. */
    interface Fetch {
        CompletableFuture<ResultPage> page(String id, long offset);
    }

    private static final int RESULTS = 16;

    private final int pages;
    private final int pageRows;
    private final Fetch fetch;
    // guarded by this
    private final Map<String, Reading> readings = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** How one result is being read: where the next page in order starts, its total when known, the pages ahead. */
    private static final class Reading {
        long next = -1;
        long total = -1;
        final TreeMap<Long, CompletableFuture<ResultPage>> ahead = new TreeMap<>();
    }

    /** At most pages pages of one result in flight at once (1: one page at a time), each of pageRows rows. */
    ReadAhead(int pages, int pageRows, Fetch fetch) {
        if (pages < 1) {
            throw new IllegalArgumentException("at least one page at a time");
        }
        this.pages = pages;
        this.pageRows = pageRows;
        this.fetch = fetch;
    }

    /** The page of the result at offset, fetched now or already on its way. */
    CompletableFuture<ResultPage> page(String id, long offset) {
        List<CompletableFuture<ResultPage>> dropped = new ArrayList<>();
        CompletableFuture<ResultPage> asked;
        synchronized (this) {
            if (closed) {
                return fetch.page(id, offset);
            }
            Reading reading = readings.computeIfAbsent(id, key -> new Reading());
            while (readings.size() > RESULTS) {
                Map.Entry<String, Reading> eldest = readings.entrySet().iterator().next();
                dropped.addAll(eldest.getValue().ahead.values());
                readings.remove(eldest.getKey());
            }
            boolean inOrder = offset == reading.next;
            asked = reading.ahead.remove(offset);
            if (!inOrder) {
                dropped.addAll(reading.ahead.values());
                reading.ahead.clear();
            }
            reading.next = offset + pageRows;
            if (asked == null) {
                asked = start(reading, id, offset);
            }
            if (inOrder && reading.total >= 0) {
                long end = Math.min(reading.total, offset + (long) pages * pageRows);
                for (long at = offset + pageRows; at < end; at += pageRows) {
                    if (!reading.ahead.containsKey(at)) {
                        reading.ahead.put(at, start(reading, id, at));
                    }
                }
            }
        }
        dropped.forEach(page -> page.cancel(true));
        return asked;
    }

    /** Forgets a result (its pages fetched ahead are dropped). */
    void forget(String id) {
        Reading reading;
        synchronized (this) {
            reading = readings.remove(id);
        }
        if (reading != null) {
            reading.ahead.values().forEach(page -> page.cancel(true));
        }
    }

    /** Pages fetched ahead and not asked for yet (for tests). */
    synchronized int ahead() {
        return readings.values().stream().mapToInt(r -> r.ahead.size()).sum();
    }

    private CompletableFuture<ResultPage> start(Reading reading, String id, long offset) {
        CompletableFuture<ResultPage> page = fetch.page(id, offset);
        page.thenAccept(got -> {
            if (got.totalKnown()) {
                synchronized (this) {
                    reading.total = got.totalRows();
                }
            }
        });
        return page;
    }

    @Override
    public void close() {
        List<CompletableFuture<ResultPage>> dropped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            readings.values().forEach(reading -> dropped.addAll(reading.ahead.values()));
            readings.clear();
        }
        dropped.forEach(page -> page.cancel(true));
    }
}
