package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.results.CursorGrid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A statement with :name parameters asks for their values in a small form, and offers them again. */
class ParameterFormUiTest extends WindowOnLocalServer {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#status-label").queryAs(Label.class).getText();
    }

    private static List<Tab> resultTabs(FxRobot robot) {
        return robot.lookup("#results-pane").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> t.getStyleClass().contains("result-tab")).toList();
    }

    private static boolean formShown(FxRobot robot) {
        return robot.lookup("#parameter-word").tryQuery().isPresent();
    }

    private static Button runButton(FxRobot robot) {
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        return (Button) pane.lookupButton(dev.quire.ui.editor.ParameterForm.RUN);
    }

    private static void runStatement(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    @Test
    void theFormAsksForEachValueRunsWithThemAndOffersThemAgain(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready"));
        robot.clickOn("#sql-editor").write("select upper(:word) as shout, :n::int + 1 as next, :word as again");
        runStatement(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> formShown(robot));
        TextField word = robot.lookup("#parameter-word").queryAs(TextField.class);
        TextField n = robot.lookup("#parameter-n").queryAs(TextField.class);
        assertEquals(2, robot.lookup(".dialog-pane .text-field").queryAll().size(), "one field a name, :word once");
        assertTrue(runButton(robot).isDisabled(), "Run waits for every value");
        robot.clickOn(word).write("hello");
        assertTrue(runButton(robot).isDisabled());
        robot.clickOn(n).write("41");
        assertFalse(runButton(robot).isDisabled());
        robot.clickOn(runButton(robot));

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Finished")
                && !resultTabs(robot).isEmpty());
        CursorGrid grid = (CursorGrid) resultTabs(robot).get(0).getContent();
        WorkbenchUiTest.awaitShown(grid);
        List<GridUiTest.Shown> drawn = GridUiTest.awaitScreenIsStore(grid);
        assertEquals(List.of("HELLO", "42", "hello"), drawn.get(0).texts());

        String before = status(robot);
        runStatement(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> formShown(robot));
        assertEquals("hello", robot.lookup("#parameter-word").queryAs(TextField.class).getText(), "the last values");
        assertEquals("41", robot.lookup("#parameter-n").queryAs(TextField.class).getText());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !formShown(robot));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, status(robot), "a cancelled form runs nothing");
        Node cancel = robot.lookup("#cancel-button").query();
        assertTrue(cancel.isDisabled(), "nothing is running");
    }

    @Test
    void aStatementWithoutParametersRunsAtOnceAndCastsAreNotParameters(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready"));
        robot.clickOn("#sql-editor").write("select '12'::int as twelve, ':not_a_parameter' as text");
        runStatement(robot);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Finished"));
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no form");
        CursorGrid grid = (CursorGrid) resultTabs(robot).get(0).getContent();
        WorkbenchUiTest.awaitShown(grid);
        assertEquals(List.of("12", ":not_a_parameter"), GridUiTest.awaitScreenIsStore(grid).get(0).texts());
    }
}
