package dev.quire.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.TableCell;

/** Whether a table cell can be seen: its row lies, top to bottom, inside the table's viewport (not under a scroll bar). */
public final class OnScreen {

    public static boolean inViewport(Node cell) {
        return shown(cell, false);
    }

    /** Whether any part of the cell's row lies inside the table's viewport. */
    public static boolean partlyInViewport(Node cell) {
        return shown(cell, true);
    }

    private static boolean shown(Node cell, boolean partly) {
        if (!(cell instanceof TableCell<?, ?> tableCell) || !cell.isVisible()) {
            return false;
        }
        var row = tableCell.getTableRow();
        if (row == null || !row.isVisible()) {
            return false;
        }
        Node viewport = row.getParent();
        while (viewport != null && !viewport.getStyleClass().contains("clipped-container")) {
            viewport = viewport.getParent();
        }
        if (viewport == null) {
            return false;
        }
        Bounds view = viewport.localToScene(viewport.getLayoutBounds());
        Bounds shown = row.localToScene(row.getLayoutBounds());
        if (partly) {
            return shown.getMaxY() > view.getMinY() + 0.5 && shown.getMinY() < view.getMaxY() - 0.5;
        }
        return shown.getMinY() >= view.getMinY() - 0.5 && shown.getMaxY() <= view.getMaxY() + 0.5;
    }

    private OnScreen() {
    }
}
