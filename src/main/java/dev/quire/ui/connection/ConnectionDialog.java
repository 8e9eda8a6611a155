package dev.quire.ui.connection;

import dev.quire.aws.AwsProfile;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.ConnectionProfile.Mode;
import dev.quire.service.ConnectionManager;
import dev.quire.ui.WorkbenchModel;
import dev.quire.ui.common.Fx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** Adds or changes a Redshift connection: mode, region, AWS profile, target; Test before saving. */
public final class ConnectionDialog extends Dialog<ConnectionProfile> {

    static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    final TextField name = field("connection-name", "Name");
    final ChoiceBox<Mode> mode = new ChoiceBox<>();
    final ComboBox<String> region = new ComboBox<>();
    final ComboBox<String> awsProfile = new ComboBox<>();
    final TextField workgroup = field("connection-workgroup", "Serverless workgroup name");
    final TextField cluster = field("connection-cluster", "Cluster identifier");
    final TextField database = field("connection-database", "Database, e.g. dev");
    final TextField dbUser = field("connection-db-user", "Database user");
    final TextField secretArn = field("connection-secret", "arn:aws:secretsmanager:…");
    final TextField endpoint = field("connection-endpoint", "Optional endpoint override, e.g. http://127.0.0.1:4566");
    final Label result = new Label();

