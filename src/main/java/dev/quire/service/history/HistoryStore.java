package dev.quire.service.history;

import dev.quire.model.AppDirs;
import dev.quire.model.HistoryEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every statement run from Quire, across connections and app instances, kept until pruned. Each
 * save is one line appended to an owner-only JSON Lines file (history.jsonl in the data folder)
 * and is on disk before the call returns. The entries live in memory too, for search; every call
 * first reads what other instances appended since. The file is compacted (superseded lines
 * dropped) when opened with many of them, and rewritten by {@link #prune(Instant)}.
 *
 * <p>Thread-safe. Calls do file I/O: keep them off the UI thread ({@link HistoryService} does).
 */
public final class HistoryStore implements AutoCloseable {

    public static final String FILE_NAME = "history.jsonl";

    private static final System.Logger LOG = System.getLogger(HistoryStore.class.getName());
    /** Superseded lines tolerated beyond one per entry before opening compacts the file. */
    private static final int COMPACT_SLACK = 1000;

    /** An entry and its search text, held in memory. */
    record Indexed(HistoryEntry entry, String text) {
    }

    private final Journal journal;
    private final Map<String, Indexed> byId = new HashMap<>();
    /** Oldest first by submission time; equal times in the order first read. */
    private final List<Indexed> ordered = new ArrayList<>();
    /** One string per connection name read. */
    private final Map<String, String> connections = new HashMap<>();
    private final Journal.Reader reader = new Journal.Reader() {
        @Override
        public void reset() {
            byId.clear();
            ordered.clear();
            connections.clear();
            lines = 0;
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            lines++;
            try {
                apply(HistoryCodec.decode(bytes, offset, length, HistoryStore.this::shared));
            } catch (IOException e) {
                unreadable++;
            }
        }
    };
    /** Entry lines in the file as read, superseded ones included. */
    private long lines;
    private long unreadable;

    private HistoryStore(Journal journal) {
        this.journal = journal;
    }

    /** Opens the history in the data folder. */
    public static HistoryStore open(AppDirs dirs) throws IOException {
        return open(dirs.data().resolve(FILE_NAME));
    }

    public static HistoryStore open(Path file) throws IOException {
        HistoryStore store = new HistoryStore(new Journal(file));
        try {
            store.load();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private synchronized void load() throws IOException {
        refresh();
        if (lines - byId.size() > Math.max(COMPACT_SLACK, byId.size())) {
            rewrite(entry -> true);
        }
    }

    public Path file() {
        return journal.file();
    }

    /** Records a new entry or the new state of one (by id); on disk when this returns. */
    public synchronized HistoryEntry save(HistoryEntry entry) throws IOException {
        Objects.requireNonNull(entry.id(), "a local history entry needs an id");
        journal.append(HistoryCodec.encode(entry));
        refresh();
        return entry;
    }

    /** Reads what other instances appended (or the whole file, when one rewrote it). */
    public synchronized void refresh() throws IOException {
        long before = unreadable;
        journal.read(reader);
        if (unreadable > before) {
            LOG.log(System.Logger.Level.WARNING, "skipped {0} unreadable line(s) in {1}", unreadable - before,
                    journal.file());
        }
    }

    public synchronized Optional<HistoryEntry> get(String id) throws IOException {
        refresh();
        return Optional.ofNullable(byId.get(id)).map(Indexed::entry);
    }

    public synchronized int size() throws IOException {
        refresh();
        return byId.size();
    }

    /** The page of matches the query asks for, newest first, and how many match in all. */
    public synchronized HistoryPage<HistoryEntry> search(HistoryQuery query) throws IOException {
        refresh();
        HistoryFilter filter = new HistoryFilter(query);
        List<HistoryEntry> page = new ArrayList<>(Math.min(query.limit(), 256));
        int total = 0;
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Indexed item = ordered.get(i);
            if (filter.test(item.entry(), item.text())) {
                if (total >= query.offset() && page.size() < query.limit()) {
                    page.add(item.entry());
                }
                total++;
            }
        }
        return new HistoryPage<>(page, total);
    }

    /** One connection's entries with their search text, newest first. */
    synchronized List<Indexed> entries(String connection) throws IOException {
        refresh();
        List<Indexed> entries = new ArrayList<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Indexed item = ordered.get(i);
            if (item.entry().connection().equals(connection)) {
                entries.add(item);
            }
        }
        return entries;
    }

    /** Removes the entries submitted before the given time; returns how many went. */
    public synchronized int prune(Instant olderThan) throws IOException {
        return rewrite(entry -> !entry.submittedAt().isBefore(olderThan));
    }

    /** Rewrites the file with the latest line of each entry to keep; returns how many were dropped. */
    private int rewrite(Predicate<HistoryEntry> keep) throws IOException {
        List<Indexed> kept = new ArrayList<>();
        journal.rewrite(reader, out -> {
            for (Indexed item : ordered) {
                if (keep.test(item.entry())) {
                    kept.add(item);
                    out.write(HistoryCodec.encode(item.entry()));
                }
            }
        });
        int dropped = ordered.size() - kept.size();
        keepOnly(kept);
        return dropped;
    }

    private String shared(String connection) {
        return connection == null ? null : connections.computeIfAbsent(connection, c -> c);
    }

    private void keepOnly(List<Indexed> kept) {
        ordered.clear();
        ordered.addAll(kept);
        byId.clear();
        kept.forEach(item -> byId.put(item.entry().id(), item));
        lines = kept.size();
    }

    private void apply(HistoryEntry entry) {
        Indexed item = new Indexed(entry, HistoryFilter.text(entry));
        Indexed previous = byId.put(entry.id(), item);
        if (previous != null && previous.entry().submittedAt().equals(entry.submittedAt())) {
            ordered.set(indexOf(previous), item);
            return;
        }
        if (previous != null) {
            ordered.remove(indexOf(previous));
        }
        int at = ordered.size();
        Instant time = entry.submittedAt();
        if (at > 0 && ordered.get(at - 1).entry().submittedAt().isAfter(time)) {
            int low = 0;
            int high = at;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (ordered.get(mid).entry().submittedAt().isAfter(time)) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            at = low;
        }
        ordered.add(at, item);
    }

    /** Where an item sits: found by its time, then among the items of that time. */
    private int indexOf(Indexed item) {
        Instant time = item.entry().submittedAt();
        int low = 0;
        int high = ordered.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ordered.get(mid).entry().submittedAt().isBefore(time)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        for (int i = low; i < ordered.size(); i++) {
            if (ordered.get(i) == item) {
                return i;
            }
        }
        throw new IllegalStateException("history index out of step for " + item.entry().id());
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
