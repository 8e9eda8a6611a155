package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Completion in the editor from the catalog: after a schema's dot, after an alias's dot. */
class CompletionUiTest extends WindowOnLocalServer {

    @BeforeAll
    static void tables() throws Exception {
        var run = service.runScript("create schema taxi; create table taxi.trips(trip_id bigint, fare_amount double,"
                + " payment_type varchar); create table taxi.trip_notes(note varchar)");
        assertEquals(dev.quire.model.RunState.FINISHED, run.finished().get(60, TimeUnit.SECONDS).status());
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /** The completion list's entries as drawn. */
    private static List<String> shownEntries(FxRobot robot) {
        return robot.lookup("#completion .label").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Labeled) n).getText()).toList();
    }

    private static List<String> awaitEntries(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !shownEntries(robot).isEmpty());
        return shownEntries(robot);
    }

    @Test
    void aDotAfterASchemaListsItsTablesWhichTheTreeHadNotLoaded(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.model().catalogProperty().get() != null);
        robot.interact(() -> view.editor().setText(""));
        robot.clickOn(view.editor().area()).write("select * from taxi.");
        assertEquals(List.of("trip_notes", "trips"), awaitEntries(robot), "underscores shown as typed");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.CONTROL, KeyCode.SPACE).release(KeyCode.SPACE, KeyCode.CONTROL);
        assertEquals(List.of("trip_notes", "trips"), awaitEntries(robot), "Ctrl+Space asks again");
        robot.clickOn(robot.lookup("#completion .label").match(n -> "trips".equals(((Labeled) n).getText()))
                .<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select * from taxi.trips", view.editor().getText());
    }

    @Test
    void aDotAfterAnAliasListsTheColumnsOfItsTable(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.model().catalogProperty().get() != null);
        robot.interact(() -> {
            view.editor().setText("select  from taxi.trips t");
            view.editor().area().moveTo(7);
        });
        robot.clickOn(view.editor().area());
        robot.interact(() -> view.editor().area().moveTo(7));
        robot.write("t.");
        assertEquals(List.of("trip_id", "fare_amount", "payment_type"), awaitEntries(robot));
        robot.write("f");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shownEntries(robot).equals(List.of("fare_amount")));
        assertEquals("select t.f from taxi.trips t", view.editor().getText(), "typing goes on into the editor");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select t.fare_amount from taxi.trips t", view.editor().getText());
        assertTrue(robot.lookup("#completion .label").queryAll().stream().noneMatch(Node::isVisible),
                "the list closes once a name is chosen");
    }
}
