package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.results.CursorGrid;
import dev.quire.ui.results.ResultCells;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The result grid as drawn: after header sorts, filters, their clearing and scrolls across the
 * grid's window, the text of every cell on screen is the row the store holds at that index, and a
 * sort really orders what is shown (its first row checked against DuckDB on its own).
 */
class GridUiTest extends WindowOnLocalServer {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static final String ROWS = "from range(1000000) t(i)";
    private static final String KEY = "(i * 7919 + 104729) % 1000003";
    private static final String QUERY = "select i as id, " + KEY + " as k, "
            + "case when i % 3 = 0 then 'Cash' else 'Card' end as pay, 'trip ' || i as label " + ROWS;

    @Test
    void headerSortsFiltersAndScrollsDrawOnlyTheRowsOfTheResult(FxRobot robot) throws Exception {
        CursorGrid grid = run(robot, QUERY);
        assertEquals(1_000_000, grid.rowCount());
        List<Shown> shown = awaitScreenIsStore(grid);
        assertEquals("0", shown.get(0).texts().get(0), "the result's own order first");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> gridStatus(robot).equals("1,000,000 rows"));

        robot.clickOn(header(robot, "k"));
        shown = awaitScreenIsStore(grid);
        assertEquals(String.valueOf(duckdb("select min(" + KEY + ") " + ROWS)), shown.get(0).texts().get(1),
                "ascending: the smallest key first");
        assertOrdered(shown, 1, Comparator.naturalOrder());
        assertEquals("1,000,000 of 1,000,000 rows · sorted by k, ascending", gridStatus(robot));

        robot.clickOn(header(robot, "k"));
        shown = awaitScreenIsStore(grid);
        assertEquals(String.valueOf(duckdb("select max(" + KEY + ") " + ROWS)), shown.get(0).texts().get(1),
                "descending: the largest key first");
        assertOrdered(shown, 1, Comparator.reverseOrder());

        robot.clickOn(header(robot, "k"));
        shown = awaitScreenIsStore(grid);
        assertEquals("0", shown.get(0).texts().get(0), "no sort: the result's order again");
        assertEquals(1_000_000, grid.rowCount());

