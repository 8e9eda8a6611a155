package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutStoreTest {

    @TempDir
    Path dir;

    @Test
    void thePlaceComesBackAfterARestart() throws Exception {
        Path file = dir.resolve("config/layout.properties");
        new LayoutStore(file, Runnable::run).save(WorkbenchView.HistoryPlace.BOTTOM).get(10, TimeUnit.SECONDS);
        assertEquals(WorkbenchView.HistoryPlace.BOTTOM, new LayoutStore(file, Runnable::run).load().get());
    }

    @Test
    void nothingSavedOrAnUnreadableFileMeansOnTheRight() throws Exception {
        Path file = dir.resolve("layout.properties");
        assertEquals(WorkbenchView.HistoryPlace.RIGHT, new LayoutStore(file, Runnable::run).load().get());
        Files.writeString(file, "history=SIDEWAYS\n");
        assertEquals(WorkbenchView.HistoryPlace.RIGHT, new LayoutStore(file, Runnable::run).load().get());
        Files.write(file, new byte[] {'h', 'i', 's', 't', 'o', 'r', 'y', '=', '\\', 'u', '0', '0'});
        assertEquals(WorkbenchView.HistoryPlace.RIGHT, new LayoutStore(file, Runnable::run).load().get());
    }
}
