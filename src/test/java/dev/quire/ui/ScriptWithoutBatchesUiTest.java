package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.service.NoBatchApi;
import dev.quire.service.QueryService;
import dev.quire.ui.results.CursorGrid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Run all on a backend without batches: the script runs statement by statement, one result tab
 * per result set, and the window says that it is not one transaction.
 */
class ScriptWithoutBatchesUiTest extends WindowOnLocalServer {

    static NoBatchApi api;
    static QueryService oneByOne;

    @BeforeAll
    static void connect() {
        api = new NoBatchApi(backend.local().client());
        oneByOne = new QueryService(api);
    }

    @AfterAll
    static void disconnect() {
        oneByOne.close();
    }

    @Start
    void start(Stage stage) {
        open(stage, oneByOne);
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#status-label").queryAs(Label.class).getText();
    }

    private static List<Tab> resultTabs(FxRobot robot) {
        return robot.lookup("#results-pane").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> t.getStyleClass().contains("result-tab")).toList();
    }

    private static void runAll(FxRobot robot, String script) {
        robot.clickOn("#sql-editor").write(script);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT, KeyCode.CONTROL);
    }

    @Test
    void runAllSaysTheScriptIsNotOneTransaction(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready"));
        int before = api.submitted().size();
        runAll(robot, "create table no_batch_t as select 1 as x;\nselect x + 1 as y from no_batch_t;\nselect 'z' as z;");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> resultTabs(robot).size() == 2);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Finished"));
        assertTrue(status(robot).endsWith("statement by statement, not one transaction"), status(robot));
        ListView<String> messages = robot.lookup("#messages-list").queryListView();
        assertTrue(messages.getItems().stream().anyMatch(line -> line.contains("runs statement by statement")
                && line.contains("not one transaction")), String.join("\n", messages.getItems()));
        List<List<String>> submitted = api.submitted().subList(before, api.submitted().size());
        assertEquals(List.of(List.of("create table no_batch_t as select 1 as x"),
                List.of("select x + 1 as y from no_batch_t"), List.of("select 'z' as z")), submitted,
                "three statements, each on its own");

        assertEquals(List.of("no_batch_t", "select 'z' as z"), resultTabs(robot).stream().map(Tab::getText).toList(),
                "each result tab is named after what it shows");
        CursorGrid second = (CursorGrid) resultTabs(robot).get(1).getContent();
        WorkbenchUiTest.awaitShown(second);
        List<GridUiTest.Shown> drawn = GridUiTest.awaitScreenIsStore((CursorGrid) resultTabs(robot).get(0).getContent());
        assertEquals(List.of("2"), drawn.get(0).texts());
    }

    @Test
    void aFailedStatementSaysWhichAndStopsTheRest(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready"));
        int before = api.submitted().size();
        runAll(robot, "select 1 as a;\nselect * from no_such_table;\nselect 3 as c;");
        Label error = robot.lookup("#error-label").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, error::isVisible);
        assertTrue(error.getText().startsWith("Statement 2 of 3: "), error.getText());
        assertTrue(status(robot).startsWith("Failed"), status(robot));
        assertTrue(status(robot).endsWith("not one transaction"), status(robot));
        assertEquals(2, api.submitted().size() - before, "the third statement is not run");
    }
}
