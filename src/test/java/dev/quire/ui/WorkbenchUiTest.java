package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.results.CursorGrid;
import dev.quire.ui.schema.SchemaNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.geometry.Orientation;
import javafx.geometry.VerticalDirection;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window against the real local server and DuckDB, headless under Monocle. */
class WorkbenchUiTest extends WindowOnLocalServer {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @BeforeAll
    static void createShop() throws Exception {
        runScript("create schema if not exists shop;"
                + "create table if not exists shop.orders(id bigint not null, note varchar, total double)");
    }

    private static void runWith(FxRobot robot, KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
    }

    private static dev.quire.ui.results.CursorGrid grid(FxRobot robot, int tab) {
        TabPane results = robot.lookup("#results-pane").queryAs(TabPane.class);
        return (dev.quire.ui.results.CursorGrid) results.getTabs().get(tab).getContent();
    }

    /** A cell's value (row of the result, 0-based) once its block has been read from the cursor. */
    private static Object cell(FxRobot robot, dev.quire.ui.results.CursorGrid grid, int column, long row)
            throws Exception {
        java.util.concurrent.Callable<Object> read = () -> grid.column(column)
                .getCellData((int) (row - grid.windowStart()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !"…".equals(String.valueOf(
                WaitForAsyncUtils.asyncFx(read).get())));
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private static List<Tab> resultTabs(FxRobot robot) {
        return robot.lookup("#results-pane").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> t.getStyleClass().contains("result-tab")).toList();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#status-label").queryAs(Label.class).getText();
    }

    @Test
    void ctrlEnterRunsTheStatementAndShowsItsRows(FxRobot robot) throws Exception {
        var grid = runToOneGrid(robot, "select 42 as answer");
        assertEquals("answer", grid.column(0).getText());
        assertEquals(42L, cell(robot, grid, 0, 0));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(cell -> "42".equals(((Labeled) cell).getText())));
        assertTrue(robot.lookup(".column-header .label").queryAll().stream()
                .anyMatch(header -> "answer".equals(((Label) header).getText())), "the header shows answer");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Finished"));
        watchdog.unmeasured(() -> saveScreenshot(robot, "run-select-42.png"));
    }

