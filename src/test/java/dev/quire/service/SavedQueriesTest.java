package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.SavedQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedQueriesTest {

    @TempDir
    Path dir;
    final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private static SavedQuery query(String name, String folder, String sql, String connection) {
        return new SavedQuery(name, folder, sql, connection, Instant.parse("2026-12-03T06:30:00Z"));
    }

    private static List<String> names(List<SavedQuery> list) {
        return list.stream().map(q -> q.folder() + "/" + q.name()).toList();
    }

    @Test
    void savedQueriesAreKeptByFolderAndNameAcrossStoresOwnerOnly() throws Exception {
        Path file = dir.resolve("config/saved-queries.json");
        SavedQueries store = new SavedQueries(file, io);
        store.save(query("Busy zones", "Taxi", "select zone, count(*) from taxi.trips group by 1", "Local engine"))
                .get(10, TimeUnit.SECONDS);
        store.save(query("Orders", "", "select * from tpch.orders", null)).get(10, TimeUnit.SECONDS);
        List<SavedQuery> after = store.save(query("busy ZONES", "taxi", "select 2", "Athena")).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("/Orders", "taxi/busy ZONES"), names(after), "the same name in the same folder is replaced");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<SavedQuery> read = new SavedQueries(file, io).all().get(10, TimeUnit.SECONDS);
        assertEquals(after, read);
        assertEquals(List.of("/Orders"), names(new SavedQueries(file, io).delete(read.get(1)).get(10, TimeUnit.SECONDS)));
    }

    @Test
    void searchMatchesEveryWordInNameFolderSqlOrConnection() {
        SavedQuery q = query("Busy zones", "Taxi", "select zone from taxi.trips", "Local engine (Athena API)");
        assertTrue(q.matches("busy athena"));
        assertTrue(q.matches("  TRIPS "));
        assertTrue(!q.matches("busy orders"));
    }

    @Test
    void aBadQueryOrFileIsRefusedWithAReasonAndTheFileLeftAsItIs() throws Exception {
        Path file = dir.resolve("saved-queries.json");
        SavedQueries store = new SavedQueries(file, io);
        ExecutionException noName = assertThrows(ExecutionException.class,
                () -> store.save(query(" ", "", "select 1", null)).get(10, TimeUnit.SECONDS));
        assertEquals("Enter a name.", noName.getCause().getMessage());
        String newer = "{\"version\":2,\"queries\":[]}";
        Files.writeString(file, newer);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> store.save(query("x", "", "select 1", null)).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("written by a newer Quire (version 2)"),
                refused.getCause().getMessage());
        assertEquals(newer, Files.readString(file));
        Files.writeString(file, "{\"version\":1,\"queries\":[");
        ExecutionException broken = assertThrows(ExecutionException.class, () -> store.all().get(10, TimeUnit.SECONDS));
        assertTrue(broken.getCause().getMessage().startsWith("The saved queries in " + file + " cannot be read"),
                broken.getCause().getMessage());
    }
}
