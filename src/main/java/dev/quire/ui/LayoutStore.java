package dev.quire.ui;

import dev.quire.aws.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Keeps the window's layout (where the history pane sits) between starts, read and written off the FX thread. */
public final class LayoutStore {

    private static final System.Logger LOG = System.getLogger(LayoutStore.class.getName());
    private static final String HISTORY = "history";

    private final Path file;
    private final Executor io;

    public LayoutStore(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** The place saved last time; on the right when nothing (readable) was saved. */
    public CompletableFuture<WorkbenchView.HistoryPlace> load() {
        return CompletableFuture.supplyAsync(() -> {
            if (!Files.exists(file)) {
                return WorkbenchView.HistoryPlace.RIGHT;
            }
            Properties saved = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                saved.load(in);
                return WorkbenchView.HistoryPlace.valueOf(saved.getProperty(HISTORY, "RIGHT"));
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "could not read the saved layout " + file + ": " + e.getMessage());
                return WorkbenchView.HistoryPlace.RIGHT;
            }
        }, io);
    }

    /** Saves in the background. */
    public CompletableFuture<Void> save(WorkbenchView.HistoryPlace place) {
        return CompletableFuture.runAsync(() -> {
            Properties layout = new Properties();
            layout.setProperty(HISTORY, place.name());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                layout.store(bytes, "Quire window layout");
                OwnerOnlyFiles.write(file, bytes.toByteArray());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not save the layout to " + file, e);
            }
        }, io);
    }
}
