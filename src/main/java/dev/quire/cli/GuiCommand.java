package dev.quire.cli;

import dev.quire.model.AppDirs;
import dev.quire.service.ResultStore;
import dev.quire.ui.QuireApp;
import dev.quire.ui.WorkbenchModel;
import dev.quire.ui.common.Fx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Opens the window at once and starts the local engine and the result store behind it. */
final class GuiCommand implements QuireApp.Starter {

    private final AppDirs dirs;
    private final boolean sampleData;
    private final ExecutorService startup = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quire-startup");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<LocalBackend> backend;
    private volatile ResultStore results;

    private GuiCommand(AppDirs dirs, boolean sampleData) {
        this.dirs = dirs;
        this.sampleData = sampleData;
    }

    static int run(AppDirs dirs, Args args) {
        QuireApp.launch(new GuiCommand(dirs, !args.flag("no-sample-data")));
        return 0;
    }

    @Override
    public void start(WorkbenchModel model) {
        backend = CompletableFuture.supplyAsync(() -> {
            try {
                results = ResultStore.open(ResultStore.Options.defaults(dirs.cache()));
                return LocalBackend.open(dirs, 0, sampleData,
                        (fraction, label) -> Fx.THREAD.execute(() -> model.startupProgress(fraction, label)));
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, startup);
        backend.whenCompleteAsync((opened, failure) -> {
            if (failure != null) {
                model.startupFailed(failure);
            } else {
                model.connected(opened.service(), opened.description());
            }
        }, Fx.THREAD);
    }

    /** Closes the backend and the result store on a non-daemon thread so the FX thread never waits for them. */
    @Override
    public void stop() {
        CompletableFuture<LocalBackend> opened = backend;
        Thread closer = new Thread(() -> {
            if (opened != null) {
                opened.thenAccept(LocalBackend::close).exceptionally(e -> null).join();
            }
            ResultStore store = results;
            if (store != null) {
                store.close();
            }
            startup.shutdownNow();
        }, "quire-shutdown");
        closer.setDaemon(false);
        closer.start();
    }
}
