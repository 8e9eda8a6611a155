package dev.quire.ui;

import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;

/** What a schema tree row shows: its text, and a column's type after it (drawn apart, in its own colour). */
final class TreeText {

    private TreeText() {
    }

    static String of(TreeCell<?> cell) {
        String text = cell.getText();
        if (text != null && cell.getGraphic() instanceof Label type && type.getStyleClass().contains("schema-type")) {
            return text + "  " + type.getText();
        }
        return text;
    }
}