        filter(robot, "pay", "Cash");
        shown = awaitScreenIsStore(grid);
        assertEquals(333_334, grid.rowCount());
        assertEquals("333,334 of 1,000,000 rows · pay contains \"Cash\"", gridStatus(robot));
        assertTrue(shown.stream().allMatch(row -> row.texts().get(2).equals("Cash")), "only Cash rows drawn");
        robot.clickOn(cellIn(robot, shown.get(2).texts().get(3)));
        robot.press(KeyCode.CONTROL).type(KeyCode.HOME).release(KeyCode.CONTROL);
        shown = awaitScreenIsStore(grid);
        assertEquals("0", shown.get(0).texts().get(0));
        assertTrue(shown.stream().allMatch(row -> row.texts().get(2).equals("Cash")), "only Cash rows drawn");
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        String first = String.join("\t", shown.get(0).texts());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ("id\tk\tpay\tlabel\n" + first + "\n").equals(
                WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get()));

        robot.clickOn(header(robot, "k"));
        shown = awaitScreenIsStore(grid);
        assertEquals(String.valueOf(duckdb("select min(" + KEY + ") " + ROWS + " where i % 3 = 0")),
                shown.get(0).texts().get(1), "a sort on the filtered rows");
        assertOrdered(shown, 1, Comparator.naturalOrder());
        assertTrue(shown.stream().allMatch(row -> row.texts().get(2).equals("Cash")), "still only Cash rows");

        robot.clickOn(header(robot, "k"));
        robot.clickOn(header(robot, "k"));
        filter(robot, "pay", "");
        shown = awaitScreenIsStore(grid);
        assertEquals(1_000_000, grid.rowCount());
        assertEquals("0", shown.get(0).texts().get(0), "the filter cleared: every row again");
        assertTrue(shown.stream().anyMatch(row -> row.texts().get(2).equals("Card")), "Card rows are back");

        ScrollBar bar = robot.lookup(".grid-rows-bar").query();
        long edge = CursorGrid.WINDOW - 50;
        robot.interact(() -> bar.setValue(edge));
        shown = awaitScreenIsStore(grid);
        assertTrue(grid.windowStart() > 0, "the window slid on");
        assertEquals(String.valueOf(edge), shown.get(0).texts().get(0));
        robot.clickOn(cellIn(robot, shown.get(1).texts().get(3)));
        for (int i = 0; i < 10; i++) {
            robot.type(KeyCode.PAGE_DOWN);
        }
        shown = awaitScreenIsStore(grid);
        assertTrue(Long.parseLong(shown.get(0).texts().get(0)) > edge, "paged down");
        watchdog.unmeasured(() -> WorkbenchUiTest.saveScreenshot(robot, "grid-after-sorts.png"));
    }

    @Test
    void aFailedSortSaysSoInTheGridAndInMessages(FxRobot robot) throws Exception {
        CursorGrid grid = run(robot, "select i, 'x' || i as label from range(5000) t(i)");
        awaitScreenIsStore(grid);
        robot.interact(() -> view.model().results().get(0).cursor().close());
        robot.clickOn(header(robot, "label"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> gridStatus(robot).startsWith("Could not sort"));
        ListView<String> messages = robot.lookup("#messages-list").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> messages.getItems().stream()
                .anyMatch(line -> line.contains("Could not sort")));
        assertTrue(robot.lookup(".column-header .arrow").queryAll().stream().noneMatch(Node::isVisible),
                "no sort arrow left on a sort that did not happen");
    }

    record Shown(long row, List<String> texts) {
    }

    /**
     * The rows whose cells are drawn inside the table's viewport, top to bottom, with the text of
     * each cell of a result column (not the row number).
     */
    static List<Shown> drawn(CursorGrid grid) {
        List<Shown> rows = new ArrayList<>();
        for (Node node : grid.table().lookupAll(".table-row-cell")) {
            if (!(node instanceof TableRow<?> row) || !row.isVisible() || row.isEmpty() || row.getIndex() < 0) {
                continue;
            }
            List<TableCell<?, ?>> cells = new ArrayList<>();
            for (Node child : row.getChildrenUnmodifiable()) {
                if (child instanceof TableCell<?, ?> cell && cell.isVisible()
                        && !cell.getStyleClass().contains("row-number-cell")) {
                    cells.add(cell);
                }
            }
            if (cells.isEmpty() || !OnScreen.partlyInViewport(cells.get(0))) {
                continue;
            }
            cells.sort(Comparator.comparingInt(cell -> grid.table().getVisibleLeafIndex(
                    (javafx.scene.control.TableColumn) cell.getTableColumn())));
            rows.add(new Shown(grid.windowStart() + row.getIndex(), cells.stream().map(TableCell::getText).toList()));
        }
        rows.sort(Comparator.comparingLong(Shown::row));
        return rows;
    }

    /**
     * Waits until no cell on screen is pending and every drawn cell shows the value the grid's store
     * holds for that row; fails with the last difference seen.
     */
    static List<Shown> awaitScreenIsStore(CursorGrid grid) throws Exception {
        String[] difference = {"nothing drawn"};
        List<List<Shown>> last = new ArrayList<>();
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                String status = WaitForAsyncUtils.asyncFx(() -> ((Label) grid.lookup(".grid-status")).getText()).get();
                if (status.endsWith("…")) {
                    difference[0] = "the grid still says: " + status;
                    return false;
                }
                List<Shown> shown = WaitForAsyncUtils.asyncFx(() -> drawn(grid)).get();
                if (shown.isEmpty() || shown.stream().anyMatch(row -> row.texts().contains("…"))) {
                    difference[0] = "rows still pending or nothing drawn: " + shown.size() + " rows";
                    return false;
                }
                long from = shown.get(0).row();
                int count = (int) (shown.get(shown.size() - 1).row() - from + 1);
                List<Object[]> stored = WaitForAsyncUtils.asyncFx(() -> grid.shownRows(from, count)).get()
                        .get(30, TimeUnit.SECONDS);
                for (Shown row : shown) {
                    Object[] values = stored.get((int) (row.row() - from));
                    for (int c = 0; c < values.length; c++) {
                        String expected = ResultCells.display(values[c]);
                        if (!expected.equals(row.texts().get(c))) {
                            difference[0] = "row " + row.row() + " column " + c + " shows '" + row.texts().get(c)
                                    + "' but the store holds '" + expected + "'";
                            return false;
                        }
                    }
                }
                last.clear();
                last.add(shown);
                return true;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("the grid does not draw the store's rows: " + difference[0], e);
        }
        return last.get(0);
    }

    private static void assertOrdered(List<Shown> shown, int column, Comparator<Long> order) {
        for (int i = 1; i < shown.size(); i++) {
            long before = Long.parseLong(shown.get(i - 1).texts().get(column));
            long after = Long.parseLong(shown.get(i).texts().get(column));
            assertTrue(order.compare(before, after) <= 0, "rows " + (i - 1) + " and " + i + " out of order: "
                    + before + ", " + after);
        }
    }

    private static long duckdb(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void filter(FxRobot robot, String column, String text) {
        ComboBox<String> columns = robot.lookup(".grid-bar .combo-box").queryComboBox();
        robot.interact(() -> columns.getSelectionModel().select(column));
        robot.doubleClickOn(".grid-filter").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .type(KeyCode.BACK_SPACE);
        if (!text.isEmpty()) {
            robot.write(text);
        }
        robot.type(KeyCode.ENTER);
    }

    private static Node header(FxRobot robot, String name) {
        return robot.lookup(".column-header").match(header -> header.lookup(".label") instanceof Label label
                && name.equals(label.getText())).query();
    }

    private static Node cellIn(FxRobot robot, String text) {
        return robot.lookup(".table-cell").match(c -> c instanceof TableCell<?, ?> cell
                && text.equals(cell.getText()) && OnScreen.inViewport(c)).query();
    }

    private static String gridStatus(FxRobot robot) {
        return robot.lookup(".grid-status").queryAs(Label.class).getText();
    }

    static CursorGrid run(FxRobot robot, String sql) throws Exception {
        robot.clickOn("#sql-editor").write(sql);
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        TabPane results = robot.lookup("#results-pane").queryAs(TabPane.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> results.getTabs().stream()
                .anyMatch(tab -> tab.getContent() instanceof CursorGrid));
        CursorGrid grid = (CursorGrid) results.getTabs().get(0).getContent();
        WorkbenchUiTest.awaitShown(grid);
        return grid;
    }
}
