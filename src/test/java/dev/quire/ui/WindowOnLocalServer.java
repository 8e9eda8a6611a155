package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.RunState;
import dev.quire.service.QueryService;
import dev.quire.service.SpillStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * The window against a real local server and DuckDB, headless under Monocle, each test watched by
 * the FX watchdog (200 ms) and failed by an exception reaching the FX thread's uncaught handler.
 */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
abstract class WindowOnLocalServer {

    @TempDir
    static Path dir;
    static LocalBackend backend;
    static QueryService service;
    static SpillStore store;
    WorkbenchView view;
    FxWatchdog watchdog;

    @BeforeAll
    static void startServer() throws Exception {
        backend = LocalBackend.start(dir);
        service = backend.service();
        store = backend.store();
    }

    /** Runs setup statements on the server and waits until they have finished. */
    static void runScript(String sql) throws Exception {
        var setup = service.runScript(sql);
        assertEquals(RunState.FINISHED, setup.finished().get(60, TimeUnit.SECONDS).status());
    }

    @AfterAll
    static void stopServer() {
        backend.close();
    }

    /** Opens the window on the stage; a subclass calls it from its own @Start (TestFX reads only the class's own). */
    void open(Stage stage) {
        open(stage, service);
    }

    /** Opens the window on the stage, connected through the given service. */
    void open(Stage stage, QueryService on) {
        WorkbenchModel model = QuireApp.newModel();
        view = new WorkbenchView(model);
        stage.setScene(QuireApp.scene(view));
        stage.sizeToScene();
        stage.show();
        model.connected(on, "test server", store);
    }

    @BeforeEach
    void watch(FxRobot robot) {
        watchdog = FxWatchdog.afterWarmUp(robot, view.getScene());
    }

    @AfterEach
    void fxThreadNeverBlocked() {
        watchdog.close();
        System.out.println("longest FX thread stall: " + watchdog.worstMillis() + " ms");
        assertTrue(watchdog.worstMillis() <= FxWatchdog.LIMIT_MILLIS,
                "the FX thread was blocked for " + watchdog.worstMillis() + " ms; it was at\n" + watchdog.stallStack());
    }
}
