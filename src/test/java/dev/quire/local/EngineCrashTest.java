package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine in a child process, killed (SIGKILL) at random points while it runs INSERTs, then
 * started again in this one and checked against what DuckDB holds: every piece reported FINISHED
 * is in the table, none reported ABORTED or failed is there unless its error says "unknown", no
 * value is there twice, and every end a client was told reads the same after the crash.
 */
class EngineCrashTest {

    private static final Pattern VALUE = Pattern.compile("insert into crash_rows select (\\d+),");
    private static final int ROUNDS = 8;
    private static final long VALUES_PER_ROUND = 1_000_000;

    @TempDir
    Path dir;

    /** What each piece was found to be, once checked: finished, never ran, unknown. */
    private final Map<String, String> found = new HashMap<>();
    private int seenChecked;

    @Test
    void killedAtRandomPointsItReportsOnlyWhatItKnows() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> seen = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(round, random, seen);
            check(seen, "seed " + seed + ", round " + round);
        }
        Map<String, Long> tally = new java.util.TreeMap<>();
        found.values().forEach(what -> tally.merge(what, 1L, Long::sum));
        System.out.printf("crash test (seed %d): %d kills, %d pieces checked against the table %s; %d checks that "
                + "an end a client saw reads the same after the crash%n", seed, ROUNDS, found.size(), tally, seenChecked);
        assertTrue(tally.containsKey("never ran") || tally.containsKey("unknown"),
                "the kills landed while statements ran or waited");
    }

    private void runAndKill(int round, Random random, Map<String, String> seen) throws Exception {
        Path log = dir.resolve("child-" + round + ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                dir.resolve("data").toString(), String.valueOf(1 + round * VALUES_PER_ROUND),
                String.valueOf(random.nextLong()))
                .redirectError(log.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error " + e);
            }
            lines.add("eof");
        }, "crash-child-reader");
        reader.start();
        try {
            assertEquals("ready", lines.poll(60, TimeUnit.SECONDS), () -> read(log));
            int wanted = random.nextInt(60);
            for (int told = 0; told < wanted; told++) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(line, "the child went quiet");
                remember(line, seen);
            }
        } finally {
            // SIGKILL through the handle, which leaves the pipe open: what the child said before it died is read
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not die");
        }
        reader.join(TimeUnit.SECONDS.toMillis(60));
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            remember(line, seen);
        }
    }

    private static void remember(String line, Map<String, String> seen) {
        String[] words = line.split(" ");
        if (words[0].equals("seen")) {
            seen.put(words[1], words[2]);
        } else if (!words[0].equals("eof") && !words[0].equals("done")) {
            fail("the child said: " + line);
        }
    }

    private void check(Map<String, String> seen, String where) throws Exception {
        Path data = dir.resolve("data");
        try (LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(data).withSampleData(false),
                SampleData.Progress.NONE)) {
            Map<Long, Long> counts = new HashMap<>();
            try (Connection c = engine.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("select v, count(*) from crash_rows group by v")) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getLong(2));
                }
            }
            counts.forEach((v, n) -> assertEquals(1L, n, where + ": value " + v + " was inserted " + n + " times"));
            Map<String, StatementSnapshot> byId = new HashMap<>();
            for (StatementSnapshot s : engine.statements(CrashChild.OWNER)) {
                assertTrue(s.isFinal(), where + ": " + s.id() + " is " + s.status());
                byId.put(s.id(), s);
                s.subStatements().forEach(sub -> byId.put(sub.id(), sub));
                if (!s.sql().startsWith("create")) {
                    checkAgainstTable(s, counts, where);
                }
            }
            for (Map.Entry<String, String> told : seen.entrySet()) {
                StatementSnapshot now = byId.get(told.getKey());
                assertNotNull(now, where + ": " + told.getKey() + " was told " + told.getValue() + " and is gone");
                assertEquals(told.getValue(), now.status().name(), where + ": " + told.getKey() + " " + now.error());
                seenChecked++;
            }
        }
        try (Stream<Path> left = Stream.concat(Files.list(data.resolve("results")),
                Files.list(data.resolve("statements")))) {
            List<Path> halfWritten = left.filter(p -> p.toString().endsWith(".partial") || p.toString().endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), halfWritten, where + ": what the crash left half-written is removed");
        }
    }

    private void checkAgainstTable(StatementSnapshot s, Map<Long, Long> counts, String where) {
        List<StatementSnapshot> units = s.isBatch() ? s.subStatements() : List.of(s);
        if (s.isBatch() && s.request().executionMode() == Submission.ExecutionMode.TRANSACTION) {
            // all or nothing, as the batch's own status says
            long present = units.stream().filter(u -> counts.containsKey(valueOf(u))).count();
            String what = where + ": transaction " + s.id() + " " + s.status() + " (" + s.error() + ") has "
                    + present + " of " + units.size();
            assertTrue(present == 0 || present == units.size(), what);
            String outcome;
            if (isUnknown(s)) {
                outcome = "unknown";
            } else if (s.status() == Phase.FINISHED) {
                assertEquals(units.size(), present, what);
                outcome = "finished";
            } else {
                assertEquals(Phase.CANCELLED, s.status(), what + ": these INSERTs fail only by a crash");
                assertEquals(0, present, what);
                outcome = "never ran";
            }
            units.forEach(u -> found.put(u.id(), outcome));
            return;
        }
        for (StatementSnapshot unit : units) {
            boolean present = counts.containsKey(valueOf(unit));
            String what = where + ": " + unit.id() + " " + unit.status() + " (" + unit.error() + ")";
            if (isUnknown(unit)) {
                found.put(unit.id(), "unknown");
            } else if (unit.status() == Phase.FINISHED) {
                assertTrue(present, what + " is not in the table");
                found.put(unit.id(), "finished");
            } else {
                assertEquals(Phase.CANCELLED, unit.status(), what + ": these INSERTs fail only by a crash");
                assertTrue(!present, what + " is in the table");
                found.put(unit.id(), "never ran");
            }
        }
    }

    private static boolean isUnknown(StatementSnapshot s) {
        return s.status() == Phase.FAILED && s.error() != null && s.error().startsWith("unknown:");
    }

    private static long valueOf(StatementSnapshot unit) {
        Matcher m = VALUE.matcher(unit.sql());
        assertTrue(m.find(), unit.sql());
        return Long.parseLong(m.group(1));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
