package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ui.editor.FilePicker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File → Open, Save and Save as for .sql files, the modified mark, recent files and the close prompt. */
class FileTabsUiTest extends WindowOnLocalServer {

    /** The answers the file dialogs give, in order (the desktop's dialogs cannot be driven headless). */
    private final Deque<Path> answers = new ArrayDeque<>();
    private Path files;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @BeforeEach
    void answerTheFileDialogs(FxRobot robot) throws Exception {
        files = Files.createTempDirectory(dir, "files");
        robot.interact(() -> view.setFilePicker(new FilePicker() {
            @Override
            public Optional<Path> toOpen(Window owner, Path folder) {
                return Optional.ofNullable(answers.poll());
            }

            @Override
            public Optional<Path> toSave(Window owner, Path suggested) {
                return Optional.ofNullable(answers.poll());
            }
        }));
    }

    private static void keys(FxRobot robot, KeyCode... codes) {
        robot.press(codes);
        for (int i = codes.length - 1; i >= 0; i--) {
            robot.release(codes[i]);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String title() {
        return view.editors().getSelectionModel().getSelectedItem().getText();
    }

    private void awaitTitle(String title) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(this::title).get().equals(title));
    }

    private static DialogPane awaitPrompt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#close-prompt").tryQuery().isPresent());
        return robot.lookup("#close-prompt").queryAs(DialogPane.class);
    }

    /** Writes a file and opens it with Ctrl+O, as a user picks it in the dialog. */
    private Path openNew(FxRobot robot, String name, String text) throws Exception {
        Path file = files.resolve(name);
        Files.writeString(file, text);
        answers.add(file);
        robot.clickOn(view.editor().area());
        keys(robot, KeyCode.CONTROL, KeyCode.O);
        awaitTitle(name);
        return file;
    }

    @Test
    void aFileOpensEditsSavesAndSavesAsWithTheTabNamedAndMarked(FxRobot robot) throws Exception {
        Path report = openNew(robot, "report.sql", "select 1 as one;\n");
        assertEquals("select 1 as one;\n", view.editor().getText());

        robot.clickOn(view.editor().area());
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write("select 2;");
        assertEquals("report.sql *", title(), "a changed file is marked");
        keys(robot, KeyCode.CONTROL, KeyCode.S);
        awaitTitle("report.sql");
        assertEquals("select 1 as one;\nselect 2;", Files.readString(report, StandardCharsets.UTF_8));

        Path copy = files.resolve("copy.sql");
        answers.add(copy);
        keys(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S);
        awaitTitle("copy.sql");
        assertEquals("select 1 as one;\nselect 2;", Files.readString(copy, StandardCharsets.UTF_8));
        assertEquals(List.of(copy, report), view.editors().recent(), "recent files, newest first");

        answers.add(report);
        keys(robot, KeyCode.CONTROL, KeyCode.O);
        awaitTitle("report.sql");
        assertEquals(1, view.editors().getTabs().stream().filter(t -> t.getText().startsWith("report.sql")).count(),
                "an open file is shown in its own tab, not opened twice");

        robot.clickOn("#file-menu");
        robot.clickOn("#recent-menu");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> recent = robot.lookup(".context-menu .label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).filter(t -> t != null && t.endsWith(".sql"))
                .toList();
        assertTrue(recent.containsAll(List.of(copy.toString(), report.toString())), recent.toString());
        keys(robot, KeyCode.ESCAPE);
        keys(robot, KeyCode.ESCAPE);
    }

    @Test
    void closingATabWithUnsavedChangesAsksAndCancelKeepsIt(FxRobot robot) throws Exception {
        Path notes = openNew(robot, "notes.sql", "select 'notes';\n");
        int tabs = view.editors().getTabs().size();
        robot.clickOn(view.editor().area()).write("-- draft\n");
        assertEquals("notes.sql *", title());

        keys(robot, KeyCode.CONTROL, KeyCode.W);
        DialogPane prompt = awaitPrompt(robot);
        assertEquals("Save notes.sql before closing it?", prompt.getHeaderText());
        robot.clickOn(prompt.lookupButton(ButtonType.CANCEL));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(tabs, view.editors().getTabs().size(), "Cancel keeps the tab");
        assertEquals("notes.sql *", title());

        keys(robot, KeyCode.CONTROL, KeyCode.W);
        robot.clickOn(awaitPrompt(robot).lookupButton(WorkbenchView.SAVE_CHANGES));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.editors().getTabs().size() == tabs - 1);
        assertTrue(Files.readString(notes).contains("-- draft"), "Save wrote the file before the tab closed");

        answers.add(notes);
        keys(robot, KeyCode.CONTROL, KeyCode.O);
        awaitTitle("notes.sql");
        robot.clickOn(view.editor().area()).write("-- dropped\n");
        keys(robot, KeyCode.CONTROL, KeyCode.W);
        robot.clickOn(awaitPrompt(robot).lookupButton(WorkbenchView.DROP_CHANGES));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.editors().tabOf(notes).isEmpty());
        assertFalse(Files.readString(notes).contains("-- dropped"), "Don't save leaves the file as it was");
    }

    @Test
    void aSaveThatCannotBeWrittenSaysWhyAndKeepsTheText(FxRobot robot) throws Exception {
        robot.clickOn(view.editor().area()).write("select 'keep me'");
        answers.add(files.resolve("no-such-folder").resolve("lost.sql"));
        keys(robot, KeyCode.CONTROL, KeyCode.S);
        Label error = robot.lookup("#error-label").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> error.getText() != null && error.getText().contains("lost.sql"));
        assertTrue(error.getText().matches("Could not save .*lost\\.sql: the folder .*no-such-folder does not exist\\."),
                error.getText());
        assertTrue(view.editor().getText().endsWith("select 'keep me'"));
        assertEquals(null, view.editor().path(), "the tab shows no file it could not write");
    }
}
