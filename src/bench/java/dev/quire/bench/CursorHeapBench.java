package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;
import static dev.quire.bench.Bench.seconds;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import dev.quire.service.ResultView;
import dev.quire.service.RowFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A result cursor walks a large result from the local server in a small heap (its own JVM, -Xmx256m
 * by default): open, every page fetched and spilled, then every row read back through
 * {@code rows(from, count)} in grid-sized windows and folded into a checksum that must equal DuckDB's
 * own aggregates, then random windows (cold blocks) and a sort of all rows in the spill store. The
 * server runs in the same JVM, so the heap figures include it.
 */
public final class CursorHeapBench implements Bench.Benchmark {

    static final String CURSOR = "ResultCursor";
    static final int CHECKPOINTS = 10;

    private final int rows = Bench.intSetting("bench.cursor.rows", 10_000_000);
    private final int window = Bench.intSetting("bench.cursor.window", 100);
    private final int randomWindows = Bench.intSetting("bench.cursor.randomWindows", 1000);
    private final int rounds = Bench.intSetting("bench.cursor.rounds", 1);
    private final int warmups = Bench.intSetting("bench.cursor.warmup", 0);

    @Override
    public String name() {
        return "CursorHeapBench";
    }

    @Override
    public String heap() {
        return System.getProperty("bench.cursor.xmx", "256m");
    }

    /**
     * Heap use over the run: the heap pools' peaks (summed, an upper bound), the largest use a thread
     * sampled every 10 ms (garbage included), and the largest live heap at checkpoints, each taken
     * right after a full collection.
     */
    static final class HeapWatch implements AutoCloseable {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        private final AtomicLong maxLive = new AtomicLong();
        private final AtomicLong checkpoints = new AtomicLong();
        private final Thread sampler;
        private volatile long maxUsed;
        private volatile boolean running = true;

