package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Connections;
import dev.quire.client.Secrets;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.ConnectionProfile;
import dev.quire.service.ConnectionManager;
import dev.quire.service.ProfileStore;
import dev.quire.service.SpillStore;
import dev.quire.service.history.HistoryService;
import dev.quire.service.history.HistoryStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

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

    /** Picks the connection from the selector, as a user does, and waits until it is ready. */
    static void pick(FxRobot robot, String connection) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready · "
                + ConnectionProfile.LOCAL_NAME));
        robot.clickOn("#connection-selector");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> listCell(robot, connection) != null);
        robot.clickOn(listCell(robot, connection));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).equals("Ready · " + connection));
    }

    static String status(FxRobot robot) {
        return robot.lookup("#status-label").queryAs(Label.class).getText();
    }

    /** The shown cell of a list (the selector's) with the text, or null. */
    static Node listCell(FxRobot robot, String text) {
        return robot.lookup(".list-cell").match(n -> n instanceof ListCell<?> cell && text.equals(cell.getText())
                && cell.isVisible()).tryQuery().orElse(null);
    }

    /** The tree's cell with the text, or null. */
    static Node treeCell(FxRobot robot, String text) {
        return robot.lookup(".tree-cell").match(n -> n instanceof TreeCell<?> cell && text.equals(TreeText.of(cell)))
                .tryQuery().orElse(null);
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
