package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.results.CursorGrid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Each editor tab is a console: its own results, status, run and session, side by side with the others. */
class ConsoleTabsUiTest extends WindowOnLocalServer {

    private static final String LONG_QUERY = "select sum(hash(i)) from range(100000000000) t(i)";

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @AfterEach
    void cancelEverything(FxRobot robot) throws Exception {
        robot.interact(() -> view.model().consoles().forEach(Console::cancel));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.model().consoles().stream()
                .noneMatch(c -> c.runningProperty().get()));
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#status-label").queryAs(Label.class).getText();
    }

    private static List<Tab> resultTabs(FxRobot robot) {
        return robot.lookup("#results-pane").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> t.getStyleClass().contains("result-tab")).toList();
    }

    /** Types the statement into the current tab's editor, runs it with Ctrl+Enter and waits for it to end so. */
    private void run(FxRobot robot, String sql, String ends) throws Exception {
        robot.interact(() -> view.editor().setText(""));
        robot.clickOn(view.editor().area()).write(sql);
        runAgain(robot, ends);
    }

    /** Runs the current tab's statement again and waits for the run's message and the status it ends with. */
    private void runAgain(FxRobot robot, String ends) throws Exception {
        int before = WaitForAsyncUtils.asyncFx(() -> view.model().messages().size()).get();
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> view.model().messages().size() > before && !view.model().runningProperty().get()).get());
        assertTrue(status(robot).startsWith(ends), status(robot));
    }

    /** Types the statement and starts it, without waiting. */
    private void start(FxRobot robot, String sql) {
        robot.interact(() -> view.editor().setText(""));
        robot.clickOn(view.editor().area()).write(sql);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    private void newTab(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks the tab's header, as a user switches tabs. */
    private static void clickTab(FxRobot robot, String title) {
        Node header = robot.lookup(".tab-label").match(n -> title.equals(((Labeled) n).getText())).query();
        robot.clickOn(header);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** What the tab's header says after its name: where it runs, and whether it runs. */
    private static String place(FxRobot robot, String title) {
        Labeled header = robot.lookup(".tab-label").match(n -> title.equals(((Labeled) n).getText())).query();
        return header.getGraphic() instanceof Label place ? place.getText() : "";
    }

    private static List<String> firstRowOnScreen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !resultTabs(robot).isEmpty());
        CursorGrid grid = (CursorGrid) resultTabs(robot).get(0).getContent();
        WorkbenchUiTest.awaitShown(grid);
        return GridUiTest.awaitScreenIsStore(grid).get(0).texts();
    }

    private static void awaitStatus(FxRobot robot, String start) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith(start));
    }

    @Test
    void twoTabsRunAtOnceEachKeepsItsResultAndEachCancelsItsOwn(FxRobot robot) throws Exception {
        awaitStatus(robot, "Ready");
        run(robot, "select 'one' as v", "Finished");
        assertEquals(List.of("one"), firstRowOnScreen(robot));

        newTab(robot);
        assertEquals("Query 2", view.editors().getSelectionModel().getSelectedItem().getText());
        assertEquals("Ready · test server", status(robot), "a new tab starts on the connection it was opened from");
        start(robot, LONG_QUERY);
        awaitStatus(robot, "Running");
        assertTrue(place(robot, "Query 2").startsWith("running · test server"), place(robot, "Query 2"));

        newTab(robot);
        assertTrue(robot.lookup("#run-button").query().isDisabled() == false, "another tab can run meanwhile");
        run(robot, "select 'three' as v", "Finished");
        assertEquals(List.of("three"), firstRowOnScreen(robot));
        assertTrue(place(robot, "Query 2").startsWith("running · "), "Query 2 still runs: " + place(robot, "Query 2"));
        assertEquals("test server", place(robot, "Query 3"));

        clickTab(robot, "Query 1");
        assertTrue(status(robot).startsWith("Finished"), status(robot));
        assertEquals(List.of("one"), firstRowOnScreen(robot), "the first tab's result stayed");

        clickTab(robot, "Query 2");
        assertTrue(status(robot).matches("Running · \\d+\\.\\d\\d s"), status(robot));
        assertTrue(resultTabs(robot).isEmpty());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        awaitStatus(robot, "Cancelled");
        assertEquals("test server", place(robot, "Query 2"));
        ListView<?> messages = robot.lookup("#messages-list").queryAs(ListView.class);
        assertTrue(messages.getItems().get(messages.getItems().size() - 1).toString().contains(LONG_QUERY));

        clickTab(robot, "Query 3");
        assertEquals(List.of("three"), firstRowOnScreen(robot), "cancelling one tab leaves the others");
        assertFalse(messages.getScene() != null && messages.isVisible(),
                "each tab has its own messages: the second tab's are not shown now");
    }

    @Test
    void aTemporaryTableIsSeenInTheTabThatMadeItOnly(FxRobot robot) throws Exception {
        awaitStatus(robot, "Ready");
        run(robot, "create temp table mine as select 42 as answer", "Finished");
        run(robot, "select answer from mine", "Finished");
        assertEquals(List.of("42"), firstRowOnScreen(robot));
        String firstSession = view.model().console().currentSession().id();
        assertTrue(firstSession != null && !firstSession.isBlank(), "the tab's statements share a session");

        newTab(robot);
        run(robot, "select answer from mine", "Failed");
        String error = robot.lookup("#error-label").queryAs(Label.class).getText();
        assertTrue(error.toLowerCase(java.util.Locale.ROOT).contains("mine"), error);

        clickTab(robot, "Query 1");
        runAgain(robot, "Finished");
        assertEquals(List.of("42"), firstRowOnScreen(robot), "still there in its own tab");
        assertEquals(firstSession, view.model().console().currentSession().id());
    }

    @Test
    void aSessionThatExpiredIsSaidOnTheTabAndANewOneStarts(FxRobot robot) throws Exception {
        awaitStatus(robot, "Ready");
        robot.interact(() -> view.model().setSessionKeepAlive(Duration.ofSeconds(1)));
        run(robot, "create temp table brief as select 1 as x", "Finished");
        int open = backend.local().engine().openSessions();
        // the server drops the session once it has been idle past its keep-alive
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> backend.local().engine().openSessions() == open - 1);
        run(robot, "select x from brief", "Failed");
        assertTrue(place(robot, "Query 1").endsWith("test server · session expired"), place(robot, "Query 1"));
        ListView<?> messages = robot.lookup("#messages-list").queryAs(ListView.class);
        assertTrue(messages.getItems().stream().anyMatch(m -> m.toString().contains(
                "This tab's session expired after 1 s idle; its temporary tables are gone.")), messages.getItems().toString());
        String error = robot.lookup("#error-label").queryAs(Label.class).getText();
        assertTrue(error.contains("brief"), error);
    }

    @Test
    void aRunThatEndsWhileTheWindowIsNotFocusedIsTold(FxRobot robot) throws Exception {
        awaitStatus(robot, "Ready");
        robot.interact(() -> {
            view.model().setNoticeAfter(Duration.ZERO);
            view.model().focusedProperty().unbind();
            view.model().focusedProperty().set(false);
        });
        run(robot, "select 'told' as v", "Finished");
        Label notice = robot.lookup("#notice-label").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, notice::isVisible);
        assertTrue(notice.getText().matches("Query 1 ended: Finished in \\d+\\.\\d\\d s · 1 row · select 'told' as v"),
                notice.getText());

        newTab(robot);
        robot.clickOn(notice);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Query 1", view.editors().getSelectionModel().getSelectedItem().getText(),
                "a click on the notice shows the tab the run ended in");
        assertFalse(notice.isVisible());
    }
}
