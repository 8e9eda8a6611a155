package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Connections;
import dev.quire.client.Secrets;
import dev.quire.local.server.LocalFixture;
import dev.quire.service.ConnectionManager;
import dev.quire.service.ProfileStore;
import dev.quire.service.SpillStore;
import dev.quire.service.history.HistoryService;
import dev.quire.service.history.HistoryStore;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The window with the user's connections and history, against a real local server, each test
 * watched by the FX watchdog and failed by an exception reaching the FX thread's uncaught handler.
 */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
abstract class WindowWithConnections {

    @TempDir
    static Path dir;
    static LocalFixture local;
    ConnectionManager manager;
    HistoryService history;
    SpillStore store;
    WorkbenchView view;
    FxWatchdog watchdog;

    @BeforeAll
    static void startServer() throws Exception {
        local = LocalFixture.start(dir.resolve("server"));
    }

    @AfterAll
    static void stopServer() {
        local.close();
    }

    /**
     * Opens the window with connections.json and history.jsonl in the given folder; a subclass calls
     * it from its own @Start (TestFX reads only the class's own).
     */
    void open(Stage stage, Path folder) throws Exception {
        manager = new ConnectionManager(ProfileStore.open(folder.resolve(ProfileStore.FILE_NAME)),
                new Connections.LocalEndpoint(local.endpoint(), local.region(), local.credentials(),
                        local.dremioToken()), secrets());
        history = new HistoryService(HistoryStore.open(folder.resolve("history.jsonl")));
        WorkbenchModel model = QuireApp.newModel();
        view = new WorkbenchView(model);
        stage.setScene(QuireApp.scene(view));
        stage.sizeToScene();
        stage.show();
        store = SpillStore.open(SpillStore.Options.defaults(folder.resolve("cache-" + System.nanoTime())));
        model.useConnections(manager, history, store);
    }

    /** Where the connections' Dremio secrets are found. */
    Secrets secrets() {
        return Secrets.system(null);
    }

    /** What a test class uses once before the watchdog starts, so that first use is not counted as a stall. */
    void warmUp(FxRobot robot) throws Exception {
    }

    @BeforeEach
    void watch(FxRobot robot) throws Exception {
        warmUp(robot);
        watchdog = FxWatchdog.afterWarmUp(robot, view.getScene());
    }

    @AfterEach
    void stop() {
        watchdog.close();
        manager.close();
        history.close();
        store.close();
        System.out.println("longest FX thread stall: " + watchdog.worstMillis() + " ms");
        assertTrue(watchdog.worstMillis() <= FxWatchdog.LIMIT_MILLIS,
                "the FX thread was blocked for " + watchdog.worstMillis() + " ms; it was at\n" + watchdog.stallStack());
    }
}
