package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.editor.EditorStore;
import dev.quire.ui.editor.SqlEditor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The app started with SQL files, as `quire a.sql b.sql` does: kept tabs first, then one tab per file. */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class OpenFilesUiTest {

    @TempDir
    static Path dir;
    /** Daemon and never shut down: the app may still save its tabs after the test. */
    final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-io");
        t.setDaemon(true);
        return t;
    });
    QuireApp app;
    Stage stage;

    /** The app gets a window of its own: the other tests' window must not inherit its place and size. */
    @Start
    void start(Stage primary) throws Exception {
        Files.writeString(dir.resolve("first.sql"), "select 1 as one;\n");
        Files.write(dir.resolve("second.sql"), "\uFEFFselect 'ü' as two;\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("folder.sql"));
        EditorStore store = new EditorStore(dir.resolve("tabs.json"), io);
        store.saveNow(dev.quire.ui.editor.EditorState.ofTexts(List.of("select 'kept 1'", "select 'kept 2'")));
        List<Path> files = List.of(dir.resolve("first.sql"), dir.resolve("missing.sql"), dir.resolve("second.sql"),
                dir.resolve("folder.sql"));
        LayoutStore layout = new LayoutStore(dir.resolve("layout.properties"), io);
        layout.save(new WindowLayout(WorkbenchView.HistoryPlace.HIDDEN, 40, 30, 1000, 650, false, List.of(0.3),
                List.of(0.6))).get(10, TimeUnit.SECONDS);
        WindowLayout initial = layout.read();
        QuireApp.use(new QuireApp.Starter() {
            @Override
            public void start(WorkbenchModel model) {
            }

            @Override
            public EditorStore editorStore() {
                return store;
            }

            @Override
            public void stop(dev.quire.ui.editor.EditorState openTabs) {
            }

            @Override
            public LayoutStore layoutStore() {
                return layout;
            }

            @Override
            public WindowLayout initialLayout() {
                return initial;
            }

            @Override
            public List<Path> files() {
                return files;
            }
        });
        app = new QuireApp();
        this.stage = new Stage();
        app.start(this.stage);
    }

    @org.junit.jupiter.api.AfterEach
    void closeTheWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get(30, TimeUnit.SECONDS);
    }

    @Test
    void eachFileOpensInItsOwnTabAfterTheKeptOnes(FxRobot robot) throws Exception {
        WorkbenchView view = app.view();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.editors().getTabs().size() == 4
                && view.model().errorProperty().get() != null);
        List<Tab> tabs = view.editors().getTabs();
        List<String> titles = tabs.stream().map(Tab::getText).toList();
        assertTrue(titles.get(0).startsWith("Query ") && titles.get(1).startsWith("Query "), titles.toString());
        assertEquals(List.of("first.sql", "second.sql"), titles.subList(2, 4));
        assertEquals(List.of("select 'kept 1'", "select 'kept 2'", "select 1 as one;\n", "select 'ü' as two;\n"),
                view.editors().texts());
        assertEquals("second.sql", view.editors().getSelectionModel().getSelectedItem().getText());
        assertEquals("select 'ü' as two;\n", ((SqlEditor) tabs.get(3).getUserData()).getText());

        String error = view.model().errorProperty().get();
        assertTrue(error.contains("Could not open " + dir.resolve("missing.sql") + ": no such file."), error);
        assertTrue(error.contains("Could not open " + dir.resolve("folder.sql") + ": it is a folder."), error);
        Label line = robot.lookup("#error-label").queryAs(Label.class);
        assertTrue(line.isVisible() && line.getText().contains("missing.sql"), line.getText());
        assertTrue(view.model().messages().stream().anyMatch(m -> m.contains("missing.sql: no such file")),
                view.model().messages().toString());
        robot.targetWindow(view.getScene().getWindow());
        WorkbenchUiTest.saveScreenshot(robot, "open-files.png");
    }

    @Test
    void theSavedLayoutComesBackAndChangesAreSaved(FxRobot robot) throws Exception {
        WorkbenchView view = app.view();
        assertEquals(WorkbenchView.HistoryPlace.HIDDEN, view.historyPlaceProperty().get());
        assertTrue(robot.lookup("#history-pane").tryQuery().isEmpty(), "the pane stays hidden as it was left");
        assertEquals(List.of(40.0, 30.0, 1000.0, 650.0), List.of(stage.getX(), stage.getY(), stage.getWidth(),
                stage.getHeight()), "the window's place and size as it was left");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#schema-tree").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.3, view.sideDividers().get(0), 0.01);
        assertEquals(0.6, view.middleDividers().get(0), 0.01);

        robot.interact(() -> view.historyPlaceProperty().set(WorkbenchView.HistoryPlace.BOTTOM));
        LayoutStore reread = new LayoutStore(dir.resolve("layout.properties"), Runnable::run);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> reread.read().history() == WorkbenchView.HistoryPlace.BOTTOM);

        robot.interact(() -> {
            stage.setX(120);
            stage.setWidth(900);
        });
        robot.interact(() -> view.restoreDividers(List.of(0.25), List.of(0.35, 0.7)));
        robot.interact(stage::hide);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reread.read().width() == 900);
        WindowLayout kept = reread.read();
        assertEquals(120, kept.x());
        assertEquals(30, kept.y());
        assertEquals(650, kept.height());
        assertEquals(0.25, kept.sides().get(0), 0.01);
        assertEquals(List.of(0.35, 0.7), kept.middle().stream().map(v -> Math.round(v * 100) / 100.0).toList());
    }

    @Test
    void theSchemaTreeAndResultsJoinTheEditorOnceTheWindowIsShown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#schema-tree").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        WorkbenchView view = app.view();
        javafx.scene.Node tree = robot.lookup("#schema-tree").query();
        javafx.scene.Node editor = view.editor();
        assertTrue(tree.isVisible() && tree.getLayoutBounds().getWidth() > 100, "the tree is drawn beside the editor");
        double treeRight = tree.localToScene(tree.getLayoutBounds()).getMaxX();
        double editorLeft = editor.localToScene(editor.getLayoutBounds()).getMinX();
        assertTrue(treeRight <= editorLeft + 1, "the tree is left of the editor: " + treeRight + " / " + editorLeft);
        assertEquals(1, view.middleDividers().size(), "the results sit below the editor");
        assertEquals(0.6, view.middleDividers().get(0), 0.01);
        assertTrue(!stage.getIcons().isEmpty(), "the window has its icons");
    }
}
