package dev.quire.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The small harness every benchmark shares: settings from system properties, interleaved rounds,
 * statistics (median, min, percentiles), and the report as a console table, JSON and Markdown.
 *
 * <p>A benchmark records one value per measured round into a {@link Series} (one per contender and
 * metric), derives ratios of medians, and records the facts it verified (row counts, checksums), so
 * a report always says what was measured and that the answer was right.
 */
public final class Bench {

    /** One benchmark: runs by itself, bounded, and returns its verified figures. */
    public interface Benchmark {
        String name();

        Result run() throws Exception;

        /** A heap size (as for -Xmx) when the benchmark must run in a JVM of its own; null shares the harness's. */
        default String heap() {
            return null;
        }
    }

    /** One round of interleaved contenders: called once per contender per round. */
    public interface Trial {
        void run(String contender, int round, boolean measured) throws Exception;
    }

    /** Work shared by all contenders of a round (e.g. running the statement they all fetch). */
    public interface RoundStart {
        void start(int round, boolean measured) throws Exception;
    }

    // ---- settings -------------------------------------------------------------------------------

    public static int intSetting(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    public static int rounds() {
        return intSetting("bench.rounds", 5);
    }

    public static int warmups() {
        return intSetting("bench.warmup", 2);
    }

    /** Where results.json and results.md go. */
    public static Path outputDir() {
        return Path.of(System.getProperty("bench.out", "target/bench"));
    }

    // ---- rounds ---------------------------------------------------------------------------------

    /**
     * Runs warm-up rounds then measured rounds; within each round every contender runs once, and
     * the order rotates from round to round so no contender always runs first (or last) on a
     * noisy machine.
     */
    public static void interleave(List<String> contenders, int warmups, int rounds, Trial trial) throws Exception {
        interleave(contenders, warmups, rounds, (round, measured) -> { }, trial);
    }

    /** As {@link #interleave(List, int, int, Trial)}, with work done once at the start of each round. */
    public static void interleave(List<String> contenders, int warmups, int rounds, RoundStart start, Trial trial)
            throws Exception {
        for (int r = 0; r < warmups + rounds; r++) {
            boolean measured = r >= warmups;
            List<String> order = rotate(contenders, r);
            log("%s round %d/%d: %s", measured ? "measured" : "warm-up", measured ? r - warmups + 1 : r + 1,
                    measured ? rounds : warmups, String.join(" → ", order));
            start.start(measured ? r - warmups : -1, measured);
            for (String contender : order) {
                trial.run(contender, measured ? r - warmups : -1, measured);
            }
        }
    }

    public static <T> List<T> rotate(List<T> items, int by) {
        List<T> rotated = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rotated.add(items.get((i + by) % items.size()));
        }
        return rotated;
    }

    // ---- statistics -----------------------------------------------------------------------------

