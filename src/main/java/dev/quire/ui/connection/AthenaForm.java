package dev.quire.ui.connection;

import static dev.quire.ui.connection.FormFields.blankToNull;
import static dev.quire.ui.connection.FormFields.field;
import static dev.quire.ui.connection.FormFields.nullToEmpty;
import static dev.quire.ui.connection.FormFields.row;

import dev.quire.model.AthenaSettings;
import dev.quire.model.BackendSettings;
import dev.quire.model.ConnectionProfile.Backend;
import dev.quire.ui.common.Fx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * An Amazon Athena connection: region, AWS profile, workgroup (listed from the account on
 * request), data catalog, database, an optional output location and endpoint.
 */
final class AthenaForm implements BackendForm {

    final ComboBox<String> region = FormFields.regions("athena-region");
    final ComboBox<String> awsProfile = FormFields.awsProfiles("athena-aws-profile", region);
    final ComboBox<String> workgroup = new ComboBox<>();
    final Button listWorkgroups = new Button("List");
    final Label workgroupsResult = new Label();
    final TextField catalog = field("athena-catalog", AthenaSettings.DEFAULT_CATALOG);
    final TextField database = field("athena-database", "Database, e.g. default");
    final TextField outputLocation = field("athena-output-location", "Optional: s3://bucket/path/ (else the workgroup's)");
    final TextField endpoint = field("athena-endpoint", "Optional endpoint override, e.g. http://127.0.0.1:4566");
    private final GridPane grid = new GridPane();
    private final Function<AthenaSettings, CompletableFuture<List<String>>> workgroups;

    /** A form whose List button asks the given lister for the workgroups the settings can see. */
    AthenaForm(Function<AthenaSettings, CompletableFuture<List<String>>> workgroups) {
        this.workgroups = workgroups;
        workgroup.setEditable(true);
        workgroup.setId("athena-workgroup");
        workgroup.setPromptText(AthenaSettings.DEFAULT_WORKGROUP);
        workgroup.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(workgroup, Priority.ALWAYS);
        listWorkgroups.setId("athena-list-workgroups");
        listWorkgroups.setOnAction(e -> listWorkgroups());
        workgroupsResult.setId("athena-workgroups-result");
        workgroupsResult.setWrapText(true);
        workgroupsResult.setMaxWidth(380);
        grid.setHgap(8);
        grid.setVgap(6);
        row(grid, "Region", region);
        row(grid, "AWS profile", awsProfile);
        HBox workgroupRow = new HBox(6, workgroup, listWorkgroups);
        workgroupRow.setId("athena-workgroup-row");
        row(grid, "Workgroup", workgroupRow);
        grid.add(workgroupsResult, 1, grid.getRowCount());
        row(grid, "Data catalog", catalog);
        row(grid, "Database", database);
        row(grid, "Output location", outputLocation);
        row(grid, "Endpoint", endpoint);
        fill(null);
    }

    @Override
    public Backend backend() {
        return Backend.ATHENA;
    }

    @Override
    public Node view() {
        return grid;
    }

    @Override
    public void fill(BackendSettings settings) {
        AthenaSettings start = settings instanceof AthenaSettings a ? a : null;
        region.setValue(start == null ? "us-east-1" : start.region());
        awsProfile.setValue(start == null ? null : start.awsProfile());
        workgroup.setValue(start == null ? AthenaSettings.DEFAULT_WORKGROUP : start.workgroup());
        catalog.setText(start == null ? AthenaSettings.DEFAULT_CATALOG : nullToEmpty(start.catalog()));
        database.setText(start == null ? "default" : nullToEmpty(start.database()));
        outputLocation.setText(start == null ? "" : nullToEmpty(start.outputLocation()));
        endpoint.setText(start == null || start.endpoint() == null ? "" : start.endpoint().toString());
        workgroupsResult.setText("");
    }

    @Override
    public String problem() {
        String problem = FormFields.endpointProblem(endpoint);
        return problem != null ? problem : settings().problem();
    }

    @Override
    public AthenaSettings settings() {
        return new AthenaSettings(blankToNull(region.getValue()), blankToNull(workgroup.getEditor().getText()),
                blankToNull(catalog.getText()), blankToNull(database.getText()), blankToNull(outputLocation.getText()),
                blankToNull(awsProfile.getValue()), FormFields.endpoint(endpoint));
    }

    /** Lists the workgroups in the background; the one typed stays chosen. */
    private void listWorkgroups() {
        String problem = FormFields.endpointProblem(endpoint);
        if (problem == null && blankToNull(region.getValue()) == null) {
            problem = "Choose a region.";
        }
        if (problem != null) {
            workgroupsResult.setText(problem);
            return;
        }
        String typed = workgroup.getEditor().getText();
        listWorkgroups.setDisable(true);
        workgroupsResult.setText("Listing workgroups…");
        workgroups.apply(settings()).whenCompleteAsync((names, error) -> {
            listWorkgroups.setDisable(false);
            if (error != null) {
                workgroupsResult.setText("Could not list workgroups: " + Fx.message(error));
                return;
            }
            workgroup.getItems().setAll(names);
            workgroup.setValue(typed);
            workgroupsResult.setText(names.size() == 1 ? "1 workgroup" : names.size() + " workgroups");
        }, Fx.THREAD);
    }
}
