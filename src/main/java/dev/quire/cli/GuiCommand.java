package dev.quire.cli;

import dev.quire.client.Connections;
import dev.quire.client.Secrets;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import dev.quire.model.Settings;
import dev.quire.service.ConnectionManager;
import dev.quire.service.ProfileFileException;
import dev.quire.service.ProfileStore;
import dev.quire.service.history.HistoryService;
import dev.quire.service.history.HistoryStore;
import dev.quire.service.SpillStore;
import dev.quire.ui.QuireApp;
import dev.quire.ui.WorkbenchModel;
import dev.quire.ui.connection.SecretPrompt;
import dev.quire.ui.common.Fx;
import dev.quire.ui.LayoutStore;
import dev.quire.ui.SettingsStore;
import dev.quire.ui.Themes;
import dev.quire.ui.WindowLayout;
import dev.quire.ui.editor.EditorStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Opens the window at once and starts the local engine and the spill store behind it. */
final class GuiCommand implements QuireApp.Starter {

    private final AppDirs dirs;
    private final boolean sampleData;
    private final List<Path> files;
    private final ExecutorService startup = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quire-startup");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quire-io");
        t.setDaemon(true);
        return t;
    });
    private final EditorStore editorStore;
    private final dev.quire.service.SavedQueries savedQueries;
    private final LayoutStore layoutStore;
    private final WindowLayout initialLayout;
    private final SettingsStore settingsStore;
    private final Settings initialSettings;
    private final CompletableFuture<Boolean> desktopDark;
    private volatile CompletableFuture<Opened> backend;

    /** What the window runs on: the local engine, the user's connections and the history. */
    private record Opened(LocalRuntime runtime, ConnectionManager connections, HistoryService history,
                          SpillStore results) implements AutoCloseable {
        @Override
        public void close() {
            connections.close();
            history.close();
            results.close();
            runtime.close();
        }
    }

    GuiCommand(AppDirs dirs, boolean sampleData, List<Path> files) {
        this.dirs = dirs;
        this.sampleData = sampleData;
        this.files = files;
        this.editorStore = new EditorStore(dirs.data().resolve("editor-tabs.json"), io);
        this.savedQueries = new dev.quire.service.SavedQueries(dirs.config().resolve("saved-queries.json"), io);
        this.layoutStore = new LayoutStore(dirs.config().resolve("layout.properties"), io);
        this.initialLayout = layoutStore.read();
        this.settingsStore = new SettingsStore(dirs.config().resolve("settings.properties"), io);
        this.initialSettings = settingsStore.read();
        this.desktopDark = initialSettings.theme() == Settings.Theme.SYSTEM ? Themes.desktopPrefersDark()
                : CompletableFuture.completedFuture(false);
    }

    @Override
    public SettingsStore settingsStore() {
        return settingsStore;
    }

    @Override
    public Settings initialSettings() {
        return initialSettings;
    }

    @Override
    public CompletableFuture<Boolean> desktopPrefersDark() {
        return desktopDark;
    }

    @Override
    public WindowLayout initialLayout() {
        return initialLayout;
    }

    @Override
    public dev.quire.service.SavedQueries savedQueries() {
        return savedQueries;
    }

    @Override
    public EditorStore editorStore() {
        return editorStore;
    }

    @Override
    public LayoutStore layoutStore() {
        return layoutStore;
    }

    @Override
    public List<Path> files() {
        return files;
    }

    static int run(AppDirs dirs, Args args) {
        List<Path> files = files(args.positional());
        QuireApp.launch(new GuiCommand(dirs, !args.flag("no-sample-data"), files));
        return 0;
    }

    /**
     * The files to open from the command line's words, as absolute paths. A word that names no file and
     * does not look like a file name (no dot, no folder) is taken for a mistyped command.
     */
    static List<Path> files(List<String> words) {
        List<Path> files = new ArrayList<>();
        for (String word : words) {
            Path path;
            try {
                path = Path.of(word);
            } catch (InvalidPathException e) {
                throw new Args.UsageException("'" + word + "' is not a file name");
            }
            boolean looksLikeFile = word.contains(".") || word.contains("/") || word.contains(File.separator);
            if (!looksLikeFile && !Files.exists(path)) {
                throw new Args.UsageException("unknown command '" + word + "'");
            }
            files.add(path.toAbsolutePath().normalize());
        }
        return List.copyOf(files);
    }

    @Override
    public void start(WorkbenchModel model) {
        backend = CompletableFuture.supplyAsync(() -> {
            LocalRuntime runtime = null;
            try {
                LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                        .withSampleData(sampleData).withResultsBudget(initialSettings.resultsBudgetBytes());
                runtime = LocalRuntime.open(options, 0,
                        (fraction, label) -> Fx.THREAD.execute(() -> model.startupProgress(fraction, label)));
                var endpoint = new Connections.LocalEndpoint(runtime.endpoint(), runtime.region(),
                        runtime.credentials(), runtime.dremioToken());
                ConnectionManager connections = new ConnectionManager(ProfileStore.open(dirs), endpoint,
                        Secrets.system(new SecretPrompt()));
                HistoryService history = new HistoryService(HistoryStore.open(dirs));
                SpillStore results = SpillStore.open(SpillStore.Options.defaults(dirs.cache()));
                return new Opened(runtime, connections, history, results);
            } catch (Exception e) {
                if (runtime != null) {
                    runtime.close();
                }
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, startup);
        backend.whenCompleteAsync((opened, failure) -> {
            if (failure != null && causedBy(failure, ProfileFileException.class)) {
                model.failed("The saved connections could not be read", failure);
            } else if (failure != null) {
                model.startupFailed(failure);
            } else {
                model.useConnections(opened.connections(), opened.history(), opened.results());
            }
        }, Fx.THREAD);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Saves the tabs and closes the backend on a non-daemon thread, so the FX thread never waits. */
    @Override
    public void stop(dev.quire.ui.editor.EditorState openTabs) {
        CompletableFuture<Opened> opened = backend;
        Thread closer = new Thread(() -> {
            io.shutdown();
            try {
                io.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            editorStore.saveNow(openTabs);
            if (opened != null) {
                opened.thenAccept(Opened::close).exceptionally(e -> null).join();
            }
            startup.shutdownNow();
        }, "quire-shutdown");
        closer.setDaemon(false);
        closer.start();
    }
}
