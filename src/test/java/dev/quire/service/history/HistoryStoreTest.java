package dev.quire.service.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.AppDirs;
import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(HistoryStore.FILE_NAME);
    }

    private static List<HistoryEntry> all(HistoryStore store) throws IOException {
        return store.search(HistoryQuery.all().page(0, Integer.MAX_VALUE)).items();
    }

    /** Decodes every line after the header, failing on any that is not a whole entry. */
    private static List<HistoryEntry> decodeLines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, HistoryCodec.version(lines.get(0).getBytes(StandardCharsets.UTF_8), 0, lines.get(0).length()));
        List<HistoryEntry> entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            entries.add(HistoryCodec.decode(bytes, 0, bytes.length, UnaryOperator.identity()));
        }
        return entries;
    }

    @Test
    void statusesWrittenInRedshiftsWordsReadAsTheNeutralOnes() throws Exception {
        java.util.Map<String, RunState> written = java.util.Map.of("SUBMITTED", RunState.QUEUED,
                "PICKED", RunState.QUEUED, "STARTED", RunState.RUNNING, "FINISHED", RunState.FINISHED,
                "FAILED", RunState.FAILED, "ABORTED", RunState.CANCELLED, "CANCELLED", RunState.CANCELLED);
        for (var status : written.entrySet()) {
            byte[] line = ("{\"id\":\"e1\",\"connection\":\"Local engine\",\"sqls\":[\"select 1\"],"
                    + "\"status\":\"" + status.getKey() + "\",\"submittedAt\":\"2024-05-01T10:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals(status.getValue(), HistoryCodec.decode(line, 0, line.length, UnaryOperator.identity())
                    .status(), status.getKey());
        }
        HistoryEntry cancelled = Entries.with(Entries.finished("Local engine", "select 2", 0), null,
                RunState.CANCELLED, null);
        byte[] encoded = HistoryCodec.encode(cancelled);
        assertEquals(cancelled, HistoryCodec.decode(encoded, 0, encoded.length - 1, UnaryOperator.identity()));
    }

    @Test
    void entriesSurviveReopeningAndAnUpdateKeepsOneEntry() throws Exception {
        HistoryEntry first = Entries.finished("Local engine", "select 1", 0);
        HistoryEntry second = Entries.finished("Prod", "select 1,\n  'ünïcode \"quoted\"'", 1);
        try (HistoryStore store = HistoryStore.open(AppDirs.under(dir))) {
            assertEquals(dir.resolve("data").toRealPath().resolve(HistoryStore.FILE_NAME), store.file());
            store.save(first);
            store.save(second);
            store.save(Entries.with(second, "nightly", RunState.FAILED, "boom"));
        }
        try (HistoryStore reopened = HistoryStore.open(AppDirs.under(dir))) {
            List<HistoryEntry> entries = all(reopened);
            assertEquals(2, entries.size());
            assertEquals(Entries.with(second, "nightly", RunState.FAILED, "boom"), entries.get(0));
            assertEquals(first, entries.get(1));
        }
    }

    @Test
    void tornLastLineIsSkippedAndLaterAppendsWork() throws Exception {
        HistoryEntry kept = Entries.finished("Local engine", "select 'kept'", 0);
        try (HistoryStore store = HistoryStore.open(file())) {
            store.save(kept);
        }
        byte[] whole = HistoryCodec.encode(Entries.finished("Local engine", "select 'torn'", 1));
        Files.write(file(), Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

        HistoryEntry later = Entries.finished("Local engine", "select 'later'", 2);
        try (HistoryStore store = HistoryStore.open(file())) {
            assertEquals(List.of(kept), all(store));
            store.save(later);
            assertEquals(List.of(later, kept), all(store));
        }
        try (HistoryStore reopened = HistoryStore.open(file())) {
            assertEquals(List.of(later, kept), all(reopened));
        }
        List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), "header, kept, the torn line closed by a newline, later");
        byte[] torn = lines.get(2).getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> HistoryCodec.decode(torn, 0, torn.length, UnaryOperator.identity()));
    }

    @Test
    void aFileTornWhileItsHeaderWasWrittenStillTakesEntries() throws Exception {
        Files.createDirectories(dir);
        Files.write(file(), "{\"quireHist".getBytes(StandardCharsets.UTF_8));
        HistoryEntry entry = Entries.finished("Local engine", "select 1", 0);
        try (HistoryStore store = HistoryStore.open(file())) {
            assertEquals(0, store.size());
            store.save(entry);
            assertEquals(List.of(entry), all(store));
        }
        try (HistoryStore reopened = HistoryStore.open(file())) {
            assertEquals(List.of(entry), all(reopened));
        }
    }

    @Test
    void aFileFromANewerQuireIsRefused() throws Exception {
        Files.writeString(file(), "{\"quireHistory\":2,\"generation\":\"x\"}\n");
        IOException e = assertThrows(IOException.class, () -> HistoryStore.open(file()));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
    }

    @Test
    void aSecondInstanceSeesTheFirstOnesEntriesAndUpdates() throws Exception {
        try (HistoryStore one = HistoryStore.open(file()); HistoryStore two = HistoryStore.open(file())) {
            HistoryEntry entry = Entries.finished("Local engine", "select 1", 0);
            HistoryEntry submitted = entry.withStatus(RunState.QUEUED, null, null, null);
            one.save(submitted);
            assertEquals(List.of(submitted), all(two));
            two.save(entry);
            assertEquals(List.of(entry), all(one));
            assertEquals(entry, one.get(entry.id()).orElseThrow());
        }
    }

    @Test
    void concurrentAppendsFromTwoThreadsAllArrive() throws Exception {
        int each = 150;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (HistoryStore one = HistoryStore.open(file()); HistoryStore two = HistoryStore.open(file())) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (HistoryStore store : List.of(one, two)) {
                String connection = store == one ? "one" : "two";
                writers.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            store.save(Entries.finished(connection, "select " + i, i));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            start.countDown();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertEquals(2 * each, one.size());
            assertEquals(2 * each, two.size());
        } finally {
            threads.shutdownNow();
        }
        assertIntact(2 * each, Set.of("one", "two"));
    }

    @Test
    void concurrentAppendsFromTwoProcessesAllArrive() throws Exception {
        int each = 150;
        Files.createDirectories(dir);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HistoryAppender.class.getName(), file().toString(),
                String.valueOf(each), "child")
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        try (HistoryStore parent = HistoryStore.open(file());
             BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                     StandardCharsets.UTF_8));
             Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("ready", childOut.readLine(), () -> read(dir.resolve("child.err")));
            childIn.write("go\n");
            childIn.flush();
            for (int i = 0; i < each; i++) {
                parent.save(Entries.finished("parent", "select " + i + " as appended_by_parent", i));
            }
            assertEquals("done", childOut.readLine(), () -> read(dir.resolve("child.err")));
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
            assertEquals(0, child.exitValue(), () -> read(dir.resolve("child.err")));
            assertEquals(2 * each, parent.size());
        } finally {
            child.destroyForcibly();
        }
        assertIntact(2 * each, Set.of("parent", "child"));
    }

    /** A fresh instance and the raw lines both hold exactly the expected entries, none torn. */
    private void assertIntact(int expected, Set<String> connections) throws IOException {
        List<HistoryEntry> lines = decodeLines(file());
        assertEquals(expected, lines.size());
        assertEquals(expected, new HashSet<>(lines.stream().map(HistoryEntry::id).toList()).size());
        try (HistoryStore fresh = HistoryStore.open(file())) {
            List<HistoryEntry> entries = all(fresh);
            assertEquals(expected, entries.size());
            assertEquals(connections, new HashSet<>(entries.stream().map(HistoryEntry::connection).toList()));
            for (String connection : connections) {
                assertEquals(expected / connections.size(),
                        fresh.search(HistoryQuery.all().withConnection(connection)).total());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void searchMatchesEveryWordInAnyCaseNewestFirstByPage() throws Exception {
        try (HistoryStore store = HistoryStore.open(file())) {
            HistoryEntry orders = store.save(Entries.finished("Prod",
                    "SELECT * FROM shop.Orders WHERE year = 2024", 1));
            HistoryEntry named = store.save(Entries.with(
                    Entries.finished("Prod", "select count(*) from shop.orders", 2), "Daily ORDERS 2024",
                    RunState.FINISHED, null));
            HistoryEntry failed = store.save(Entries.with(
                    Entries.finished("Local engine", "select * from orders_2024", 3), null, RunState.FAILED,
                    "Catalog Error: Table with name orders_2024 does not exist"));
            HistoryEntry year = store.save(Entries.finished("Local engine", "select 2024", 4));
            HistoryEntry newest = store.save(Entries.finished("Local engine", "select 1", 5));

            assertEquals(List.of(failed, named, orders), store.search(HistoryQuery.of("  orders   2024 ")).items());
            assertEquals(List.of(failed), store.search(HistoryQuery.of("CATALOG does NOT exist")).items());
            assertEquals(List.of(named), store.search(HistoryQuery.of("daily")).items());
            assertEquals(List.of(named, orders), store.search(HistoryQuery.of("prod orders")).items());
            assertEquals(List.of(failed), store.search(HistoryQuery.of("orders")
                    .withStatuses(RunState.FAILED, RunState.CANCELLED)).items());
            assertEquals(List.of(year, failed), store.search(HistoryQuery.of("LOCAL engine 2024")).items());
            assertEquals(List.of(), store.search(HistoryQuery.of("orders nowhere")).items());

            HistoryPage<HistoryEntry> first = store.search(HistoryQuery.all().page(0, 2));
            assertEquals(List.of(newest, year), first.items());
            assertEquals(5, first.total());
            HistoryPage<HistoryEntry> last = store.search(HistoryQuery.all().page(0, 2).next().next());
            assertEquals(List.of(orders), last.items());
            assertEquals(5, last.total());
            assertEquals(List.of(), store.search(HistoryQuery.all().page(10, 2)).items());
            assertEquals(3, store.search(HistoryQuery.all().withConnection("Local engine")).total());
        }
    }

    @Test
    void entriesSubmittedOutOfOrderAreListedByTime() throws Exception {
        try (HistoryStore store = HistoryStore.open(file())) {
            HistoryEntry late = store.save(Entries.finished("a", "select 'late'", 10));
            HistoryEntry early = store.save(Entries.finished("a", "select 'early'", 1));
            HistoryEntry middle = store.save(Entries.finished("a", "select 'middle'", 5));
            assertEquals(List.of(late, middle, early), all(store));
            HistoryEntry moved = new HistoryEntry(early.id(), "a", null, early.sqls(), null, RunState.FINISHED,
                    early.submittedAt().plus(Duration.ofMinutes(20)), null, null, -1, null, false);
            store.save(moved);
            assertEquals(List.of(moved, late, middle), all(store));
        }
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        try (HistoryStore store = HistoryStore.open(file())) {
            store.save(Entries.finished("a", "select 1", 0));
            store.prune(Entries.START.minus(Duration.ofDays(1)));
        }
        for (Path f : List.of(file(), dir.resolve(HistoryStore.FILE_NAME + ".lock"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        HistoryStore.open(file()).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())),
                "opening tightens a file left readable by others");
    }

    @Test
    void pruneRemovesOldEntriesAndAnotherInstanceFollows() throws Exception {
        try (HistoryStore one = HistoryStore.open(file()); HistoryStore two = HistoryStore.open(file())) {
            for (int i = 0; i < 10; i++) {
                one.save(Entries.finished("a", "select " + i, i));
            }
            assertEquals(10, two.size());
            assertEquals(4, one.prune(Entries.START.plus(Duration.ofMinutes(4))));
            assertEquals(6, one.size());
            assertEquals(6, two.size(), "the other instance reloads the rewritten file");
            HistoryEntry after = two.save(Entries.finished("a", "select 'after prune'", 30));
            assertEquals(after, one.search(HistoryQuery.all()).items().get(0));
            assertEquals(7, decodeLines(file()).size());
        }
    }

    @Test
    void openingCompactsAFileOfManyUpdates() throws Exception {
        List<HistoryEntry> entries = new ArrayList<>();
        try (var out = Files.newOutputStream(file())) {
            out.write(HistoryCodec.header());
            for (int i = 0; i < 10; i++) {
                entries.add(Entries.finished("a", "select " + i, i));
            }
            for (int round = 0; round < 150; round++) {
                for (int i = 0; i < entries.size(); i++) {
                    entries.set(i, Entries.with(entries.get(i), "round " + round, RunState.FINISHED, null));
                    out.write(HistoryCodec.encode(entries.get(i)));
                }
            }
        }
        try (HistoryStore store = HistoryStore.open(file())) {
            assertEquals(10, decodeLines(file()).size());
            Collections.reverse(entries);
            assertEquals(entries, all(store));
        }
        assertFalse(Files.exists(dir.resolve(HistoryStore.FILE_NAME + ".tmp")));
    }
}
