package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.ConnectionProfile;
import dev.quire.ui.results.CursorGrid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the local engine through its Athena API, as a user picks it from the connections. */
class AthenaWindowUiTest extends WindowWithConnections {

    @Start
    void start(Stage stage) throws Exception {
        open(stage, dir);
    }

    @Test
    void aQueryOnTheAthenaConnectionFillsTheGridAndSortsNumbersAsNumbers(FxRobot robot) throws Exception {
        pick(robot, ConnectionProfile.LOCAL_ATHENA_NAME);
        @SuppressWarnings("unchecked")
        ComboBox<ConnectionProfile> selector = robot.lookup("#connection-selector").queryAs(ComboBox.class);
        assertEquals(ConnectionProfile.LOCAL_ATHENA_NAME, selector.getValue().name());

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> treeCell(robot, "AwsDataCatalog") != null);

        String sql = "select n, label, note from (values (10, 'ten', null), (9, 'nine', ''), (100, 'a hundred', 'x'))"
                + " as t(n, label, note)";
        CursorGrid grid = GridUiTest.run(robot, sql);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> GridUiTest.drawn(grid))
                .get().size() == 3);
        assertTrue(status(robot).startsWith("Completed"), "Athena's own state is shown: " + status(robot));

        robot.clickOn(header(robot, "n"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> firstColumn(grid).equals(List.of("9", "10", "100")));
        List<GridUiTest.Shown> shown = WaitForAsyncUtils.asyncFx(() -> GridUiTest.drawn(grid)).get();
        assertEquals(List.of("9", "nine", ""), shown.get(0).texts(), "an empty string stays empty");
        assertEquals("ten", shown.get(1).texts().get(1));
        assertTrue(!shown.get(1).texts().get(2).isEmpty(), "NULL is drawn distinct from the empty string");

        robot.clickOn("#sql-editor").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("select i from range(25000) t(i)");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows(robot).equals("25,000 rows"));
        assertTrue(status(robot).matches("Completed in .* scanned"), "with the data scanned: " + status(robot));
    }

    private static String rows(FxRobot robot) {
        return robot.lookup("#rows-label").queryAs(Label.class).getText();
    }

    private static List<String> firstColumn(CursorGrid grid) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> GridUiTest.drawn(grid)).get().stream()
                .map(row -> row.texts().get(0)).toList();
    }

    private static Node header(FxRobot robot, String name) {
        return robot.lookup(".column-header").match(header -> header.lookup(".label") instanceof Label label
                && name.equals(label.getText())).query();
    }
}
