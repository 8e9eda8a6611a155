package dev.quire.ui.editor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks for the values of a statement's parameters before it runs: one field a parameter
 * ({@code :name}, or {@code ?} 1 to n on Athena), filled with the values given last time. Run is
 * enabled once every field has a value; Esc or Cancel runs nothing.
 */
public final class ParameterForm extends Dialog<Map<String, String>> {

    public static final ButtonType RUN = new ButtonType("Run", ButtonBar.ButtonData.OK_DONE);

    private final Map<String, TextField> fields = new LinkedHashMap<>();

    public ParameterForm(Window owner, List<String> names, boolean positional, Map<String, String> last) {
        initOwner(owner);
        setTitle("Parameters");
        setHeaderText(names.size() == 1 ? "The statement takes a value." : "The statement takes "
                + names.size() + " values.");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int row = 0;
        for (String name : names) {
            Label label = new Label(positional ? "? " + name : ":" + name);
            TextField field = new TextField(last.getOrDefault(name, ""));
            field.setId("parameter-" + name);
            field.setPrefColumnCount(24);
            label.setLabelFor(field);
            grid.addRow(row++, label, field);
            fields.put(name, field);
        }
        Label hint = new Label("Text goes as it is typed; the database converts it to the type the statement needs.");
        hint.getStyleClass().add("hint");
        grid.add(hint, 0, row, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(RUN, ButtonType.CANCEL);
        BooleanBinding missing = Bindings.createBooleanBinding(
                () -> fields.values().stream().anyMatch(f -> f.getText().isEmpty()),
                fields.values().stream().map(TextField::textProperty).toArray(javafx.beans.Observable[]::new));
        getDialogPane().lookupButton(RUN).disableProperty().bind(missing);
        setResultConverter(button -> {
            if (button != RUN) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((name, field) -> values.put(name, field.getText()));
            return values;
        });
        TextField first = fields.values().iterator().next();
        setOnShown(e -> Platform.runLater(() -> {
            first.requestFocus();
            first.selectAll();
        }));
    }

    /** Shows the form and waits for it; empty when cancelled. */
    public static Optional<Map<String, String>> ask(Window owner, List<String> names, boolean positional,
                                                    Map<String, String> last) {
        return new ParameterForm(owner, names, positional, last).showAndWait();
    }
}
