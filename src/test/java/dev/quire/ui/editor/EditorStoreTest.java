package dev.quire.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditorStoreTest {

    @TempDir
    Path dir;
    final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void readsTheEarlierListOfTexts() throws Exception {
        Path file = dir.resolve("editor-tabs.json");
        Files.writeString(file, "{\"tabs\":[\"select 1\",\"select 2\"]}");
        EditorState state = new EditorStore(file, io).load().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(SavedTab.of("select 1"), SavedTab.of("select 2")), state.tabs());
        assertEquals(List.of(), state.recent());
    }

    @Test
    void keepsTabsWithTheirFilesAndChangesAndTheRecentFilesOwnerOnly() throws Exception {
        Path file = dir.resolve("editor-tabs.json");
        EditorState state = new EditorState(List.of(SavedTab.of("select 'scratch'"),
                new SavedTab("select 'changed'", dir.resolve("a.sql"), true),
                new SavedTab("select 'as saved'", dir.resolve("b.sql"), false)),
                List.of(dir.resolve("b.sql"), dir.resolve("a.sql")));
        new EditorStore(file, io).saveNow(state);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(state, new EditorStore(file, io).load().get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFileThatCannotBeReadGivesNoTabsInsteadOfFailing() throws Exception {
        Path file = dir.resolve("editor-tabs.json");
        Files.writeString(file, "{\"tabs\":[\"select 1\"");
        assertEquals(EditorState.empty(), new EditorStore(file, io).load().get(10, TimeUnit.SECONDS));
    }
}
