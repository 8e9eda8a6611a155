package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The theme switch re-styles every control on screen, the editor's highlighting included; the settings dialog. */
class ThemeUiTest extends WindowOnLocalServer {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @AfterEach
    void backToLight(FxRobot robot) {
        robot.interact(() -> view.settingsProperty().set(Settings.DEFAULT.withTheme(Settings.Theme.LIGHT)));
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    /** Every node shown, from the window's root down. */
    private static List<Node> shown(Node node, List<Node> into) {
        if (!node.isVisible()) {
            return into;
        }
        into.add(node);
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> shown(child, into));
        }
        return into;
    }

    /** The opaque background colours of the regions shown, and the colours of the texts shown. */
    private record Colours(List<String> backgrounds, List<Double> backgroundLight, List<Double> textLight) {
    }

    private Colours colours(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> names = new ArrayList<>();
            List<Double> backgrounds = new ArrayList<>();
            List<Double> texts = new ArrayList<>();
            for (Node node : shown(view.getScene().getRoot(), new ArrayList<>())) {
                // a region with a shape is a glyph (an arrow, a close mark): its colour is the foreground's
                if (node instanceof Region region && region.getBackground() != null && region.getShape() == null
                        && region.getWidth() > 4 && region.getHeight() > 4) {
                    for (BackgroundFill fill : region.getBackground().getFills()) {
                        if (fill.getFill() instanceof Color c && c.getOpacity() > 0.9) {
                            names.add(region.getClass().getSimpleName() + region.getStyleClass() + " " + c);
                            backgrounds.add(luminance(c));
                        }
                    }
                }
                if (node instanceof Text text && !text.getText().isBlank() && text.getFill() instanceof Color c) {
                    texts.add(luminance(c));
                }
            }
            return new Colours(names, backgrounds, texts);
        }).get(10, TimeUnit.SECONDS);
    }

    private Color keywordColour() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> view.editor().area().lookupAll(".keyword").stream()
                .filter(n -> n instanceof Text).map(n -> (Color) ((Text) n).getFill()).findFirst().orElseThrow())
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void theDarkThemeRestylesEveryControlTheEditorIncluded(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select 42 as answer, 'x' as label");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(cell -> "42".equals(((Labeled) cell).getText())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !view.editor().area().lookupAll(".keyword").isEmpty());
        Colours light = colours(robot);
        assertTrue(light.backgroundLight().size() > 20, "regions with a background: " + light.backgrounds());
        double lightMedian = light.backgroundLight().stream().sorted().toList().get(light.backgroundLight().size() / 2);
        assertTrue(lightMedian > 0.8, "the light theme's backgrounds are light: " + light.backgrounds());
        assertEquals(Color.web("#1f4fbf"), keywordColour());

        for (String button : List.of("#run-button", "#run-all-button", "#explain-button", "#cancel-button",
                "#new-tab-button", "#format-button", "#connections-button")) {
            assertTrue(robot.lookup(button).queryAs(javafx.scene.control.Button.class).getGraphic()
                    instanceof org.kordamp.ikonli.javafx.FontIcon, button + " has an icon");
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".icon-database").tryQuery().isPresent());
        org.kordamp.ikonli.javafx.FontIcon database = robot.lookup(".icon-database").query();
        assertTrue(database.isVisible() && database.getLayoutBounds().getWidth() > 8, "the tree's database has its icon");
        double iconLight = luminance((Color) database.getIconColor());

        robot.clickOn("View").clickOn("Theme: dark");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Settings.Theme.DARK, view.settingsProperty().get().theme());
        assertTrue(view.getScene().getRoot().getStyleClass().contains("dark"));
        Colours dark = colours(robot);
        List<String> stillLight = new ArrayList<>();
        for (int i = 0; i < dark.backgroundLight().size(); i++) {
            if (dark.backgroundLight().get(i) > 0.5) {
                stillLight.add(dark.backgrounds().get(i));
            }
        }
        assertEquals(List.of(), stillLight, "every background on screen turned dark");
        long darkTexts = dark.textLight().stream().filter(l -> l < 0.35).count();
        assertEquals(0, darkTexts, "no dark text is left on the dark backgrounds: " + dark.textLight());
        assertEquals(Color.web("#79b8ff"), keywordColour(), "the editor's highlighting follows the theme");
        assertTrue(luminance((Color) database.getIconColor()) > iconLight, "the icons follow the theme too");
        robot.targetWindow(view.getScene().getWindow());
        watchdog.unmeasured(() -> WorkbenchUiTest.saveScreenshot(robot, "dark.png"));

        robot.clickOn("View").clickOn("Theme: light");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.getScene().getRoot().getStyleClass().contains("dark"));
        assertEquals(Color.web("#1f4fbf"), keywordColour());
    }

    @Test
    void theSettingsDialogSetsTheEditorsFontAndRefusesABudgetThatIsNoSize(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select 1");
        robot.press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#settings-dialog").tryQuery().isPresent());
        Spinner<?> font = robot.lookup("#settings-font-size").queryAs(Spinner.class);
        robot.interact(() -> font.getEditor().setText("1318"));
        Button okFirst = (Button) robot.lookup("#settings-dialog").queryAs(javafx.scene.control.DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.OK);
        assertTrue(okFirst.isDisabled(), "a size out of range is refused, not cut");
        assertTrue(robot.lookup("#settings-font-size-note").queryAs(Labeled.class).isVisible());
        robot.interact(() -> font.getEditor().setText("18"));
        TextField budget = robot.lookup("#settings-results-budget").queryAs(TextField.class);
        robot.interact(() -> budget.setText("lots"));
        Button ok = (Button) robot.lookup("#settings-dialog").queryAs(javafx.scene.control.DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.OK);
        assertTrue(ok.isDisabled(), "OK waits for a size");
        assertTrue(robot.lookup("#settings-results-budget-note").queryAs(Labeled.class).getText()
                .startsWith("Give a size"));
        robot.interact(() -> budget.setText("2g"));
        assertFalse(ok.isDisabled());
        robot.clickOn(ok);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.settingsProperty().get().editorFontSize() == 18);
        assertEquals(2L << 30, view.settingsProperty().get().resultsBudgetBytes());
        double size = WaitForAsyncUtils.asyncFx(() -> view.editor().area().lookupAll(".text").stream()
                .filter(n -> n instanceof Text t && !t.getText().isBlank()).map(n -> ((Text) n).getFont().getSize())
                .findFirst().orElseThrow()).get(10, TimeUnit.SECONDS);
        assertEquals(18, size, 0.01, "the editor's text is drawn at the new size");
    }
}