    @Test
    void failingStatementShowsItsErrorUnderTheEditor(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select * from missing_table");
        runWith(robot, KeyCode.CONTROL, KeyCode.ENTER);
        Label error = robot.lookup("#error-label").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, error::isVisible);
        assertTrue(error.getText().contains("missing_table"), error.getText());
        assertTrue(status(robot).startsWith("Failed"), status(robot));
    }

    @Test
    void ctrlShiftEnterRunsTheTabAsABatchWithOneResultTabEach(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select 1 as first;\nselect 'two' as second;");
        runWith(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> resultTabs(robot).size() == 2);
        assertEquals("first", grid(robot, 0).column(0).getText());
        assertEquals("second", grid(robot, 1).column(0).getText());
        assertEquals("two", cell(robot, grid(robot, 1), 0, 0));
    }

    @Test
    void aMillionRowResultScrollsToItsLastRow(FxRobot robot) throws Exception {
        var grid = runToOneGrid(robot, "select i, i * 2 as twice, 'row ' || i as label, "
                + "i * 3 as a_long_column_name_that_needs_the_horizontal_bar, i * 4 as and_one_more_long_column_name "
                + "from range(1000000) t(i)");
        assertEquals(1_000_000, grid.rowCount(), "the total is known at once");
        assertEquals(CursorGrid.WINDOW, grid.table().getItems().size(), "the table holds one window of the rows");
        assertEquals(0L, cell(robot, grid, 0, 0));
        robot.clickOn(".grid-last");
        awaitOnScreen(robot, "row 999999");
        assertEquals(999_999L, cell(robot, grid, 0, 999_999));
        assertEquals(1_999_998L, cell(robot, grid, 1, 999_999));
        assertEquals(999_999, grid.selectedRow());
        ScrollBar bar = robot.lookup(".grid-rows-bar").query();
        assertTrue(bar.isVisible(), "the grid's own bar spans the result");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> bar.getValue() > 999_900 && bar.getValue() == bar.getMax());
        watchdog.unmeasured(() -> saveScreenshot(robot, "million-rows-last.png"));

        robot.interact(() -> bar.setValue(500_000));
        awaitOnScreen(robot, "row 500000");
        assertTrue(grid.windowStart() <= 500_000 && grid.windowStart() + CursorGrid.WINDOW > 500_000);
    }

    @Test
    void keysAndWheelScrollAcrossTheGridsWindowsAndCopyRows(FxRobot robot) throws Exception {
        var grid = runToOneGrid(robot, "select i, 'row ' || i as label from range(100000) t(i)");
        assertEquals(0L, cell(robot, grid, 0, 0));
        int beforeEdge = CursorGrid.WINDOW * 3 / 4 - 100;
        robot.interact(() -> grid.table().scrollTo(beforeEdge));
        awaitOnScreen(robot, "row " + beforeEdge);
        assertEquals(0, grid.windowStart());
        robot.clickOn(cellShowing(robot, "row " + beforeEdge));
        for (int i = 0; i < 40 && grid.windowStart() == 0; i++) {
            robot.type(KeyCode.PAGE_DOWN);
        }
        assertTrue(grid.windowStart() > 0, "paging down near the window's edge slid the window on");
        long selected = grid.selectedRow();
        assertTrue(selected > beforeEdge + 50 && selected < beforeEdge + 600, "paged down to " + selected);
        // the table selects the last row it shows, which may be cut by the viewport's bottom edge
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(".table-cell")
                .queryAll().stream().anyMatch(c -> ("row " + selected).equals(((Labeled) c).getText())
                        && OnScreen.partlyInViewport(c))).get());
        ScrollBar bar = robot.lookup(".grid-rows-bar").query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Math.abs(bar.getValue() - selected) < 40);

        double before = bar.getValue();
        robot.moveTo(cellShowing(robot, "row " + (selected - 1))).scroll(10, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> bar.getValue() != before);
        long top = (long) bar.getValue();
        awaitOnScreen(robot, "row " + (top + 1));

        robot.clickOn(rowNumberBeside(cellShowing(robot, "row " + (top + 1))));
        robot.press(KeyCode.SHIFT).type(KeyCode.DOWN).release(KeyCode.SHIFT);
        runWith(robot, KeyCode.CONTROL, KeyCode.C);
        String expected = "i\tlabel\n" + (top + 1) + "\trow " + (top + 1) + "\n" + (top + 2) + "\trow " + (top + 2) + "\n";
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> expected.equals(WaitForAsyncUtils.asyncFx(
                () -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get()));

        runWith(robot, KeyCode.CONTROL, KeyCode.END);
        awaitOnScreen(robot, "row 99999");
        assertEquals(99_999, grid.selectedRow());
        runWith(robot, KeyCode.CONTROL, KeyCode.HOME);
        awaitOnScreen(robot, "row 0");
        assertEquals(0, grid.windowStart());
        assertEquals(0, grid.selectedRow());
    }

    /** The row number cell of the cell's row. */
    private static Node rowNumberBeside(Node cell) {
        return ((javafx.scene.control.TableCell<?, ?>) cell).getTableRow().lookup(".row-number-cell");
    }

    private static Node cellShowing(FxRobot robot, String text) {
        return robot.lookup(".table-cell").match(c -> text.equals(((Labeled) c).getText()) && OnScreen.inViewport(c))
                .query();
    }

    /** Types the SQL into the editor, runs it with Ctrl+Enter and returns the one result grid. */
    private static CursorGrid runToOneGrid(FxRobot robot, String sql) throws Exception {
        robot.clickOn("#sql-editor").write(sql);
        runWith(robot, KeyCode.CONTROL, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> resultTabs(robot).size() == 1);
        CursorGrid grid = grid(robot, 0);
        awaitShown(grid);
        return grid;
    }

    /** Waits until the grid is on screen and laid out, its toolbar included (a busy machine takes a while). */
    static void awaitShown(CursorGrid grid) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> grid.getScene() != null
                && grid.getHeight() > 0 && grid.lookup(".grid-last") instanceof javafx.scene.control.Button last
                && last.isVisible() && last.getWidth() > 0 && last.getScene() != null).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until a cell showing the text lies, top to bottom, inside its table's viewport (not under a scroll bar). */
    private static void awaitOnScreen(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(".table-cell")
                .queryAll().stream().anyMatch(c -> text.equals(((Labeled) c).getText()) && OnScreen.inViewport(c))).get());
    }

    @Test
    void theHistoryPaneMovesToTheBottomHidesAndComesBack(FxRobot robot) throws Exception {
        assertEquals(Orientation.HORIZONTAL, splitHolding(robot.lookup("#history-pane").query()).getOrientation());
        robot.clickOn("#history-place").clickOn("At the bottom");
        assertEquals(Orientation.VERTICAL, splitHolding(robot.lookup("#history-pane").query()).getOrientation(),
                "under the results");
        assertEquals(WorkbenchView.HistoryPlace.BOTTOM, view.historyPlaceProperty().get());
        robot.clickOn("#sql-editor");
        runWith(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H);
        assertTrue(robot.lookup("#history-pane").tryQuery().isEmpty(), "hidden");
        runWith(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H);
        assertEquals(Orientation.VERTICAL, splitHolding(robot.lookup("#history-pane").query()).getOrientation(),
                "back where it was");
        robot.clickOn("#history-place").clickOn("On the right");
        assertEquals(Orientation.HORIZONTAL, splitHolding(robot.lookup("#history-pane").query()).getOrientation());
    }

    private static javafx.scene.control.SplitPane splitHolding(Node node) {
        Node at = node.getParent();
        while (!(at instanceof javafx.scene.control.SplitPane)) {
            at = at.getParent();
        }
        return (javafx.scene.control.SplitPane) at;
    }

    @Test
    void escapeCancelsALongQuery(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select sum(hash(i)) from range(100000000000) t(i)");
        runWith(robot, KeyCode.CONTROL, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Running")
                || status(robot).startsWith("PICKED"));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Cancelled"));
        assertTrue(robot.lookup("#run-button").queryButton().isDisabled() == false, "Run is live again");
    }

    @Test
    void schemaTreeBrowsesDownToColumns(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TreeView<SchemaNode> tree = robot.lookup("#schema-tree").queryAs(TreeView.class);
        TreeItem<SchemaNode> dev = awaitChild(tree.getRoot(), "dev");
        robot.interact(() -> dev.setExpanded(true));
        TreeItem<SchemaNode> shop = awaitChild(dev, "shop");
        robot.interact(() -> shop.setExpanded(true));
        TreeItem<SchemaNode> orders = awaitChild(shop, "orders");
        assertEquals(SchemaNode.Kind.TABLE, orders.getValue().kind());
        robot.interact(() -> orders.setExpanded(true));
        TreeItem<SchemaNode> id = awaitChild(orders, "id");
        assertEquals("int8 not null", id.getValue().detail());
        assertEquals(List.of("id", "note", "total"), orders.getChildren().stream().map(c -> c.getValue().name())
                .toList());

        robot.clickOn("#schema-filter").write("zzz");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shop.getChildren().isEmpty());
        robot.doubleClickOn("#schema-filter").eraseText(3).write("ord");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shop.getChildren().size() == 1);

        robot.interact(() -> tree.getSelectionModel().select(orders));
        Node cell = robot.lookup(".tree-cell").queryAll().stream()
                .filter(c -> "orders".equals(((Labeled) c).getText())).findFirst().orElseThrow();
        robot.doubleClickOn(cell);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.editor().getText().contains("shop.orders"));
        watchdog.unmeasured(() -> saveScreenshot(robot, "schema-tree.png"));

        robot.interact(() -> view.editor().setText("select no"));
        robot.clickOn("#sql-editor").type(KeyCode.END);
        robot.press(KeyCode.CONTROL, KeyCode.SPACE).release(KeyCode.SPACE, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()));
        var completion = (javafx.scene.control.ContextMenu) javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).findFirst().orElseThrow();
        assertEquals("note", completion.getItems().get(0).getText(), "completion offers the loaded column first");
        robot.interact(() -> completion.getItems().get(0).fire());
        assertEquals("select note", view.editor().getText());
    }

    private static TreeItem<SchemaNode> awaitChild(TreeItem<SchemaNode> parent, String name) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> parent.getChildren().stream()
                .anyMatch(c -> name.equals(c.getValue().name())));
        return parent.getChildren().stream().filter(c -> name.equals(c.getValue().name())).findFirst().orElseThrow();
    }

    static void saveScreenshot(FxRobot robot, String name) throws Exception {
        String folder = System.getProperty("quire.screenshots");
        if (folder == null) {
            return;
        }
        Path file = Files.createDirectories(Path.of(folder)).resolve(name);
        var image = robot.capture(robot.targetWindow().getScene().getRoot()).getImage();
        var pixels = new java.awt.image.BufferedImage((int) image.getWidth(), (int) image.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < pixels.getHeight(); y++) {
            for (int x = 0; x < pixels.getWidth(); x++) {
                pixels.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(pixels, "png", file.toFile());
    }
}