        HeapWatch() {
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            sampler = new Thread(() -> {
                while (running) {
                    maxUsed = Math.max(maxUsed, used());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        /** Collects and records what is left: the live heap at this point. */
        void checkpoint() {
            System.gc();
            maxLive.accumulateAndGet(used(), Math::max);
            checkpoints.incrementAndGet();
        }

        long poolPeaks() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        long sampledMax() {
            return maxUsed;
        }

        long maxLive() {
            return maxLive.get();
        }

        long checkpoints() {
            return checkpoints.get();
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
        }
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT,
                "%,d rows × 6 columns through a ResultCursor under -Xmx%s: fetch and spill, read back in "
                        + "%d-row windows, %d random windows, sort of all rows", rows, heap(), window, randomWindows))
                .contenders(CURSOR);
        result.note("The local server runs in the same JVM, so the heap figures include its page encoding. "
                + "Live heap is measured after a full collection at every tenth of the fetch and of the read-back "
                + "and after the sort; those collections are inside the timed phases. DuckDB's memory is native "
                + "(memory_limit 256 MB) and not in the heap; the process's peak resident size is a fact below.");
        String sql = ResultFetchBench.sql(rows);
        long maxHeap = Runtime.getRuntime().maxMemory();
        try (HeapWatch heap = new HeapWatch();
             LocalBench local = LocalBench.start("cursor", o -> o.withLimits(200, 16L << 30));
             RedshiftDataClient client = local.quireClient();
             SpillStore store = SpillStore.open(SpillStore.Options.defaults(local.dir().resolve("cache")));
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            ResultFetchBench.Checksum expected = ResultFetchBench.expected(duck, sql);
            result.fact("expected (DuckDB aggregates)", expected.toString());
            Bench.interleave(List.of(CURSOR), warmups, rounds, (contender, round, measured) -> {
                long t0 = System.nanoTime();
                StatementInfo info = LocalBench.executeAndAwait(client, sql, Duration.ofMinutes(10));
                check(info.status() == RunState.FINISHED, "statement ended %s: %s", info.status(), info.error());
                long executed = System.nanoTime() - t0;
                Bench.log("executed in %.1f s (%,d bytes of records)", seconds(executed), info.resultSize());

                long t1 = System.nanoTime();
                ResultCursor cursor = store.open(client, info.id()).get(2, TimeUnit.MINUTES);
                long opened = System.nanoTime() - t1;
                AtomicLong nextCheckpoint = new AtomicLong(rows / CHECKPOINTS);
                cursor.onProgress(p -> {
                    if (p.fetchedRows() >= nextCheckpoint.get()) {
                        nextCheckpoint.addAndGet(rows / CHECKPOINTS);
                        heap.checkpoint();
                    }
                });
                cursor.whenDone().get(30, TimeUnit.MINUTES);
                long fetched = System.nanoTime() - t1;
                check(cursor.fetchedRows() == rows, "fetched %d rows, expected %d", cursor.fetchedRows(), rows);
                long spillBytes = folderBytes(local.dir().resolve("cache"));
                Bench.log("fetched and spilled %,d rows in %.1f s (%,.0f rows/s), %,d MB on disk", rows,
                        seconds(fetched), rows / seconds(fetched), spillBytes >> 20);

                long t2 = System.nanoTime();
                ResultFetchBench.Checksum seen = new ResultFetchBench.Checksum();
                for (long from = 0; from < rows; from += window) {
                    List<Object[]> part = cursor.rows(from, window).get(1, TimeUnit.MINUTES);
                    check(part.size() == Math.min(window, rows - from), "window at %d has %d rows", from, part.size());
                    for (Object[] row : part) {
                        seen.addApiRow(row);
                    }
                    if ((from + window) % (rows / CHECKPOINTS) < window) {
                        heap.checkpoint();
                    }
                }
                long walked = System.nanoTime() - t2;
                check(seen.equals(expected), "read back %s, expected %s", seen, expected);
                Bench.log("read back %,d rows in %.1f s (%,.0f rows/s), checksum equal", rows, seconds(walked),
                        rows / seconds(walked));

                Random random = new Random(7);
                double[] latencies = new double[randomWindows];
                for (int k = 0; k < randomWindows; k++) {
                    long from = (long) (random.nextDouble() * (rows - window));
                    long s = System.nanoTime();
                    List<Object[]> part = cursor.rows(from, window).get(1, TimeUnit.MINUTES);
                    latencies[k] = millis(System.nanoTime() - s);
                    check((Long) part.get(0)[0] == from, "random window at %d starts with %s", from, part.get(0)[0]);
                }

                long t3 = System.nanoTime();
                ResultView sorted = cursor.view(2, false, RowFilter.NONE).get(30, TimeUnit.MINUTES);
                long sortedIn = System.nanoTime() - t3;
                Object[] top = sorted.rows(0, 1).get(1, TimeUnit.MINUTES).get(0);
                check(sorted.rowCount() == rows && (Long) top[0] == rows - 1, "sorted view: %d rows, first %s",
                        sorted.rowCount(), top[0]);
                Bench.log("sorted all rows by a text column (descending) in %.1f s", seconds(sortedIn));
                heap.checkpoint();
                cursor.close();

                if (measured) {
                    result.add(CURSOR, "execute → FINISHED (server)", "s", seconds(executed));
                    result.add(CURSOR, "open → first page readable", "ms", millis(opened));
                    result.add(CURSOR, "open → all rows fetched and spilled", "s", seconds(fetched));
                    result.add(CURSOR, "fetch + spill", "rows/s", rows / seconds(fetched));
                    result.add(CURSOR, "read back all rows in windows", "s", seconds(walked));
                    result.add(CURSOR, "read back", "rows/s", rows / seconds(walked));
                    result.add(CURSOR, "random window p50", "ms", Bench.percentile(latencies, 50));
                    result.add(CURSOR, "random window p99", "ms", Bench.percentile(latencies, 99));
                    result.add(CURSOR, "sort view of all rows", "s", seconds(sortedIn));
                    result.add(CURSOR, "total (open → sorted)", "s", seconds(System.nanoTime() - t1));
                    result.fact("spill store on disk (MB)", spillBytes >> 20);
                }
            });
            result.add(CURSOR, "live heap after a full GC, largest at the checkpoints", "MiB",
                    heap.maxLive() / 1048576.0);
            result.add(CURSOR, "peak heap used, sampled every 10 ms", "MiB", heap.sampledMax() / 1048576.0);
            result.add(CURSOR, "peak heap, sum of heap pool peaks", "MiB", heap.poolPeaks() / 1048576.0);
            result.fact("max heap (-Xmx, MiB)", maxHeap >> 20);
            result.fact("live heap checkpoints", heap.checkpoints());
            result.fact("process peak resident size (MiB)", peakResidentMiB());
            result.fact("checksum over every row read back", "equal to DuckDB's aggregates");
        }
        return result;
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** VmHWM on Linux; n/a elsewhere. */
    private static String peakResidentMiB() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/self/status")).split("\n"))
                    .filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.toString(Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10))
                    .findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
