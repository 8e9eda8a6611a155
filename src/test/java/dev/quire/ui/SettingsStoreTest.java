package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings kept in settings.properties: read back as saved; a bad value falls back alone. */
class SettingsStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedSettingsReadBackAndBadValuesFallBackAlone() throws Exception {
        Path file = dir.resolve("config/settings.properties");
        SettingsStore store = new SettingsStore(file, Runnable::run);
        assertEquals(Settings.DEFAULT, store.read(), "nothing saved yet");
        Settings mine = new Settings(Settings.Theme.DARK, 16, false, 1L << 30);
        store.save(mine).get(10, TimeUnit.SECONDS);
        assertEquals(mine, store.read());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Files.writeString(file, "theme=purple\neditor.font.size=huge\neditor.complete.on.dot=false\n"
                + "results.budget=500m\n");
        assertEquals(new Settings(Settings.Theme.SYSTEM, 13, false, 500L << 20), store.read());
        Files.writeString(file, "editor.font.size=400\nresults.budget=1k\n");
        Settings clamped = store.read();
        assertEquals(Settings.MAX_FONT_SIZE, clamped.editorFontSize());
        assertEquals(Settings.MIN_RESULTS_BUDGET, clamped.resultsBudgetBytes());
    }
}
