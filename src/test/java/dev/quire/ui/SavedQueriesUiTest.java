package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.service.SavedQueries;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Saved queries with a name and folder, searched and opened again; the built-in snippets. */
class SavedQueriesUiTest extends WindowOnLocalServer {

    static final ExecutorService io = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void table() throws Exception {
        var run = service.runScript("create schema taxi; create table taxi.trips(trip_id bigint, payment_type varchar)");
        assertEquals(dev.quire.model.RunState.FINISHED, run.finished().get(60, TimeUnit.SECONDS).status());
    }

    @AfterAll
    static void stopIo() {
        io.shutdownNow();
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @BeforeEach
    void store(FxRobot robot) {
        robot.interact(() -> view.useSavedQueries(new SavedQueries(dir.resolve("saved-queries.json"), io)));
    }

    private static List<String> drawnTree(FxRobot robot) {
        return robot.lookup("#saved-tree .tree-cell").queryAll().stream().map(n -> (TreeCell<?>) n)
                .filter(c -> c.getItem() != null).sorted(java.util.Comparator.comparingInt(TreeCell::getIndex)).map(c -> "  ".repeat(c.getTreeView().getTreeItemLevel(c.getTreeItem()) - 1)
                        + c.getText()).toList();
    }

    /** Moves the mouse onto the shown menu entry: sideways first, then up or down, as a hand does. */
    private static void hover(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".menu-item .label")
                .match(n -> text.equals(((Labeled) n).getText()) && n.getScene() != null && n.isVisible())
                .tryQuery().isPresent());
        Node entry = robot.lookup(".menu-item .label").match(n -> text.equals(((Labeled) n).getText())
                && n.getScene() != null && n.isVisible()).query();
        javafx.geometry.Point2D target = robot.point(entry).query();
        javafx.geometry.Point2D mouse = robot.robotContext().getBaseRobot().retrieveMouse();
        robot.moveTo(new javafx.geometry.Point2D(target.getX(), mouse.getY()));
        robot.moveTo(target);
    }

    @Test
    void aQuerySavedUnderANameAndFolderIsFoundAndOpenedAgain(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.model().catalogProperty().get() != null);
        robot.interact(() -> view.editor().setText("select payment_type, count(*) from taxi.trips group by 1"));
        robot.clickOn("#query-menu");
        hover(robot, "Save query…");
        robot.clickOn();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saved-name").tryQuery().isPresent());
        robot.clickOn("#saved-name").write("Busy payments");
        robot.clickOn(robot.lookup("#saved-folder").queryAs(javafx.scene.control.ComboBox.class).getEditor()).write("Taxi");
        DialogPane save = robot.lookup("#save-query").queryAs(DialogPane.class);
        robot.clickOn(save.lookupButton(dev.quire.ui.editor.SavedQueryDialogs.SAVE));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#save-query").tryQuery().isEmpty());

        robot.interact(() -> view.editor().setText("select 'something else'"));
        robot.clickOn(view.editor().area());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O).release(KeyCode.O, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !drawnTree(robot).isEmpty());
        assertEquals(List.of("Taxi", "  Busy payments"), drawnTree(robot), "folders, then the queries in them");
        robot.clickOn("#saved-search").write("nothing like it");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> drawnTree(robot).isEmpty());
        TextField search = robot.lookup("#saved-search").queryAs(TextField.class);
        robot.interact(() -> search.setText("payments TAXI"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> drawnTree(robot).size() == 2);
        Node entry = robot.lookup("#saved-tree .tree-cell").match(n -> ((Labeled) n).getText() != null
                && ((Labeled) n).getText().startsWith("Busy payments")).query();
        robot.doubleClickOn(entry);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Busy payments".equals(
                view.editors().getSelectionModel().getSelectedItem().getText()));
        assertEquals("select payment_type, count(*) from taxi.trips group by 1", view.editor().getText());
    }

    @Test
    void snippetsFillInTheTableUnderTheCaret(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.model().catalogProperty().get() != null);
        robot.interact(() -> {
            view.editor().setText("taxi.trips");
            view.editor().area().moveTo(4);
        });
        robot.clickOn("#query-menu");
        hover(robot, "Snippets");
        hover(robot, "Select first rows");
        robot.clickOn();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select * from taxi.trips limit 100", view.editor().getText());

        robot.interact(() -> {
            view.editor().setText("taxi.trips");
            view.editor().area().moveTo(10);
        });
        robot.clickOn("#query-menu");
        hover(robot, "Snippets");
        hover(robot, "Count by column");
        robot.clickOn();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select , count(*) as count from taxi.trips group by 1 order by 2 desc", view.editor().getText());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#completion .label").queryAll().stream()
                .anyMatch(n -> "payment_type".equals(((Labeled) n).getText())));
        robot.clickOn(robot.lookup("#completion .label").match(n -> "payment_type".equals(((Labeled) n).getText()))
                .<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("select payment_type, count(*) as count from taxi.trips group by 1 order by 2 desc",
                view.editor().getText(), "the column chosen from the table's columns");
        assertTrue(view.editor().area().getCaretPosition() > 0);
    }
}
