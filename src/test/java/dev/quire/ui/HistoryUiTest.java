package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.model.ConnectionProfile;
import dev.quire.service.history.HistoryRow;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window with the user's connections and history, against the real local server. */
class HistoryUiTest extends WindowWithConnections {

    @Start
    void start(Stage stage) throws Exception {
        open(stage, dir);
    }

    /** The table row on screen that shows the statement this test ran; the list may reload meanwhile. */
    private static TableRow<?> shownRow(FxRobot robot) {
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() instanceof HistoryRow h
                        && h.entry().sql().equals("select 'from history' as origin"))
                .map(n -> (TableRow<?>) n).findFirst().orElse(null);
    }

    @Test
    void runsAreListedAndReopenFromTheHistory(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#status-label").queryAs(Label.class)
                .getText().startsWith("Ready · " + ConnectionProfile.LOCAL_NAME));
        @SuppressWarnings("unchecked")
        ComboBox<ConnectionProfile> selector = robot.lookup("#connection-selector").queryAs(ComboBox.class);
        assertEquals(ConnectionProfile.LOCAL_NAME, selector.getValue().name());

        robot.clickOn("#sql-editor").write("select 'from history' as origin");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        @SuppressWarnings("unchecked")
        TableView<HistoryRow> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(row ->
                row.entry().sql().equals("select 'from history' as origin")
                        && row.entry().status() == dev.quire.model.RunState.FINISHED));
        HistoryRow row = table.getItems().stream()
                .filter(r -> r.entry().sql().equals("select 'from history' as origin")).findFirst().orElseThrow();
        assertEquals(HistoryRow.Source.BOTH, row.source(), "the local entry and the server's statement merge");
        assertEquals(ConnectionProfile.LOCAL_NAME, row.entry().connection());

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shownRow(robot) != null);
        TableRow<?> cell = shownRow(robot);
        robot.interact(() -> javafx.event.Event.fireEvent(cell, new javafx.scene.input.MouseEvent(
                javafx.scene.input.MouseEvent.MOUSE_CLICKED, 10, 10, 10, 10, javafx.scene.input.MouseButton.PRIMARY, 2,
                false, false, false, false, true, false, false, true, false, false, null)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.editors().getTabs().size() == 2);
        assertEquals("select 'from history' as origin", view.editor().getText());

        robot.interact(() -> view.editors().getSelectionModel().select(0));
        robot.interact(() -> view.model().showResult(row.entry().statementId()));
        TabPane results = robot.lookup("#results-pane").queryAs(TabPane.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> results.getTabs().size() == 2);
        var grid = (dev.quire.ui.results.CursorGrid) results.getTabs().get(0).getContent();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "from history".equals(
                WaitForAsyncUtils.asyncFx(() -> grid.column(0).getCellData(0)).get()));
        String shown = "Result of statement " + row.entry().statementId() + ", from the history";
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shown.equals(
                robot.lookup("#status-label").queryAs(Label.class).getText()));
        assertEquals(shown, robot.lookup("#status-label").queryAs(Label.class).getText(),
                "the status bar tells what is shown, not the last run's state");

        robot.clickOn("#history-search").write("no such words anywhere");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().isEmpty());
    }

    @Test
    void leadingCommentsAreLeftOutOfTheListButKeptInTheSql(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#status-label").queryAs(Label.class)
                .getText().startsWith("Ready · " + ConnectionProfile.LOCAL_NAME));
        String sql = "-- Welcome note\n/* a block\n comment */\nselect 'after comments' as origin";
        robot.clickOn("#sql-editor");
        robot.interact(() -> {
            view.editor().setText(sql);
            view.editor().area().moveTo(sql.length());
        });
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        @SuppressWarnings("unchecked")
        TableView<HistoryRow> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(row ->
                row.entry().sql().equals(sql) && row.entry().status() == dev.quire.model.RunState.FINISHED));
        // the SQL column's cell as drawn on screen
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> sqlCellText(robot, sql) != null);
        assertEquals("select 'after comments' as origin", sqlCellText(robot, sql));
        javafx.scene.control.ListView<String> messages = robot.lookup("#messages-list").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> messages.getItems().stream()
                .anyMatch(line -> line.endsWith("· select 'after comments' as origin")));
    }

    private static String sqlCellText(FxRobot robot, String sql) {
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() instanceof HistoryRow h
                        && h.entry().sql().equals(sql))
                .flatMap(n -> robot.from(n).lookup(".table-cell").queryAllAs(TableCell.class).stream())
                .filter(cell -> "SQL".equals(cell.getTableColumn().getText()))
                .map(TableCell::getText).findFirst().orElse(null);
    }
}
