package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Connections;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.RunState;
import dev.quire.service.QueryService;
import dev.quire.ui.results.CursorGrid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the local engine through its Dremio API, as a user picks it from the connections. */
class DremioWindowUiTest extends WindowWithConnections {

    private static final Pattern FETCHED = Pattern.compile("([\\d,]+) of 10,000,000 rows fetched.*");

    @Start
    void start(Stage stage) throws Exception {
        open(stage, dir);
    }

    @BeforeAll
    static void createShop() throws Exception {
        var endpoint = new Connections.LocalEndpoint(local.endpoint(), local.region(), local.credentials());
        try (QueryService service = new QueryService(Connections.open(ConnectionProfile.local(), endpoint))) {
            var setup = service.runScript("create schema if not exists shop;"
                    + "create table if not exists shop.orders(id bigint not null, note varchar, total double)");
            assertEquals(RunState.FINISHED, setup.finished().get(60, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void lastRowOfTenMillionRowsIsReadFromTheGridWithoutFetchingEveryPage(FxRobot robot) throws Exception {
        pick(robot, ConnectionProfile.LOCAL_DREMIO_NAME);

        awaitTree(robot, "Samples");
        assertTrue(treeCell(robot, "shop") != null && treeCell(robot, "@quire") != null, "the spaces and home: " + treeTexts(robot));
        open(robot, "Samples");
        awaitTree(robot, "samples.dremio.com");
        open(robot, "shop");
        awaitTree(robot, "orders");
        open(robot, "orders");
        awaitTree(robot, "total  DOUBLE");

        CursorGrid grid = GridUiTest.run(robot, "select i, i * 2 as twice from range(10000000) t(i)");
        GridUiTest.awaitScreenIsStore(grid);
        assertTrue(status(robot).startsWith("Completed"), "Dremio's own job state is shown: " + status(robot));
        assertEquals(10_000_000, grid.rowCount());

        robot.clickOn(".grid-last");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> GridUiTest.drawn(grid))
                .get().stream().anyMatch(shown -> shown.row() == 9_999_999));
        List<GridUiTest.Shown> shown = GridUiTest.awaitScreenIsStore(grid);
        String fetched = gridStatus(robot);
        GridUiTest.Shown last = shown.get(shown.size() - 1);
        assertEquals(9_999_999, last.row(), "the last row at the bottom");
        assertEquals(List.of("9999999", "19999998"), last.texts());
        Matcher count = FETCHED.matcher(fetched);
        assertTrue(count.matches(), "the grid says how many rows it holds: " + fetched);
        long rows = Long.parseLong(count.group(1).replace(",", ""));
        assertTrue(rows < 10_000_000, "the last row came without every page: " + fetched);

        robot.clickOn("#sql-editor").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("select 1 from no_such_table");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Failed"));
    }

    private static String gridStatus(FxRobot robot) {
        return robot.lookup(".grid-status").queryAs(Label.class).getText();
    }

    private static void awaitTree(FxRobot robot, String text) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> treeCell(robot, text) != null);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no " + text + " in the tree: " + treeTexts(robot) + " · " + status(robot), e);
        }
    }

    private static List<String> treeTexts(FxRobot robot) {
        return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream().map(TreeText::of)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Selects the row by a click and opens it with the Right key, as a user would. */
    private static void open(FxRobot robot, String text) {
        robot.clickOn(treeCell(robot, text));
        robot.type(KeyCode.RIGHT);
    }
}
