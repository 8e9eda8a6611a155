package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The menu bar carries every command with its shortcut; F1 shows them all. */
class MenusUiTest extends WindowOnLocalServer {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static void items(Menu menu, String path, Map<String, String> out) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                items(sub, path + " → " + sub.getText(), out);
            } else if (item.getText() != null) {
                out.put(path + " → " + item.getText(), item.getAccelerator() == null ? ""
                        : item.getAccelerator().getDisplayText());
            }
        }
    }

    @Test
    void everyMenuAndItsShortcutsAndTheShortcutsSheet(FxRobot robot) throws Exception {
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        assertEquals(List.of("File", "Edit", "Query", "View", "Connection", "Help"),
                bar.getMenus().stream().map(Menu::getText).toList());
        Map<String, String> all = new LinkedHashMap<>();
        bar.getMenus().forEach(menu -> items(menu, menu.getText(), all));
        Map<String, String> expected = Map.ofEntries(Map.entry("File → Open…", "Ctrl+O"),
                Map.entry("File → Save", "Ctrl+S"), Map.entry("File → Save as…", "Ctrl+Shift+S"),
                Map.entry("File → New tab", "Ctrl+T"), Map.entry("File → Close tab", "Ctrl+W"),
                Map.entry("File → Settings…", "Ctrl+,"), Map.entry("View → Theme: dark", ""),
                Map.entry("Edit → Undo", "Ctrl+Z"), Map.entry("Edit → Find…", "Ctrl+F"),
                Map.entry("Edit → Replace…", "Ctrl+H"), Map.entry("Edit → Complete", "Ctrl+Space"),
                Map.entry("Query → Run", "Ctrl+↵"), Map.entry("Query → Run all", "Ctrl+Shift+↵"),
                Map.entry("Query → Explain", "Ctrl+E"), Map.entry("Query → Cancel", "Escape"),
                Map.entry("Query → Format", "Ctrl+Shift+F"), Map.entry("Query → Saved queries…", "Ctrl+Shift+O"),
                Map.entry("View → Show or hide the history", "Ctrl+Shift+H"),
                Map.entry("Help → Keyboard shortcuts", "F1"));
        expected.forEach((item, keys) -> assertEquals(keys, all.get(item), item + " in " + all));
        assertTrue(all.containsKey("Query → Snippets → Select first rows"), all.toString());
        assertTrue(all.containsKey("Connection → Connections…"), all.toString());

        robot.clickOn(view.editor().area());
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#shortcuts-table .table-row-cell")
                .queryAll().stream().anyMatch(r -> ((TableRow<?>) r).getItem() != null));
        List<String> drawn = robot.lookup("#shortcuts-table .table-row-cell").queryAll().stream()
                .map(r -> (TableRow<?>) r).filter(r -> r.getItem() != null)
                .map(r -> String.join(" | ", r.lookupAll(".table-cell").stream()
                        .map(c -> ((Labeled) c).getText()).toList())).toList();
        assertTrue(drawn.contains("File → Open… | Ctrl+O"), drawn.toString());
        assertTrue(drawn.contains("Query → Run | Ctrl+Enter"), "keys in words: " + drawn);
        assertEquals(view.shortcuts().size(), robot.lookup("#shortcuts-table").queryAs(javafx.scene.control.TableView.class)
                .getItems().size());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    void theViewMenuMovesTheHistory(FxRobot robot) throws Exception {
        robot.clickOn("#view-menu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".menu-item .label").match(n -> "History: at the bottom".equals(((Labeled) n).getText())
                && n.getScene() != null && n.isVisible()).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(WorkbenchView.HistoryPlace.BOTTOM, view.historyPlaceProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(WorkbenchView.HistoryPlace.HIDDEN, view.historyPlaceProperty().get());
        robot.interact(() -> view.historyPlaceProperty().set(WorkbenchView.HistoryPlace.RIGHT));
    }
}
