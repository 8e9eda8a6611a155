package dev.quire.service.history;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;

import dev.quire.bench.Bench;
import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The local history at 100,000 entries: opening (replaying the file), searching it with the kinds
 * of queries the history pane sends, seeing another instance's append, rewriting (prune), and
 * appending (each append forced to disk). The file is generated (deterministic SQL of 3 to 12
 * lines over four connections, half with upper-case keywords, 5% failed with an error, 10% named)
 * in the store's own line format, in the system's temporary folder.
 */
public final class HistorySearchBench implements Bench.Benchmark {

    private final int entries = Bench.intSetting("bench.history.entries", 100_000);
    private final int runs = Bench.intSetting("bench.history.runs", 10);
    private final int appends = Bench.intSetting("bench.history.appends", 500);

    private static final String[] TABLES = {"sales.orders", "sales.order_lines", "taxi.trips", "tpch.lineitem",
        "tpch.customer", "marketing.campaigns", "finance.ledger", "web.sessions", "web.page_views", "hr.people"};
    private static final String[] COLUMNS = {"id", "customer_id", "amount", "created_at", "region", "status",
        "fare_amount", "tip_amount", "l_extendedprice", "c_mktsegment", "campaign_name", "session_id", "country"};
    private static final String[] CONNECTIONS = {"Local engine", "Prod cluster", "Analytics", "Finance"};

