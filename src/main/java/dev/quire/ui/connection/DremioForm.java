package dev.quire.ui.connection;

import static dev.quire.ui.connection.FormFields.blankToNull;
import static dev.quire.ui.connection.FormFields.field;
import static dev.quire.ui.connection.FormFields.nullToEmpty;
import static dev.quire.ui.connection.FormFields.row;

import dev.quire.client.Secrets;
import dev.quire.model.BackendSettings;
import dev.quire.model.CatalogPath;
import dev.quire.model.ConnectionProfile.Backend;
import dev.quire.model.DremioSettings;
import dev.quire.model.DremioSettings.Auth;
import dev.quire.model.SecretRef;
import dev.quire.model.SqlDialect;
import java.net.URI;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * A Dremio connection: the URL, a personal access token or a user and password, where that
 * secret is kept (a keyring entry or an environment variable, by name only; asked for once per
 * start when it is in neither), an optional Dremio Cloud project and the default context.
 */
final class DremioForm implements BackendForm {

    final TextField url = field("dremio-url", "https://dremio.example.com:9047");
    final ChoiceBox<Auth> auth = new ChoiceBox<>();
    final TextField user = field("dremio-user", "User name");
    final ChoiceBox<SecretRef.Store> store = new ChoiceBox<>();
    final TextField secretName = field("dremio-secret-name", Secrets.DREMIO_TOKEN);
    final TextField projectId = field("dremio-project", "Optional: the Dremio Cloud project ID");
    final TextField context = field("dremio-context", "Optional: a space and folders, e.g. Samples.\"samples.dremio.com\"");
    final Label secretNote = new Label();
    private final GridPane grid = new GridPane();

    DremioForm() {
        auth.getItems().addAll(Auth.values());
        auth.setConverter(FormFields.converter(value -> value == Auth.PASSWORD ? "User and password" : "Personal access token"));
        auth.setId("dremio-auth");
        store.getItems().addAll(SecretRef.Store.values());
        store.setConverter(FormFields.converter(value -> value == SecretRef.Store.KEYRING ? "OS keyring entry"
                : "Environment variable"));
        store.setId("dremio-secret-store");
        secretNote.setId("dremio-secret-note");
        secretNote.setWrapText(true);
        secretNote.setMaxWidth(380);
        grid.setHgap(8);
        grid.setVgap(6);
        auth.valueProperty().addListener((obs, old, now) -> layOut());
        store.valueProperty().addListener((obs, old, now) -> layOut());
        fill(null);
    }

    @Override
    public Backend backend() {
        return Backend.DREMIO;
    }

    @Override
    public Node view() {
        return grid;
    }

    @Override
    public void fill(BackendSettings settings) {
        DremioSettings start = settings instanceof DremioSettings d ? d : null;
        url.setText(start == null || start.baseUrl() == null ? "" : start.baseUrl().toString());
        auth.setValue(start == null || start.auth() == null ? Auth.PERSONAL_ACCESS_TOKEN : start.auth());
        user.setText(start == null ? "" : nullToEmpty(start.user()));
        SecretRef secret = start == null ? null : start.secret();
        store.setValue(secret == null || secret.store() == null ? SecretRef.Store.ENVIRONMENT : secret.store());
        secretName.setText(secret == null ? Secrets.DREMIO_TOKEN : nullToEmpty(secret.name()));
        projectId.setText(start == null ? "" : nullToEmpty(start.projectId()));
        context.setText(start == null || start.context().isEmpty() ? ""
                : SqlDialect.DREMIO.quote(new CatalogPath(start.context())));
        layOut();
    }

    @Override
    public String problem() {
        String problem = urlProblem();
        if (problem == null) {
            try {
                CatalogPath.parse(context.getText());
            } catch (IllegalArgumentException e) {
                problem = "The context: " + e.getMessage() + ".";
            }
        }
        return problem != null ? problem : settings().problem();
    }

    private String urlProblem() {
        if (url.getText().isBlank()) {
            return null;
        }
        try {
            URI.create(url.getText().strip());
            return null;
        } catch (IllegalArgumentException e) {
            return "Dremio's URL is not valid: " + e.getMessage();
        }
    }

    /** The settings the fields describe; read after {@link #problem()} is null. */
    @Override
    public DremioSettings settings() {
        URI baseUrl = url.getText().isBlank() || urlProblem() != null ? null : URI.create(url.getText().strip());
        List<String> path;
        try {
            path = CatalogPath.parse(context.getText()).names();
        } catch (IllegalArgumentException e) {
            path = List.of();
        }
        return new DremioSettings(baseUrl, auth.getValue() == Auth.PASSWORD ? blankToNull(user.getText()) : null,
                auth.getValue(), new SecretRef(store.getValue(), blankToNull(secretName.getText())),
                blankToNull(projectId.getText()), path);
    }

    /** The user's field only when signing in with a password. */
    private void layOut() {
        grid.getChildren().clear();
        boolean password = auth.getValue() == Auth.PASSWORD;
        row(grid, "URL", url);
        row(grid, "Sign in with", auth);
        if (password) {
            row(grid, "User", user);
        }
        row(grid, password ? "Password kept in" : "Token kept in", store);
        row(grid, store.getValue() == SecretRef.Store.KEYRING ? "Keyring entry" : "Variable", secretName);
        secretNote.setText((store.getValue() == SecretRef.Store.KEYRING
                ? "Service \"" + Secrets.KEYRING_SERVICE + "\", account the entry's name. "
                : "") + "Quire keeps only this name; when the " + (password ? "password" : "token")
                + " is not there, " + Secrets.DREMIO_TOKEN + " is read, else you are asked once per start.");
        grid.add(secretNote, 1, grid.getRowCount());
        row(grid, "Project ID", projectId);
        row(grid, "Context", context);
        if (grid.getScene() != null && grid.getScene().getWindow() != null) {
            grid.getScene().getWindow().sizeToScene();
        }
    }
}