    /** Nearest-rank percentile (0..100) of unsorted values. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nearest-rank percentile of sorted values. */
    public static long percentileSorted(long[] sorted, int count, double p) {
        if (count == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    public static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Fails the benchmark (not silently measuring nothing) when a verification does not hold. */
    public static void check(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new AssertionError("benchmark verification failed: " + String.format(Locale.ROOT, message, args));
        }
    }

    public static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "  [bench] " + format + "%n", args);
        System.out.flush();
    }

    // ---- results --------------------------------------------------------------------------------

    /** The values of one metric of one contender, one value per measured round (or per sample). */
    public static final class Series implements Serializable {
        final String contender;
        final String metric;
        final String unit;
        final List<Double> values = new ArrayList<>();

        Series(String contender, String metric, String unit) {
            this.contender = contender;
            this.metric = metric;
            this.unit = unit;
        }

        public void add(double value) {
            values.add(value);
        }

        double[] array() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        public double median() {
            return Bench.median(array());
        }

        public double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        public double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The 90th percentile, reported only for series of many samples (not a few rounds). */
        public double p90() {
            return values.size() >= MIN_SAMPLES_FOR_P90 ? percentile(array(), 90) : Double.NaN;
        }
    }

    static final int MIN_SAMPLES_FOR_P90 = 20;

    /** A ratio of the medians of two series. */
    public record Ratio(String label, String numerator, String denominator, double value) implements Serializable {
    }

    /** Everything one benchmark reports; serializable so a benchmark forked into its own JVM can hand it back. */
    public static final class Result implements Serializable {
        final String name;
        final String description;
        final Map<String, Series> series = new LinkedHashMap<>();
        final List<Ratio> ratios = new ArrayList<>();
        final Map<String, Object> facts = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        final List<String> contenderOrder = new ArrayList<>();

        public Result(String name, String description) {
            this.name = name;
            this.description = description;
        }

        /** The order contenders are reported in (rounds record them in rotating order). */
        public Result contenders(String... order) {
            contenderOrder.addAll(List.of(order));
            return this;
        }

        /** Series grouped by contender in the declared order, metrics in the order first recorded. */
        List<Series> ordered() {
            List<Series> all = new ArrayList<>(series.values());
            all.sort(Comparator.comparingInt(s -> {
                int i = contenderOrder.indexOf(s.contender);
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
            return all;
        }

        public Series series(String contender, String metric, String unit) {
            return series.computeIfAbsent(contender + "\u0000" + metric, k -> new Series(contender, metric, unit));
        }

        public void add(String contender, String metric, String unit, double value) {
            series(contender, metric, unit).add(value);
        }

        public Series get(String contender, String metric) {
            Series s = series.get(contender + "\u0000" + metric);
            if (s == null) {
                throw new IllegalArgumentException("no series " + contender + " / " + metric);
            }
            return s;
        }

        /** Records the ratio of the medians of two series (numerator / denominator). */
        public Ratio ratio(String label, String contenderA, String contenderB, String metric) {
            Series a = get(contenderA, metric);
            Series b = get(contenderB, metric);
            Ratio ratio = new Ratio(label, contenderA + " / " + metric, contenderB + " / " + metric,
                    a.median() / b.median());
            ratios.add(ratio);
            return ratio;
        }

        /** A verified fact (row count, checksum, setting) that belongs with the figures. */
        public void fact(String key, Object value) {
            facts.put(key, value);
        }

        public void note(String text) {
            notes.add(text);
        }
    }

    // ---- reporting ------------------------------------------------------------------------------

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String dash(double value) {
        return Double.isNaN(value) ? "—" : format(value);
    }

    /** The console table of one result. */
    public static void print(Result result, PrintStream out) {
        out.println();
        out.println("== " + result.name + " — " + result.description);
        int cw = Math.max(10, result.series.values().stream().mapToInt(s -> s.contender.length()).max().orElse(10));
        int mw = Math.max(6, result.series.values().stream().mapToInt(s -> (s.metric + " (" + s.unit + ")").length())
                .max().orElse(6));
        String row = "%-" + cw + "s  %-" + mw + "s  %13s  %11s  %13s  %13s  %3s%n";
        out.printf(Locale.ROOT, row, "contender", "metric", "median (p50)", "p90", "min", "max", "n");
        out.println("-".repeat(cw + mw + 4 * 15 + 13));
        for (Series s : result.ordered()) {
            out.printf(Locale.ROOT, row, s.contender, s.metric + " (" + s.unit + ")", format(s.median()),
                    dash(s.p90()), format(s.min()), format(s.max()), s.values.size());
        }
        for (Ratio r : result.ratios) {
            out.printf(Locale.ROOT, "ratio  %-40s %s   (%s ÷ %s, medians)%n", r.label, format(r.value), r.numerator,
                    r.denominator);
        }
        result.facts.forEach((k, v) -> out.printf(Locale.ROOT, "check  %s = %s%n", k, v));
        result.notes.forEach(n -> out.println("note   " + n));
        out.flush();
    }

    /** Writes results.json and results.md for every result of this run. */
    public static void write(List<Result> results, Path dir, Duration took) {
        try {
            Files.createDirectories(dir);
            String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            Map<String, Object> machine = machine();
            try (OutputStream file = Files.newOutputStream(dir.resolve("results.json"));
                 JsonGenerator json = Json.FACTORY.createGenerator(file)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("date", date);
                json.writeNumberField("seconds", took.toMillis() / 1000.0);
                json.writeObjectFieldStart("machine");
                for (Map.Entry<String, Object> e : machine.entrySet()) {
                    json.writeFieldName(e.getKey());
                    writeValue(json, e.getValue());
                }
                json.writeEndObject();
                json.writeArrayFieldStart("benchmarks");
                for (Result r : results) {
                    writeJson(json, r);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            Files.writeString(dir.resolve("results.md"), markdown(results, date, machine), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJson(JsonGenerator json, Result r) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", r.name);
        json.writeStringField("description", r.description);
        json.writeArrayFieldStart("series");
        for (Series s : r.ordered()) {
            json.writeStartObject();
            json.writeStringField("contender", s.contender);
            json.writeStringField("metric", s.metric);
            json.writeStringField("unit", s.unit);
            json.writeNumberField("n", s.values.size());
            json.writeNumberField("median", s.median());
            if (!Double.isNaN(s.p90())) {
                json.writeNumberField("p90", s.p90());
            }
            json.writeNumberField("min", s.min());
            json.writeNumberField("max", s.max());
            if (s.values.size() <= 50) {
                json.writeArrayFieldStart("values");
                for (double v : s.values) {
                    json.writeNumber(v);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("ratios");
        for (Ratio ratio : r.ratios) {
            json.writeStartObject();
            json.writeStringField("label", ratio.label);
            json.writeStringField("numerator", ratio.numerator);
            json.writeStringField("denominator", ratio.denominator);
            json.writeNumberField("value", ratio.value);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("checks");
        for (Map.Entry<String, Object> e : r.facts.entrySet()) {
            json.writeFieldName(e.getKey());
            writeValue(json, e.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("notes");
        for (String n : r.notes) {
            json.writeString(n);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
            json.writeNumber(n.longValue());
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    static String markdown(List<Result> results, String date, Map<String, Object> machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Quire benchmarks\n\n");
        md.append("Run ").append(date).append(" on ").append(machine.get("cores")).append(" cores, ")
                .append(machine.get("os")).append(", Java ").append(machine.get("java")).append(", max heap ")
                .append(machine.get("maxHeapMiB")).append(" MiB.\n");
        for (Result r : results) {
            md.append("\n## ").append(r.name).append("\n\n").append(r.description).append("\n\n");
            md.append("| contender | metric | median (p50) | p90 | min | max | n |\n"
                    + "|---|---|---:|---:|---:|---:|---:|\n");
            for (Series s : r.ordered()) {
                md.append("| ").append(s.contender).append(" | ").append(s.metric).append(" (").append(s.unit)
                        .append(") | ").append(format(s.median())).append(" | ").append(dash(s.p90()))
                        .append(" | ").append(format(s.min()))
                        .append(" | ").append(format(s.max())).append(" | ").append(s.values.size()).append(" |\n");
            }
            if (!r.ratios.isEmpty()) {
                md.append("\n| ratio (of medians) | value |\n|---|---:|\n");
                for (Ratio ratio : r.ratios) {
                    md.append("| ").append(ratio.label).append(" | ").append(format(ratio.value)).append(" |\n");
                }
            }
            if (!r.facts.isEmpty()) {
                md.append("\nVerified: ");
                List<String> parts = new ArrayList<>();
                r.facts.forEach((k, v) -> parts.add(k + " = " + v));
                md.append(String.join("; ", parts)).append(".\n");
            }
            for (String n : r.notes) {
                md.append("\n").append(n).append("\n");
            }
        }
        return md.toString();
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("rounds", rounds());
        m.put("warmups", warmups());
        return m;
    }

    /** Deletes a folder tree, best effort (benchmark temp folders). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            log("could not delete %s: %s", dir, e.getMessage());
        }
    }

    private Bench() {
    }
}
