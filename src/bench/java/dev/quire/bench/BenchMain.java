package dev.quire.bench;

import dev.quire.service.history.HistorySearchBench;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks named on the command line (all when none, or "all"), prints each one's
 * table, and writes target/bench/results.json and results.md. Exits non-zero when a benchmark
 * fails its verification.
 */
public final class BenchMain {

    static Map<String, Bench.Benchmark> all() {
        Map<String, Bench.Benchmark> all = new LinkedHashMap<>();
        for (Bench.Benchmark b : List.of(new ResultFetchBench(), new DescribeThroughputBench(), new FirstRowsBench(),
                new HistorySearchBench())) {
            all.put(b.name(), b);
        }
        return all;
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the SDK and OkHttp leave idle non-daemon threads behind for a while
    }

    static void run(String[] args) throws Exception {
        Map<String, Bench.Benchmark> all = all();
        List<String> names = Arrays.stream(args).flatMap(a -> Arrays.stream(a.split("[,\\s]+")))
                .filter(a -> !a.isBlank() && !a.equalsIgnoreCase("all")).toList();
        List<Bench.Benchmark> chosen = new ArrayList<>();
        for (String name : names.isEmpty() ? List.copyOf(all.keySet()) : names) {
            Bench.Benchmark b = all.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name)
                            || e.getKey().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT)))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no benchmark " + name + "; known: " + all.keySet()));
            chosen.add(b);
        }
        System.out.printf(Locale.ROOT, "Quire benchmarks: %s (%d cores, max heap %d MiB, %d warm-up + %d rounds)%n",
                chosen.stream().map(Bench.Benchmark::name).toList(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Bench.warmups(), Bench.rounds());
        long start = System.nanoTime();
        List<Bench.Result> results = new ArrayList<>();
        for (Bench.Benchmark b : chosen) {
            System.out.println();
            System.out.println(">> " + b.name());
            long t0 = System.nanoTime();
            Bench.Result result = b.run();
            Bench.log("%s took %.0f s", b.name(), Bench.seconds(System.nanoTime() - t0));
            results.add(result);
            Bench.print(result, System.out);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Bench.write(results, Bench.outputDir(), took);
        System.out.printf(Locale.ROOT, "%nWrote %s and %s (%d s in all)%n",
                Bench.outputDir().resolve("results.json"), Bench.outputDir().resolve("results.md"), took.toSeconds());
    }

    private BenchMain() {
    }
}
