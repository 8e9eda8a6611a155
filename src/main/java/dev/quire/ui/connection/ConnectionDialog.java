package dev.quire.ui.connection;

import dev.quire.model.ConnectionProfile;
import dev.quire.service.ConnectionManager;
import dev.quire.ui.WorkbenchModel;
import dev.quire.ui.common.Fx;
import java.util.List;
import java.util.function.Consumer;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Adds or changes a connection: its name, the backend, and that backend's form; Test tries it and
 * Save stores it, staying open with the reason when the save fails.
 */
public final class ConnectionDialog extends Dialog<ConnectionProfile> {

    final TextField name = FormFields.field("connection-name", "Name");
    final ChoiceBox<BackendForm> backend = new ChoiceBox<>();
    final Label result = new Label();
    private final StackPane form = new StackPane();
    private final ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    /** The backends Quire has a client for, one form each. */
    static List<BackendForm> forms(ConnectionManager manager) {
        return List.of(new RedshiftForm(), new AthenaForm(settings -> manager.workgroups(
                new ConnectionProfile("workgroups", settings))), new DremioForm());
    }

    /**
     * A dialog on the given forms; editing is the connection to change (null, or one no form is for:
     * a new one). A saved profile goes to saved, a failed save's reason also to problems.
     */
    ConnectionDialog(ConnectionManager manager, ConnectionProfile editing, List<BackendForm> forms,
                     Consumer<ConnectionProfile> saved, Consumer<String> problems) {
        BackendForm editingForm = editing == null ? null
                : forms.stream().filter(f -> f.backend() == editing.backend()).findFirst().orElse(null);
        String oldName = editingForm == null ? null : editing.name();
        setTitle(oldName == null ? "New connection" : "Connection " + oldName);
        backend.getItems().setAll(forms);
        backend.setConverter(FormFields.converter(form -> form.backend().label()));
        backend.setId("connection-backend");
        backend.valueProperty().addListener((obs, old, now) -> {
            form.getChildren().setAll(now.view());
            if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
                getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
        result.setId("connection-test-result");
        result.setWrapText(true);
        result.setMaxWidth(460);

        GridPane top = new GridPane();
        top.setHgap(8);
        top.setVgap(6);
        FormFields.row(top, "Name", name);
        FormFields.row(top, "Backend", backend);
        Button test = new Button("Test");
        test.setId("connection-test");
        test.setOnAction(e -> test(manager));
        GridPane bottom = new GridPane();
        bottom.setHgap(8);
        bottom.addRow(0, test, result);
        form.setId("connection-form");
        VBox content = new VBox(6, top, form, bottom);
        content.setPadding(new Insets(12));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().addAll(saveType, ButtonType.CANCEL);

        name.setText(oldName == null ? "" : oldName);
        if (editingForm != null) {
            editingForm.fill(editing.settings());
        }
        backend.setValue(editingForm != null ? editingForm : forms.get(0));

        Button save = (Button) getDialogPane().lookupButton(saveType);
        save.setId("connection-save");
        getDialogPane().lookupButton(ButtonType.CANCEL).setId("connection-cancel");
        save.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            save(manager, oldName, saved, problems);
        });
        setResultConverter(button -> null);
    }

    /** Opens the dialog for a new connection (or the given one); a saved one is selected. */
    public static void show(Window owner, WorkbenchModel model, ConnectionProfile current) {
        ConnectionManager manager = model.connectionManager();
        if (manager == null) {
            return;
        }
        ConnectionDialog dialog = new ConnectionDialog(manager, current, forms(manager),
                profile -> model.profilesChanged(profile.name()), model::report);
        dialog.initOwner(owner);
        dialog.show();
    }

    /** Saves in the background; the dialog closes once the profile is stored, else says what failed. */
    private void save(ConnectionManager manager, String oldName, Consumer<ConnectionProfile> saved,
                      Consumer<String> problems) {
        String problem = problem();
        if (problem != null) {
            result.setText(problem);
            return;
        }
        ConnectionProfile profile = profile();
        Button save = (Button) getDialogPane().lookupButton(saveType);
        save.setDisable(true);
        result.setText("Saving…");
        manager.save(oldName, profile).whenCompleteAsync((ok, error) -> {
            save.setDisable(false);
            if (error != null) {
                result.setText("Not saved: " + Fx.message(error));
                problems.accept("Could not save the connection \"" + profile.name() + "\": " + Fx.message(error));
                return;
            }
            saved.accept(profile);
            if (isShowing()) {
                setResult(profile);
            }
        }, Fx.THREAD);
    }

    private void test(ConnectionManager manager) {
        String problem = problem();
        if (problem != null) {
            result.setText(problem);
            return;
        }
        result.setText("Testing…");
        manager.test(profile()).whenCompleteAsync((summary, error) -> result.setText(error == null ? summary
                : "Failed: " + Fx.message(error)), Fx.THREAD);
    }

    String problem() {
        if (name.getText().isBlank()) {
            return "Enter a name.";
        }
        return backend.getValue().problem();
    }

    ConnectionProfile profile() {
        return new ConnectionProfile(name.getText().strip(), backend.getValue().settings());
    }
}
