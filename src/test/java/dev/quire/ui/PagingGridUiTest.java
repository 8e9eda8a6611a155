package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.service.GeneratedResultApi;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import dev.quire.ui.results.CursorGrid;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The result grid on backends other than Redshift's, as drawn: on a random-access backend Last row
 * and Go to row fetch the page that holds the row first, and while a forward backend does not tell
 * the total the grid grows as pages arrive.
 */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class PagingGridUiTest {

    @TempDir
    static Path dir;
    static SpillStore store;
    BorderPane root;

    @BeforeAll
    static void openStore() throws Exception {
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        root = new BorderPane();
        Scene scene = new Scene(root, 1000, 700);
        scene.getStylesheets().add(Objects.requireNonNull(QuireApp.class.getResource("quire.css")).toExternalForm());
        Themes.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    private CursorGrid show(FxRobot robot, ResultCursor cursor) throws Exception {
        CursorGrid grid = WaitForAsyncUtils.asyncFx(() -> new CursorGrid(cursor)).get(30, TimeUnit.SECONDS);
        robot.interact(() -> root.setCenter(grid));
        WorkbenchUiTest.awaitShown(grid);
        return grid;
    }

    /** Waits until the row is drawn, then until every drawn cell shows what the store holds. */
    private static List<GridUiTest.Shown> awaitDrawn(CursorGrid grid, long row) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> GridUiTest.drawn(grid))
                .get().stream().anyMatch(shown -> shown.row() == row));
        List<GridUiTest.Shown> shown = GridUiTest.awaitScreenIsStore(grid);
        assertTrue(shown.stream().anyMatch(s -> s.row() == row && s.texts().equals(List.of(row + "", "row " + row))),
                "row " + row + " is drawn: " + shown.stream().map(GridUiTest.Shown::row).toList());
        return shown;
    }

    private static String status(FxRobot robot) {
        return robot.lookup(".grid-status").queryAs(Label.class).getText();
    }

    private static int items(CursorGrid grid) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> grid.table().getItems().size()).get(30, TimeUnit.SECONDS);
    }

    private static void releaseOne(GeneratedResultApi api) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, api::release);
    }

    @Test
    void lastRowOfTenMillionRowsIsOnScreenAfterAtMostThreePageFetches(FxRobot robot) throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(10_000_000, 500);
        ResultCursor cursor = store.open(api, "ten-million").get(60, TimeUnit.SECONDS);
        CursorGrid grid = show(robot, cursor);
        awaitDrawn(grid, 0);
        assertEquals(10_000_000, grid.rowCount());
        assertEquals("500 of 10,000,000 rows fetched", status(robot));

        robot.clickOn(".grid-last");
        List<GridUiTest.Shown> shown = awaitDrawn(grid, 9_999_999);
        assertEquals(9_999_999, shown.get(shown.size() - 1).row(), "the last row at the bottom");
        List<Long> fetches = api.fetches();
        assertTrue(fetches.size() <= 3, "page fetches: " + fetches);
        assertTrue(fetches.contains(9_999_500L), "the page that holds the last row: " + fetches);
        assertEquals(9_999_999, grid.selectedRow());

        int before = api.fetches().size();
        robot.clickOn(".grid-goto").write("5000000").type(KeyCode.ENTER);
        awaitDrawn(grid, 4_999_999);
        assertTrue(api.fetches().size() - before <= 2, "go to row: the pages on screen only: " + api.fetches());
        assertEquals(4_999_999, grid.selectedRow());
        cursor.close();
    }

    @Test
    void theGridGrowsWhileTheTotalIsNotKnown(FxRobot robot) throws Exception {
        GeneratedResultApi api = GeneratedResultApi.forward(50_000, 1_000, false);
        api.hold();
        var opening = store.open(api, "growing");
        releaseOne(api);
        ResultCursor cursor = opening.get(60, TimeUnit.SECONDS);
        CursorGrid grid = show(robot, cursor);
        awaitDrawn(grid, 0);
        assertEquals(1_000, items(grid));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).equals("1,000 rows fetched, more to come"));

        releaseOne(api);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> items(grid) == 2_000);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).equals("2,000 rows fetched, more to come"));
        robot.clickOn(".table-cell");
        robot.press(KeyCode.CONTROL).type(KeyCode.END).release(KeyCode.CONTROL);
        List<GridUiTest.Shown> shown = awaitDrawn(grid, 1_999);
        assertEquals(1_999, shown.get(shown.size() - 1).row(), "the rows of the second page are there to scroll to");

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            api.release();
            return cursor.state() == ResultCursor.State.DONE;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).equals("50,000 rows"));
        assertEquals(50_000, grid.rowCount());
        assertEquals(CursorGrid.WINDOW, items(grid), "past a window of rows the grid slides its window");
        ScrollBar bar = robot.lookup(".grid-rows-bar").query();
        assertTrue(bar.isVisible(), "the grid's own bar spans the result");
        robot.clickOn(".grid-last");
        awaitDrawn(grid, 49_999);
        cursor.close();
    }
}