    @Override
    public String name() {
        return "HistorySearchBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Map<String, HistoryQuery> queries = new LinkedHashMap<>();
        queries.put("newest page, no words", HistoryQuery.all());
        queries.put("one word in every entry", HistoryQuery.of("SELECT"));
        queries.put("one rare word", HistoryQuery.of("needle_7"));
        queries.put("three words", HistoryQuery.of("sum amount sales.orders"));
        queries.put("words + FAILED", HistoryQuery.of("lineitem").withStatuses(RunState.FAILED));
        queries.put("word + connection, page 5", HistoryQuery.of("region").withConnection("Analytics")
                .page(100, 25));
        queries.put("no match", HistoryQuery.of("zzz_nothing_matches"));

        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT,
                "local history of %,d entries: open, search (%d runs per query per round), follow another "
                        + "instance, append", entries, runs))
                .contenders("open", "search", "follow", "rewrite", "append");
        Path dir = Files.createTempDirectory("quire-bench-history-");
        try {
            Path file = dir.resolve(HistoryStore.FILE_NAME);
            int needles = generate(file, entries);
            result.fact("file size (MB)", String.format(Locale.ROOT, "%.1f", Files.size(file) / 1e6));

            int expected = entries;
            for (int round = 0; round < Bench.warmups() + Bench.rounds(); round++) {
                boolean measured = round >= Bench.warmups();
                Runtime runtime = Runtime.getRuntime();
                System.gc();
                long heapBefore = runtime.totalMemory() - runtime.freeMemory();
                long t0 = System.nanoTime();
                HistoryStore first = HistoryStore.open(file);
                long opened = System.nanoTime() - t0;
                System.gc();
                long heap = runtime.totalMemory() - runtime.freeMemory() - heapBefore;
                try (HistoryStore store = first; HistoryStore other = HistoryStore.open(file)) {
                    check(store.size() == expected, "opened %d entries, expected %d", store.size(), expected);
                    if (measured) {
                        result.add("open", "replay the file", "ms", millis(opened));
                        result.add("open", "heap held by one instance", "MB", heap / 1e6);
                    }
                    for (Map.Entry<String, HistoryQuery> q : queries.entrySet()) {
                        for (int i = 0; i < runs; i++) {
                            long s = System.nanoTime();
                            HistoryPage<HistoryEntry> page = store.search(q.getValue());
                            long took = System.nanoTime() - s;
                            verify(q.getKey(), page, needles);
                            if (measured) {
                                result.add("search", q.getKey(), "ms", millis(took));
                            }
                        }
                    }
                    for (int i = 0; i < runs; i++) {
                        HistoryEntry appended = other.save(entry(new Random(round * 1000L + i), entries + i,
                                "follow_" + round + "_" + i));
                        long s = System.nanoTime();
                        HistoryPage<HistoryEntry> seen = store.search(HistoryQuery.of("follow_" + round + "_" + i));
                        long took = System.nanoTime() - s;
                        check(seen.items().equals(List.of(appended)), "the other instance's entry is not seen");
                        if (measured) {
                            result.add("follow", "search seeing one new entry", "ms", millis(took));
                        }
                    }
                    expected += runs;
                    long s = System.nanoTime();
                    check(store.prune(Instant.EPOCH) == 0, "nothing is older than 1970");
                    long rewritten = System.nanoTime() - s;
                    s = System.nanoTime();
                    check(other.search(HistoryQuery.all()).total() == expected, "the other instance reloaded");
                    long reloaded = System.nanoTime() - s;
                    if (measured) {
                        result.add("rewrite", "prune (rewrites the file, forced to disk)", "ms", millis(rewritten));
                        result.add("rewrite", "other instance's next search (reloads)", "ms", millis(reloaded));
                    }
                }
            }
            try (HistoryStore store = HistoryStore.open(file)) {
                Random random = new Random(7);
                for (int i = 0; i < appends; i++) {
                    HistoryEntry e = entry(random, expected + i, null);
                    long s = System.nanoTime();
                    store.save(e);
                    result.add("append", "save, forced to disk", "ms", millis(System.nanoTime() - s));
                }
            }
            result.fact("entries", entries);
            result.fact("entries holding the rare word", needles);
            result.note("search scans every entry's lower-cased text (SQL, name, connection, error) in memory, "
                    + "newest first, counting all matches; each call first checks the file for new lines");
        } finally {
            Bench.deleteTree(dir);
        }
        return result;
    }

    private static void verify(String query, HistoryPage<HistoryEntry> page, int needles) {
        switch (query) {
            case "one rare word" -> check(page.total() == needles, "%d needles found, %d expected", page.total(),
                    needles);
            case "no match" -> check(page.total() == 0 && page.items().isEmpty(), "matched %d", page.total());
            case "newest page, no words", "one word in every entry" -> check(page.items().size() == 25
                    && page.items().get(0).submittedAt().isAfter(page.items().get(24).submittedAt()), "page order");
            default -> check(page.total() > 0, "%s matched nothing", query);
        }
    }

    /** Writes the file in the store's line format; returns how many entries hold the rare word. */
    private static int generate(Path file, int count) throws Exception {
        Random random = new Random(42);
        int needles = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(HistoryCodec.header());
            for (int i = 0; i < count; i++) {
                HistoryEntry e = entry(random, i, i % 997 == 0 ? "needle_7" : null);
                if (i % 997 == 0) {
                    needles++;
                }
                out.write(HistoryCodec.encode(e));
            }
        }
        return needles;
    }

    private static String upperCaseKeywords(String sql) {
        for (String keyword : List.of("select", "from", "where", "and", "order by", "limit", "sum", "as",
                "is not null")) {
            sql = sql.replace(keyword + " ", keyword.toUpperCase(Locale.ROOT) + " ");
        }
        return sql;
    }

    private static HistoryEntry entry(Random random, int n, String marker) {
        StringBuilder sql = new StringBuilder("select ");
        String table = TABLES[random.nextInt(TABLES.length)];
        int columns = 1 + random.nextInt(6);
        for (int c = 0; c < columns; c++) {
            String column = COLUMNS[random.nextInt(COLUMNS.length)];
            sql.append(c == 0 ? "" : ", ").append(random.nextInt(4) == 0 ? "sum(" + column + ") as total_" + column
                    : column);
        }
        sql.append("\nfrom ").append(table);
        if (random.nextBoolean()) {
            sql.append("\nwhere ").append(COLUMNS[random.nextInt(COLUMNS.length)]).append(" > ")
                    .append(random.nextInt(100_000)).append(" and region = 'eu-").append(random.nextInt(9))
                    .append('\'');
        }
        if (marker != null) {
            sql.append(" -- ").append(marker);
        }
        int padding = random.nextInt(8);
        for (int p = 0; p < padding; p++) {
            sql.append("\n  and ").append(COLUMNS[random.nextInt(COLUMNS.length)]).append(" is not null");
        }
        sql.append("\norder by 1 limit ").append(1 + random.nextInt(1000));
        String text = random.nextBoolean() ? sql.toString() : upperCaseKeywords(sql.toString());
        boolean failed = random.nextInt(20) == 0;
        Instant at = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofSeconds(n * 60L));
        return new HistoryEntry(UUID.randomUUID().toString(), CONNECTIONS[random.nextInt(CONNECTIONS.length)],
                UUID.randomUUID().toString(), List.of(text),
                random.nextInt(10) == 0 ? "report " + random.nextInt(50) : null,
                failed ? RunState.FAILED : RunState.FINISHED, at, at.plusMillis(random.nextInt(5000)),
                Duration.ofMillis(random.nextInt(5000)), failed ? -1 : random.nextInt(10_000),
                failed ? "ERROR: column \"" + COLUMNS[random.nextInt(COLUMNS.length)] + "\" does not exist" : null,
                false);
    }
}
