package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.editor.EditorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Editor features, headless: comment toggle, find and replace, completion, format, tabs. */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class EditorUiTest {

    WorkbenchView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        view = new WorkbenchView(QuireApp.newModel());
        stage.setScene(QuireApp.scene(view));
        stage.sizeToScene();
        stage.show();
    }

    private String text() {
        return view.editor().getText();
    }

    private void set(FxRobot robot, String text) {
        robot.interact(() -> view.editor().setText(text));
    }

    private static void chord(FxRobot robot, KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
    }

    /** Types the text, presses Ctrl+Space at its end and returns the completion popup once it shows. */
    private ContextMenu openCompletion(FxRobot robot, String text) throws Exception {
        set(robot, "");
        robot.clickOn("#sql-editor").write(text);
        assertEquals(text, text());
        chord(robot, KeyCode.CONTROL, KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof ContextMenu && w.isShowing()));
        return (ContextMenu) Window.getWindows().stream()
                .filter(w -> w instanceof ContextMenu && w.isShowing()).findFirst().orElseThrow();
    }

    @Test
    void ctrlSlashTogglesLineComments(FxRobot robot) {
        set(robot, "select 1\nfrom t");
        robot.interact(() -> view.editor().area().selectAll());
        chord(robot, KeyCode.CONTROL, KeyCode.SLASH);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-- select 1\n-- from t", text());
        robot.interact(() -> view.editor().area().selectAll());
        chord(robot, KeyCode.CONTROL, KeyCode.SLASH);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select 1\nfrom t", text());
    }

    @Test
    void findAndReplaceAll(FxRobot robot) {
        set(robot, "select a from t where a > 1 and A < 5");
        robot.clickOn("#sql-editor");
        chord(robot, KeyCode.CONTROL, KeyCode.H);
        robot.clickOn("#find-text").write("a ");
        robot.clickOn("#replace-text").write("b ");
        robot.clickOn("#replace-all-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select b from t where b > 1 and b < 5", text(), "case-insensitive by default");
    }

    @Test
    void ctrlSpaceCompletesKeywords(FxRobot robot) throws Exception {
        ContextMenu menu = openCompletion(robot, "sel");
        assertEquals("select", menu.getItems().get(0).getText());
        robot.interact(() -> menu.getItems().get(0).fire());
        assertEquals("select", text());
    }

    @Test
    void completionShowsUnderscoresAsTyped(FxRobot robot) throws Exception {
        ContextMenu menu = openCompletion(robot, "date_t");
        WaitForAsyncUtils.waitForFxEvents();
        // the text nodes the item's label draws, not the label's text property
        List<String> drawn = robot.from(menu.getScene().getRoot()).lookup(".label").queryAllAs(Labeled.class)
                .stream().flatMap(label -> label.getChildrenUnmodifiable().stream())
                .filter(Text.class::isInstance).map(node -> ((Text) node).getText()).toList();
        assertEquals(List.of("date_trunc"), drawn);
        robot.interact(menu::hide);
    }

    @Test
    void formatButtonFormatsTheTab(FxRobot robot) {
        set(robot, "SELECT a, b FROM t WHERE a > 1");
        robot.clickOn("#format-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select\n    a,\n    b\nfrom t\nwhere a > 1;\n", text());
    }

    @Test
    void tabsOpenCloseAndComeBackFromTheStore(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor");
        chord(robot, KeyCode.CONTROL, KeyCode.T);
        robot.write("select 2");
        assertEquals(2, view.editors().getTabs().size());
        var io = Executors.newSingleThreadExecutor();
        try {
            Path file = dir.resolve("tabs.json");
            EditorStore store = new EditorStore(file, io);
            store.saveNow(view.editors().state());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            List<String> restored = new EditorStore(file, io).load().get(10, TimeUnit.SECONDS).texts();
            assertEquals(view.editors().texts(), restored);
            assertTrue(restored.contains("select 2"));
        } finally {
            io.shutdownNow();
        }
        chord(robot, KeyCode.CONTROL, KeyCode.W);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#close-prompt").tryQuery().isPresent());
        javafx.scene.control.DialogPane prompt = robot.lookup("#close-prompt").queryAs(javafx.scene.control.DialogPane.class);
        robot.clickOn(prompt.lookupButton(WorkbenchView.DROP_CHANGES));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.editors().getTabs().size());
    }
}
