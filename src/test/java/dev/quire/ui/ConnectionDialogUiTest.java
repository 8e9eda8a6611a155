package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Secrets;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.DremioSettings;
import dev.quire.ui.connection.SecretPrompt;
import dev.quire.model.RedshiftSettings.Mode;
import dev.quire.service.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The connection dialog as the user sees it: the backend chooser, a mode's fields, a save that fails. */
class ConnectionDialogUiTest extends WindowWithConnections {

    Path config;

    @Start
    void start(Stage stage) throws Exception {
        config = dir.resolve("config-" + System.nanoTime());
        open(stage, config);
    }

    /** Opens and closes the dialog and its chooser's menu once: their first use loads classes and CSS. */
    @Override
    void warmUp(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status(robot).startsWith("Ready · "
                + ConnectionProfile.LOCAL_NAME));
        ChoiceBox<?> chooser = openDialog(robot);
        Window first = chooser.getScene().getWindow();
        robot.clickOn(chooser);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, chooser::isShowing);
        robot.interact(chooser::hide);
        robot.clickOn("#connection-cancel");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !first.isShowing());
    }

    /** Opens the dialog from the tool bar and waits for it on screen; returns its backend chooser. */
    private static ChoiceBox<?> openDialog(FxRobot robot) throws Exception {
        robot.clickOn("#connections-button");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#connection-backend").tryQuery()
                .filter(n -> n.getScene() != null && n.getScene().getWindow().isShowing()).isPresent());
        return robot.lookup("#connection-backend").queryAs(ChoiceBox.class);
    }

    /** The labels of the backend form's rows, top to bottom, as drawn. */
    private static List<String> formLabels(FxRobot robot) {
        return robot.lookup("#connection-form .label").queryAllAs(Label.class).stream()
                .filter(l -> l.getId() != null && l.getId().endsWith("-label") && l.isVisible())
                .sorted(Comparator.comparingDouble(l -> l.localToScene(l.getBoundsInLocal()).getMinY()))
                .map(Label::getText).toList();
    }

    private static void chooseMode(FxRobot robot, Mode mode) {
        @SuppressWarnings("unchecked")
        ChoiceBox<Mode> modes = robot.lookup("#connection-mode").queryAs(ChoiceBox.class);
        robot.interact(() -> modes.setValue(mode));
    }

    private static String shownText(FxRobot robot, ChoiceBox<?> choice) {
        return robot.from(choice).lookup(".label").queryAs(Label.class).getText();
    }

    @Test
    void theChooserOffersRedshiftAndEachModeShowsItsOwnFields(FxRobot robot) throws Exception {
        ChoiceBox<?> backend = openDialog(robot);
        assertEquals("Amazon Redshift", shownText(robot, backend));
        robot.clickOn(backend);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, backend::isShowing);
        List<String> offered = robot.lookup(".context-menu .menu-item .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertEquals(List.of("Amazon Redshift", "Amazon Athena", "Dremio"), offered, "only the backends Quire has a client for");
        robot.interact(backend::hide);

        ChoiceBox<?> mode = robot.lookup("#connection-mode").queryAs(ChoiceBox.class);
        assertEquals("Serverless workgroup (IAM)", shownText(robot, mode));
        assertEquals(List.of("Connect to", "Region", "AWS profile", "Workgroup", "Database", "Endpoint"),
                formLabels(robot));
        assertEquals("dev", robot.lookup("#connection-database").queryAs(TextField.class).getText());
        assertEquals("us-east-1", robot.lookup("#connection-region").queryAs(ComboBox.class).getValue());

        chooseMode(robot, Mode.CLUSTER_IAM);
        assertEquals("Provisioned cluster (IAM identity)", shownText(robot, mode));
        assertEquals(List.of("Connect to", "Region", "AWS profile", "Cluster", "Database", "Endpoint"),
                formLabels(robot));

        chooseMode(robot, Mode.CLUSTER_DB_USER);
        assertEquals(List.of("Connect to", "Region", "AWS profile", "Cluster", "Database", "Database user",
                "Endpoint"), formLabels(robot));
        robot.clickOn("#connection-db-user").write("alice");

        chooseMode(robot, Mode.SECRETS_MANAGER);
        assertEquals("Secrets Manager secret", shownText(robot, mode));
        assertEquals(List.of("Connect to", "Region", "AWS profile", "Secret ARN", "Workgroup", "Cluster", "Database",
                "Endpoint"), formLabels(robot));
        assertTrue(robot.lookup("#connection-db-user").tryQuery().isEmpty(), "a field the mode does not use is gone");

        chooseMode(robot, Mode.CLUSTER_DB_USER);
        assertEquals("alice", robot.lookup("#connection-db-user").queryAs(TextField.class).getText(),
                "switching modes back keeps what was typed");
        Window dialog = backend.getScene().getWindow();
        robot.clickOn("#connection-cancel");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialog.isShowing());
    }

    @Test
    void theAthenaFormListsTheWorkgroupsOfTheLocalEndpointAndTestsTheConnection(FxRobot robot) throws Exception {
        System.setProperty("aws.accessKeyId", local.credentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", local.credentials().secretAccessKey());
        try {
            ChoiceBox<?> backend = openDialog(robot);
            @SuppressWarnings("unchecked")
            ChoiceBox<Object> choices = (ChoiceBox<Object>) backend;
            robot.interact(() -> choices.setValue(choices.getItems().get(1)));
            assertEquals("Amazon Athena", shownText(robot, backend));
            assertEquals(List.of("Region", "AWS profile", "Workgroup", "Data catalog", "Database", "Output location",
                    "Endpoint"), formLabels(robot));
            @SuppressWarnings("unchecked")
            ComboBox<String> region = robot.lookup("#athena-region").queryAs(ComboBox.class);
            robot.interact(() -> region.setValue(local.region()));
            robot.clickOn("#athena-endpoint").write(local.endpoint().toString());
            robot.doubleClickOn("#athena-database").write("public");
            robot.clickOn("#athena-list-workgroups");
            Label listed = robot.lookup("#athena-workgroups-result").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> listed.getText().equals("1 workgroup"));
            @SuppressWarnings("unchecked")
            ComboBox<String> workgroup = robot.lookup("#athena-workgroup").queryAs(ComboBox.class);
            assertEquals(List.of("primary"), workgroup.getItems());

            robot.clickOn("#connection-name").write("Local Athena");
            robot.clickOn("#connection-test");
            Label result = robot.lookup("#connection-test-result").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> result.getText().startsWith("Connected: "));
            assertTrue(result.getText().contains("public"), result.getText());
            Window dialog = backend.getScene().getWindow();
            robot.clickOn("#connection-cancel");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialog.isShowing());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    /** No keyring and an empty environment: a Dremio secret can only be asked for. */
    @Override
    Secrets secrets() {
        return new Secrets((service, account) -> {
            throw new IllegalStateException("no keyring here");
        }, name -> null, new SecretPrompt());
    }

    @Test
    void theDremioFormAsksForTheTokenOnceAndNeverSavesIt(FxRobot robot) throws Exception {
        ChoiceBox<?> backend = openDialog(robot);
        @SuppressWarnings("unchecked")
        ChoiceBox<Object> choices = (ChoiceBox<Object>) backend;
        robot.interact(() -> choices.setValue(choices.getItems().get(2)));
        assertEquals("Dremio", shownText(robot, backend));
        assertEquals(List.of("URL", "Sign in with", "Token kept in", "Variable", "Project ID", "Context"),
                formLabels(robot));
        @SuppressWarnings("unchecked")
        ChoiceBox<DremioSettings.Auth> auth = robot.lookup("#dremio-auth").queryAs(ChoiceBox.class);
        robot.interact(() -> auth.setValue(DremioSettings.Auth.PASSWORD));
        assertEquals(List.of("URL", "Sign in with", "User", "Password kept in", "Variable", "Project ID", "Context"),
                formLabels(robot));
        robot.interact(() -> auth.setValue(DremioSettings.Auth.PERSONAL_ACCESS_TOKEN));

        Label result = robot.lookup("#connection-test-result").queryAs(Label.class);
        robot.clickOn("#connection-name").write("Local Dremio");
        robot.clickOn("#connection-test");
        assertEquals("Enter Dremio's URL, e.g. https://dremio.example.com:9047.", result.getText());
        robot.clickOn("#dremio-url").write(local.endpoint().toString());
        TextField secretName = robot.lookup("#dremio-secret-name").queryAs(TextField.class);
        assertEquals(Secrets.DREMIO_TOKEN, secretName.getText(), "the token is read from DREMIO_TOKEN unless named");
        robot.interact(secretName::clear);
        robot.clickOn(secretName).write("QUIRE_UI_TEST_TOKEN");
        robot.clickOn("#dremio-context").write("Samples.\"samples.dremio.com\"");
        robot.clickOn("#connection-test");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#secret-prompt-field").tryQuery()
                .isPresent());
        robot.clickOn("#secret-prompt-field").write(local.dremioToken());
        robot.clickOn("#secret-prompt-ok");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> result.getText().startsWith("Connected: "));
        assertTrue(result.getText().contains("Samples"), result.getText());

        robot.interact(() -> result.setText(""));
        robot.clickOn("#connection-test");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> result.getText().startsWith("Connected: "));
        assertTrue(robot.lookup("#secret-prompt-field").tryQuery().isEmpty(), "asked once per start");

        Window dialog = backend.getScene().getWindow();
        robot.clickOn("#connection-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialog.isShowing());
        String saved = Files.readString(config.resolve(ProfileStore.FILE_NAME));
        assertTrue(saved.contains("\"QUIRE_UI_TEST_TOKEN\""), saved);
        assertTrue(saved.contains("\"samples.dremio.com\""), "the context is kept: " + saved);
        assertTrue(!saved.contains(local.dremioToken()), "the token is never written");
    }

    @Test
    void aFailedSaveSaysWhatFailedAndKeepsTheDialogOpen(FxRobot robot) throws Exception {
        ChoiceBox<?> backend = openDialog(robot);
        Label result = robot.lookup("#connection-test-result").queryAs(Label.class);
        robot.clickOn("#connection-name").write("Staging");
        robot.clickOn("#connection-save");
        assertEquals("Enter the workgroup name.", result.getText(), "an incomplete profile says what it misses");

        robot.clickOn("#connection-workgroup").write("local");
        robot.clickOn("#connection-endpoint").write(local.endpoint().toString());
        @SuppressWarnings("unchecked")
        ComboBox<String> awsProfile = robot.lookup("#connection-aws-profile").queryAs(ComboBox.class);
        robot.interact(() -> awsProfile.setValue("quire-ui-test-no-such-profile"));
        Path file = config.resolve(ProfileStore.FILE_NAME);
        Path inTheWay = config.resolve(ProfileStore.FILE_NAME + ".tmp");
        byte[] before = Files.readAllBytes(file);
        Files.createDirectories(inTheWay.resolve("something"));

        robot.clickOn("#connection-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> result.getText().startsWith("Not saved"));
        assertEquals("Not saved: Could not write " + file + ": something else is in the way (" + inTheWay + ").",
                result.getText());
        Window dialog = backend.getScene().getWindow();
        assertTrue(dialog.isShowing(), "the dialog stays open to try again");
        assertEquals("Ready · " + ConnectionProfile.LOCAL_NAME, status(robot),
                "the window does not say that the local engine failed");
        ListView<String> messages = robot.lookup("#messages-list").queryListView();
        assertTrue(messages.getItems().stream().anyMatch(line -> line.endsWith(
                "Could not save the connection \"Staging\": Could not write " + file
                        + ": something else is in the way (" + inTheWay + ").")), messages.getItems().toString());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is as it was");

        Files.delete(inTheWay.resolve("something"));
        Files.delete(inTheWay);
        robot.clickOn("#connection-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialog.isShowing());
        @SuppressWarnings("unchecked")
        ComboBox<ConnectionProfile> selector = robot.lookup("#connection-selector").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> selector.getItems().stream()
                .anyMatch(p -> p.name().equals("Staging")));
        assertTrue(Files.readString(file).contains("\"version\" : 2"), Files.readString(file));
    }
}
