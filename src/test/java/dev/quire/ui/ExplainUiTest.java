package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeTableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Explain (Ctrl+E) shows the backend's plan of the statement as a tree with its estimates. */
class ExplainUiTest extends WindowOnLocalServer {

    @BeforeAll
    static void table() throws Exception {
        var run = service.runScript("create table visits as select range as i, range % 7 as k from range(100000)");
        assertEquals(dev.quire.model.RunState.FINISHED, run.finished().get(60, TimeUnit.SECONDS).status());
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /** Each drawn row of the plan: the texts of its cells, the step's name indented by its depth. */
    private static List<String> drawnSteps(FxRobot robot) {
        return robot.lookup("#plan-tree .tree-table-row-cell").queryAll().stream()
                .map(n -> (TreeTableRow<?>) n).filter(r -> r.getItem() != null && r.isVisible())
                .sorted(java.util.Comparator.comparingInt(TreeTableRow::getIndex))
                .map(r -> "  ".repeat(r.getTreeTableView().getTreeItemLevel(r.getTreeItem()) - 1) + r.lookupAll(".tree-table-cell")
                        .stream().map(c -> ((Labeled) c).getText() == null ? "" : ((Labeled) c).getText())
                        .limit(2).reduce((a, b) -> a + " | " + b).orElse(""))
                .toList();
    }

    @Test
    void ctrlEShowsThePlanAsATreeWithEstimatedRows(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#status-label").queryAs(Label.class)
                .getText().startsWith("Ready"));
        robot.interact(() -> view.editor().setText(""));
        robot.clickOn(view.editor().area()).write("select k, count(*) from visits where i > 10 group by k;");
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#plan-tree").tryQuery().isPresent());
        TabPane results = robot.lookup("#results-pane").queryAs(TabPane.class);
        assertEquals("Plan", results.getSelectionModel().getSelectedItem().getText(), "the plan is shown first");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> drawnSteps(robot)).get()
                .stream().anyMatch(s -> s.contains("Seq Scan")));
        List<String> steps = WaitForAsyncUtils.asyncFx(() -> drawnSteps(robot)).get();
        assertTrue(steps.get(0).startsWith("XN "), steps.toString());
        String scan = steps.stream().filter(s -> s.contains("XN Seq Scan on visits")).findFirst().orElseThrow(
                () -> new AssertionError("no scan step drawn: " + steps));
        assertTrue(scan.matches("( {2})+XN Seq Scan on visits \\| \\d+"), "indented under its parent, with its rows: " + scan);
        assertTrue(robot.lookup("#status-label").queryAs(Label.class).getText().startsWith("Finished"));
    }
}
