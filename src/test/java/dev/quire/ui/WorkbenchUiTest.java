package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.server.LocalFixture;
import dev.quire.service.QueryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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

/** The window against the real local server and DuckDB, headless under Monocle. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService service;

    @BeforeAll
    static void startServer() throws Exception {
        local = LocalFixture.start(dir);
        service = new QueryService(local.client());
    }

    @AfterAll
    static void stopServer() {
        service.close();
        local.close();
    }

    @Start
    void start(Stage stage) {
        WorkbenchModel model = new WorkbenchModel();
        stage.setScene(QuireApp.scene(new WorkbenchView(model)));
        stage.show();
        model.connected(service, "test server");
    }

    @Test
    void ctrlEnterRunsTheStatementAndShowsItsRows(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select 42 as answer");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        TableView<Object[]> table = robot.lookup("#result-table").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        TableColumn<Object[], ?> column = table.getColumns().get(0);
        assertEquals("answer", column.getText());
        assertEquals(42L, column.getCellData(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(cell -> "42".equals(((javafx.scene.control.Labeled) cell).getText())));
        assertTrue(robot.lookup(".column-header .label").queryAll().stream()
                .anyMatch(header -> "answer".equals(((Label) header).getText())), "the header shows answer");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#status-label")
                .queryAs(Label.class).getText().startsWith("FINISHED"));
        saveScreenshot(robot, "run-select-42.png");
    }

    @Test
    void failingStatementShowsItsErrorUnderTheEditor(FxRobot robot) throws Exception {
        robot.clickOn("#sql-editor").write("select * from missing_table");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        Label error = robot.lookup("#error-label").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, error::isVisible);
        assertTrue(error.getText().contains("missing_table"), error.getText());
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
