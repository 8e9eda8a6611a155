package dev.quire.bench;

import dev.quire.cli.SqlCliBench;
import dev.quire.service.history.HistorySearchBench;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * fails its verification. A benchmark that asks for a heap of its own runs in a forked JVM with
 * this JVM's options but that -Xmx, and hands its result back through a file.
 */
public final class BenchMain {

    static Map<String, Bench.Benchmark> all() {
        Map<String, Bench.Benchmark> all = new LinkedHashMap<>();
        for (Bench.Benchmark b : List.of(new ResultFetchBench(), new DescribeThroughputBench(), new FirstRowsBench(),
                new HistorySearchBench(), new CursorHeapBench(), new GridBench(), new FinishBench(), new SoakBench(),
                new AthenaResultsBench(), new AthenaFetchBench(), new DremioPagesBench(),
                new DremioRandomAccessBench(), new SqlCliBench(), new StartupBench())) {
            all.put(b.name(), b);
        }
        return all;
    }

    public static void main(String[] args) {
        try {
            if (args.length == 3 && args[0].equals(FORK)) {
                runForked(args[1], Path.of(args[2]));
            } else {
                run(args);
            }
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
            Bench.Result result = b.heap() == null ? b.run() : fork(b);
            Bench.log("%s took %.0f s", b.name(), Bench.seconds(System.nanoTime() - t0));
            results.add(result);
            Bench.print(result, System.out);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Bench.write(results, Bench.outputDir(), took);
        System.out.printf(Locale.ROOT, "%nWrote %s and %s (%d s in all)%n",
                Bench.outputDir().resolve("results.json"), Bench.outputDir().resolve("results.md"), took.toSeconds());
    }

    private static final String FORK = "--forked";

    /** Runs one benchmark in a new JVM with its own -Xmx and reads its result back. */
    static Bench.Result fork(Bench.Benchmark b) throws Exception {
        Path out = Files.createTempFile("quire-bench-" + b.name() + "-", ".result");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!option.startsWith("-Xmx")) {
                    command.add(option);
                }
            }
            if (!b.heap().equals("default")) {
                command.add("-Xmx" + b.heap());
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    BenchMain.class.getName(), FORK, b.name(), out.toString()));
            Bench.log("%s runs in its own JVM with -Xmx%s", b.name(), b.heap());
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            Bench.check(exit == 0, "%s exited with %d", b.name(), exit);
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(out))) {
                return (Bench.Result) in.readObject();
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void runForked(String name, Path out) throws Exception {
        Bench.Result result = all().get(name).run();
        try (ObjectOutputStream file = new ObjectOutputStream(Files.newOutputStream(out))) {
            file.writeObject(result);
        }
    }

    private BenchMain() {
    }
}
