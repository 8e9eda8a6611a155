package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.AppDirs;
import dev.quire.service.ProfileStore;
import dev.quire.ui.QuireApp;
import dev.quire.ui.WorkbenchModel;
import dev.quire.ui.WorkbenchView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's start: a failure says which part failed. */
@ExtendWith(ApplicationExtension.class)
class GuiStartupTest {

    @TempDir
    static Path home;
    WorkbenchModel model;

    @Start
    void start(Stage stage) {
        model = QuireApp.newModel();
        stage.setScene(QuireApp.scene(new WorkbenchView(model)));
        stage.show();
    }

    @Test
    void unreadableConnectionsAreNamedAndNotTakenForTheEngine(FxRobot robot) throws Exception {
        AppDirs dirs = AppDirs.under(home);
        Path file = dirs.config().resolve(ProfileStore.FILE_NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1, \"connections\": [");
        GuiCommand command = new GuiCommand(dirs, false, List.of());
        robot.interact(() -> command.start(model));
        Label status = robot.lookup("#status-label").queryAs(Label.class);
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !status.getText().startsWith("Starting"));
            assertEquals("The saved connections could not be read", status.getText());
            String error = robot.lookup("#error-label").queryAs(Label.class).getText();
            assertTrue(error.contains(file.toString()) && error.contains("cannot be read"), error);
        } finally {
            command.stop(dev.quire.ui.editor.EditorState.empty());
        }
    }
}
