package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutStoreTest {

    @TempDir
    Path dir;

    @Test
    void theLayoutComesBackAfterARestart() throws Exception {
        Path file = dir.resolve("config/layout.properties");
        WindowLayout layout = new WindowLayout(WorkbenchView.HistoryPlace.BOTTOM, -1200, 45.5, 1500, 900, true,
                List.of(0.18), List.of(0.4, 0.72));
        new LayoutStore(file, Runnable::run).save(layout).get(10, TimeUnit.SECONDS);
        assertEquals(layout, new LayoutStore(file, Runnable::run).read());
    }

    @Test
    void nothingSavedMeansTheFirstStartsLayout() {
        WindowLayout first = new LayoutStore(dir.resolve("layout.properties"), Runnable::run).read();
        assertEquals(WindowLayout.defaults(), first);
        assertEquals(1280, first.width());
        assertEquals(800, first.height());
        assertEquals(false, first.placed(), "centred");
    }

    @Test
    void aValueThatCannotBeReadFallsBackAloneAndTheRestStillCounts() throws Exception {
        Path file = dir.resolve("layout.properties");
        Files.writeString(file, "history=SIDEWAYS\nwindow.x=12\nwindow.y=abc\nwindow.width=1000\nwindow.height=700\n"
                + "split.sides=0.5,0.2\nsplit.middle=0.3\n");
        WindowLayout read = new LayoutStore(file, Runnable::run).read();
        assertEquals(WorkbenchView.HistoryPlace.RIGHT, read.history());
        assertEquals(false, read.placed(), "no y: centred");
        assertEquals(1000, read.width());
        assertEquals(List.of(), read.sides(), "dividers out of order are not kept");
        assertEquals(List.of(0.3), read.middle());

        Files.writeString(file, "window.width=50\nwindow.height=20000000\n");
        assertEquals(1280, new LayoutStore(file, Runnable::run).read().width(), "a window too small to use");
        Files.write(file, new byte[] {'h', 'i', 's', 't', 'o', 'r', 'y', '=', '\\', 'u', '0', '0'});
        assertEquals(WindowLayout.defaults(), new LayoutStore(file, Runnable::run).read());
    }
}
