package dev.quire.ui;

import dev.quire.local.DiskBudget;
import dev.quire.model.Settings;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The settings: theme, the editor's font size, completion on a typed dot, and the disk the local
 * engine's results may take (from the next start). OK stays disabled while a value is not one.
 */
final class SettingsDialog extends Dialog<Settings> {

    SettingsDialog(Window owner, Settings current) {
        initOwner(owner);
        setTitle("Settings");
        getDialogPane().setId("settings-dialog");
        ChoiceBox<Settings.Theme> theme = new ChoiceBox<>();
        theme.setId("settings-theme");
        theme.getItems().setAll(Settings.Theme.values());
        theme.setValue(current.theme());
        theme.setConverter(new StringConverter<>() {
            @Override
            public String toString(Settings.Theme value) {
                return value == null ? "" : value.label();
            }

            @Override
            public Settings.Theme fromString(String text) {
                return null;
            }
        });
        Spinner<Integer> font = new Spinner<>(Settings.MIN_FONT_SIZE, Settings.MAX_FONT_SIZE, current.editorFontSize());
        font.setId("settings-font-size");
        font.setEditable(true);
        Label fontNote = new Label("Give a size from " + Settings.MIN_FONT_SIZE + " to " + Settings.MAX_FONT_SIZE + ".");
        fontNote.setId("settings-font-size-note");
        BooleanBinding badFont = Bindings.createBooleanBinding(() -> typed(font) < 0, font.getEditor().textProperty());
        fontNote.visibleProperty().bind(badFont);
        fontNote.managedProperty().bind(badFont);
        CheckBox dot = new CheckBox("Typing a dot lists what lies in that scope (Ctrl+Space always does)");
        dot.setId("settings-complete-on-dot");
        dot.setSelected(current.completeOnDot());
        TextField budget = new TextField(DiskBudget.describe(current.resultsBudgetBytes()).replace(" ", ""));
        budget.setId("settings-results-budget");
        budget.setPrefColumnCount(10);
        Label budgetNote = new Label();
        budgetNote.setId("settings-results-budget-note");
        budgetNote.setWrapText(true);
        budgetNote.setPrefWidth(360);
        budgetNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        BooleanBinding badBudget = Bindings.createBooleanBinding(() -> budgetBytes(budget.getText()) < 0,
                budget.textProperty());
        budgetNote.textProperty().bind(Bindings.createStringBinding(() -> {
            long bytes = budgetBytes(budget.getText());
            return bytes < 0 ? "Give a size of at least " + DiskBudget.describe(Settings.MIN_RESULTS_BUDGET)
                    + ", such as 4g or 500m." : "The local engine keeps results up to " + DiskBudget.describe(bytes)
                    + " on disk, dropping the oldest past it; from the next start.";
        }, budget.textProperty()));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.setPadding(new javafx.geometry.Insets(16, 20, 8, 20));
        grid.addRow(0, new Label("Theme"), theme);
        grid.addRow(1, new Label("Editor font size"), font);
        grid.add(fontNote, 1, 2);
        grid.add(dot, 0, 3, 2, 1);
        grid.addRow(4, new Label("Stored results"), budget);
        grid.add(budgetNote, 1, 5);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(badBudget.or(badFont));
        setResultConverter(button -> button != ButtonType.OK ? null : new Settings(theme.getValue(),
                typed(font), dot.isSelected(), budgetBytes(budget.getText())));
    }

    /** The size typed in the spinner's field (which it takes only on Enter), or -1 when it is none in range. */
    private static int typed(Spinner<Integer> font) {
        try {
            int size = Integer.parseInt(font.getEditor().getText().strip());
            return size < Settings.MIN_FONT_SIZE || size > Settings.MAX_FONT_SIZE ? -1 : size;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The budget typed, or -1 when it is no size or too small. */
    static long budgetBytes(String text) {
        try {
            long bytes = DiskBudget.parse(text);
            return bytes < Settings.MIN_RESULTS_BUDGET ? -1 : bytes;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
