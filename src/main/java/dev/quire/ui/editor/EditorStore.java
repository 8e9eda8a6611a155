package dev.quire.ui.editor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the editor tabs (their text, and the file each shows) and the recent files in an owner-only
 * file, so unsaved work comes back on the next start. Reads the earlier form, a list of texts.
 */
public final class EditorStore {

    private static final System.Logger LOG = System.getLogger(EditorStore.class.getName());

    private final Path file;
    private final Executor io;
    private final AtomicReference<EditorState> pending = new AtomicReference<>();

    public EditorStore(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** The tabs saved last time; empty when there are none or the file cannot be read. */
    public CompletableFuture<EditorState> load() {
        return CompletableFuture.supplyAsync(() -> {
            if (!Files.exists(file)) {
                return EditorState.empty();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(file.toFile());
                List<SavedTab> tabs = new ArrayList<>();
                node.path("tabs").forEach(tab -> tabs.add(tab.isTextual() ? SavedTab.of(tab.asText())
                        : new SavedTab(tab.path("text").asText(""), path(tab.path("path").asText(null)),
                        tab.path("modified").asBoolean(false))));
                List<Path> recent = new ArrayList<>();
                node.path("recent").forEach(entry -> {
                    Path path = path(entry.asText(null));
                    if (path != null && recent.size() < EditorState.RECENT) {
                        recent.add(path);
                    }
                });
                return new EditorState(tabs, recent);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not read the saved editor tabs " + file, e);
                return EditorState.empty();
            }
        }, io);
    }

    private static Path path(String text) {
        try {
            return text == null || text.isBlank() ? null : Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Saves in the background; when saves pile up only the newest is written. */
    public void save(EditorState state) {
        if (pending.getAndSet(state) == null) {
            io.execute(this::writePending);
        }
    }

    /** Writes now, on the caller's thread (at shutdown, off the FX thread). */
    public void saveNow(EditorState state) {
        pending.set(state);
        writePending();
    }

    private void writePending() {
        EditorState state = pending.getAndSet(null);
        if (state == null) {
            return;
        }
        try {
            OwnerOnlyFiles.write(file, Json.object(out -> {
                out.writeArrayFieldStart("tabs");
                for (SavedTab tab : state.tabs()) {
                    if (tab.path() == null) {
                        out.writeString(tab.text());
                    } else {
                        out.writeStartObject();
                        out.writeStringField("text", tab.text());
                        out.writeStringField("path", tab.path().toString());
                        out.writeBooleanField("modified", tab.modified());
                        out.writeEndObject();
                    }
                }
                out.writeEndArray();
                out.writeArrayFieldStart("recent");
                for (Path path : state.recent()) {
                    out.writeString(path.toString());
                }
                out.writeEndArray();
            }));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not save the editor tabs to " + file, e);
        }
    }
}
