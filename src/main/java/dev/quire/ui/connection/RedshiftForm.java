package dev.quire.ui.connection;

import static dev.quire.ui.connection.FormFields.blankToNull;
import static dev.quire.ui.connection.FormFields.field;
import static dev.quire.ui.connection.FormFields.nullToEmpty;
import static dev.quire.ui.connection.FormFields.row;

import dev.quire.model.BackendSettings;
import dev.quire.model.ConnectionProfile.Backend;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.RedshiftSettings.Mode;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * A Redshift connection: the mode, then the fields that mode uses (the others keep what they hold,
 * so switching modes back loses nothing).
 */
final class RedshiftForm implements BackendForm {

    final ChoiceBox<Mode> mode = new ChoiceBox<>();
    final ComboBox<String> region = FormFields.regions("connection-region");
    final ComboBox<String> awsProfile = FormFields.awsProfiles("connection-aws-profile", region);
    final TextField workgroup = field("connection-workgroup", "Serverless workgroup name");
    final TextField cluster = field("connection-cluster", "Cluster identifier");
    final TextField database = field("connection-database", "Database, e.g. dev");
    final TextField dbUser = field("connection-db-user", "Database user");
    final TextField secretArn = field("connection-secret", "arn:aws:secretsmanager:…");
    final TextField endpoint = field("connection-endpoint", "Optional endpoint override, e.g. http://127.0.0.1:4566");
    private final GridPane grid = new GridPane();

    RedshiftForm() {
        mode.getItems().addAll(Mode.values());
        mode.setConverter(FormFields.converter(RedshiftForm::label));
        mode.setId("connection-mode");
        grid.setHgap(8);
        grid.setVgap(6);
        mode.valueProperty().addListener((obs, old, now) -> layOut(now));
        fill(null);
    }

    static String label(Mode mode) {
        return switch (mode) {
            case SERVERLESS_WORKGROUP -> "Serverless workgroup (IAM)";
            case CLUSTER_IAM -> "Provisioned cluster (IAM identity)";
            case CLUSTER_DB_USER -> "Provisioned cluster (database user)";
            case SECRETS_MANAGER -> "Secrets Manager secret";
        };
    }

    @Override
    public Backend backend() {
        return Backend.REDSHIFT;
    }

    @Override
    public Node view() {
        return grid;
    }

    @Override
    public void fill(BackendSettings settings) {
        RedshiftSettings start = settings instanceof RedshiftSettings r ? r : null;
        mode.setValue(start == null || start.mode() == null ? Mode.SERVERLESS_WORKGROUP : start.mode());
        region.setValue(start == null ? "us-east-1" : start.region());
        awsProfile.setValue(start == null ? null : start.awsProfile());
        workgroup.setText(start == null ? "" : nullToEmpty(start.workgroupName()));
        cluster.setText(start == null ? "" : nullToEmpty(start.clusterIdentifier()));
        database.setText(start == null ? "dev" : nullToEmpty(start.database()));
        dbUser.setText(start == null ? "" : nullToEmpty(start.dbUser()));
        secretArn.setText(start == null ? "" : nullToEmpty(start.secretArn()));
        endpoint.setText(start == null || start.endpoint() == null ? "" : start.endpoint().toString());
        layOut(mode.getValue());
    }

    @Override
    public String problem() {
        String problem = FormFields.endpointProblem(endpoint);
        return problem != null ? problem : settings().problem();
    }

    @Override
    public RedshiftSettings settings() {
        return new RedshiftSettings(mode.getValue(), blankToNull(region.getValue()), FormFields.endpoint(endpoint),
                blankToNull(awsProfile.getValue()), blankToNull(workgroup.getText()), blankToNull(cluster.getText()),
                blankToNull(database.getText()), blankToNull(dbUser.getText()), blankToNull(secretArn.getText()));
    }

    /** The mode's fields only. */
    private void layOut(Mode chosen) {
        grid.getChildren().clear();
        row(grid, "Connect to", mode);
        row(grid, "Region", region);
        row(grid, "AWS profile", awsProfile);
        if (chosen == Mode.SECRETS_MANAGER) {
            row(grid, "Secret ARN", secretArn);
        }
        if (chosen != Mode.CLUSTER_IAM && chosen != Mode.CLUSTER_DB_USER) {
            row(grid, "Workgroup", workgroup);
        }
        if (chosen != Mode.SERVERLESS_WORKGROUP) {
            row(grid, "Cluster", cluster);
        }
        row(grid, "Database", database);
        if (chosen == Mode.CLUSTER_DB_USER) {
            row(grid, "Database user", dbUser);
        }
        row(grid, "Endpoint", endpoint);
        if (grid.getScene() != null && grid.getScene().getWindow() != null) {
            grid.getScene().getWindow().sizeToScene();
        }
    }
}