    ConnectionDialog(ConnectionManager manager, ConnectionProfile editing) {
        setTitle(editing == null ? "New connection" : "Connection " + editing.name());
        mode.getItems().addAll(Mode.SERVERLESS_WORKGROUP, Mode.CLUSTER_IAM, Mode.CLUSTER_DB_USER, Mode.SECRETS_MANAGER);
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(Mode value) {
                return value == null ? "" : switch (value) {
                    case SERVERLESS_WORKGROUP -> "Serverless workgroup (IAM)";
                    case CLUSTER_IAM -> "Provisioned cluster (IAM identity)";
                    case CLUSTER_DB_USER -> "Provisioned cluster (database user)";
                    case SECRETS_MANAGER -> "Secrets Manager secret";
                    case LOCAL -> "Local engine";
                };
            }

            @Override
            public Mode fromString(String text) {
                return null;
            }
        });
        mode.setId("connection-mode");
        region.setEditable(true);
        region.getItems().setAll(REGIONS);
        region.setId("connection-region");
        awsProfile.setEditable(true);
        awsProfile.setPromptText("default credentials");
        awsProfile.setId("connection-aws-profile");
        result.setId("connection-test-result");
        result.setWrapText(true);
        result.setMaxWidth(460);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.setPadding(new Insets(12));
        int row = 0;
        form.addRow(row++, new Label("Name"), name);
        form.addRow(row++, new Label("Connect to"), mode);
        form.addRow(row++, new Label("Region"), region);
        form.addRow(row++, new Label("AWS profile"), awsProfile);
        form.addRow(row++, new Label("Workgroup"), workgroup);
        form.addRow(row++, new Label("Cluster"), cluster);
        form.addRow(row++, new Label("Database"), database);
        form.addRow(row++, new Label("Database user"), dbUser);
        form.addRow(row++, new Label("Secret ARN"), secretArn);
        form.addRow(row++, new Label("Endpoint"), endpoint);
        Button test = new Button("Test");
        test.setId("connection-test");
        test.setOnAction(e -> test(manager));
        form.addRow(row, test, result);
        getDialogPane().setContent(form);
        getDialogPane().getButtonTypes().addAll(new ButtonType("Save", ButtonBar.ButtonData.OK_DONE),
                ButtonType.CANCEL);
        mode.valueProperty().addListener((obs, old, now) -> showFieldsFor(now));

        ConnectionProfile start = editing != null && editing.backend() == ConnectionProfile.Backend.REDSHIFT ? editing
                : null;
        name.setText(start == null ? "" : start.name());
        mode.setValue(start == null ? Mode.SERVERLESS_WORKGROUP : start.mode());
        region.setValue(start == null ? "us-east-1" : start.region());
        awsProfile.setValue(start == null ? null : start.awsProfile());
        workgroup.setText(start == null ? "" : nullToEmpty(start.workgroupName()));
        cluster.setText(start == null ? "" : nullToEmpty(start.clusterIdentifier()));
        database.setText(start == null ? "dev" : nullToEmpty(start.database()));
        dbUser.setText(start == null ? "" : nullToEmpty(start.dbUser()));
        secretArn.setText(start == null ? "" : nullToEmpty(start.secretArn()));
        endpoint.setText(start == null || start.endpoint() == null ? "" : start.endpoint().toString());

        CompletableFuture.supplyAsync(AwsProfile::list).whenCompleteAsync((profiles, error) -> {
            if (profiles != null) {
                profiles.forEach(p -> awsProfile.getItems().add(p.name()));
            }
        }, Fx.THREAD);
        awsProfile.valueProperty().addListener((obs, old, chosen) -> CompletableFuture.supplyAsync(AwsProfile::list)
                .thenAcceptAsync(profiles -> profiles.stream().filter(p -> p.name().equals(chosen)
                        && p.region() != null).findFirst().ifPresent(p -> region.setValue(p.region())), Fx.THREAD));

        Button save = (Button) getDialogPane().lookupButton(getDialogPane().getButtonTypes().get(0));
        save.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = problem();
            if (problem != null) {
                result.setText(problem);
                e.consume();
            }
        });
        setResultConverter(button -> button.getButtonData() == ButtonBar.ButtonData.OK_DONE ? profile() : null);
    }

    /** Opens the dialog for a new connection (or the given one), saves and selects it. */
    public static void show(Window owner, WorkbenchModel model, ConnectionProfile current) {
        ConnectionManager manager = model.connectionManager();
        if (manager == null) {
            return;
        }
        ConnectionDialog dialog = new ConnectionDialog(manager, current);
        dialog.initOwner(owner);
        dialog.showAndWait().ifPresent(profile -> {
            String oldName = current != null && current.backend() == ConnectionProfile.Backend.REDSHIFT
                    ? current.name() : null;
            manager.save(oldName, profile).whenCompleteAsync((ok, error) -> {
                if (error != null) {
                    model.startupFailed(error);
                } else {
                    model.profilesChanged(profile.name());
                }
            }, Fx.THREAD);
        });
    }

    private void test(ConnectionManager manager) {
        String problem = problem();
        if (problem != null) {
            result.setText(problem);
            return;
        }
        result.setText("Testing…");
        manager.test(profile()).whenCompleteAsync((summary, error) -> result.setText(error == null ? summary
                : "Failed: " + (error.getCause() != null ? error.getCause() : error).getMessage()), Fx.THREAD);
    }

    String problem() {
        if (name.getText().isBlank()) {
            return "Enter a name.";
        }
        if (!endpoint.getText().isBlank()) {
            try {
                URI uri = URI.create(endpoint.getText().strip());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return "The endpoint must be a URL such as https://host:443.";
                }
            } catch (IllegalArgumentException e) {
                return "The endpoint is not a valid URL: " + e.getMessage();
            }
        }
        return profile().problem();
    }

    ConnectionProfile profile() {
        return new ConnectionProfile(name.getText().strip(), ConnectionProfile.Backend.REDSHIFT, mode.getValue(),
                blankToNull(region.getValue()), endpoint.getText().isBlank() ? null
                : URI.create(endpoint.getText().strip()), blankToNull(awsProfile.getValue()),
                blankToNull(workgroup.getText()), blankToNull(cluster.getText()), blankToNull(database.getText()),
                blankToNull(dbUser.getText()), blankToNull(secretArn.getText()));
    }

    private void showFieldsFor(Mode chosen) {
        workgroup.setDisable(chosen == Mode.CLUSTER_IAM || chosen == Mode.CLUSTER_DB_USER);
        cluster.setDisable(chosen == Mode.SERVERLESS_WORKGROUP);
        dbUser.setDisable(chosen != Mode.CLUSTER_DB_USER);
        secretArn.setDisable(chosen != Mode.SECRETS_MANAGER);
    }

    private static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(32);
        return field;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
