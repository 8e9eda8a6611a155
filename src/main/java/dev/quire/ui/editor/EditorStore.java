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

/** Keeps the editor tabs' text in an owner-only file, so unsaved work comes back on the next start. */
public final class EditorStore {

    private static final System.Logger LOG = System.getLogger(EditorStore.class.getName());

    private final Path file;
    private final Executor io;
    private final AtomicReference<List<String>> pending = new AtomicReference<>();

    public EditorStore(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** The tabs saved last time; empty when there are none or the file cannot be read. */
    public CompletableFuture<List<String>> load() {
        return CompletableFuture.supplyAsync(() -> {
            if (!Files.exists(file)) {
                return List.of();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(file.toFile());
                List<String> texts = new ArrayList<>();
                node.path("tabs").forEach(tab -> texts.add(tab.asText()));
                return texts;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not read the saved editor tabs " + file, e);
                return List.of();
            }
        }, io);
    }

    /** Saves in the background; when saves pile up only the newest is written. */
    public void save(List<String> texts) {
        if (pending.getAndSet(List.copyOf(texts)) == null) {
            io.execute(this::writePending);
        }
    }

    /** Writes now, on the caller's thread (at shutdown, off the FX thread). */
    public void saveNow(List<String> texts) {
        pending.set(List.copyOf(texts));
        writePending();
    }

    private void writePending() {
        List<String> texts = pending.getAndSet(null);
        if (texts == null) {
            return;
        }
        try {
            OwnerOnlyFiles.write(file, Json.object(out -> {
                out.writeArrayFieldStart("tabs");
                for (String text : texts) {
                    out.writeString(text);
                }
                out.writeEndArray();
            }));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not save the editor tabs to " + file, e);
        }
    }
}
