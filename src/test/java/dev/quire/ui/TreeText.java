package dev.quire.ui;

import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;

/** What a schema tree row shows: its text, and a column's type after it (drawn apart, in its own colour). */
final class TreeText {

    private TreeText() {
    }

    static String of(TreeCell<?> cell) {
        if (cell.getText() == null && cell.getGraphic() instanceof javafx.scene.layout.HBox column) {
            String shown = column.getChildren().stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText())
                    .reduce((name, type) -> name + "  " + type).orElse(null);
            return shown;
        }
        return cell.getText();
    }
}
