package dev.quire.ui.results;

import java.util.Base64;
import javafx.scene.control.TableCell;

/** How result cells look: numbers right-aligned, NULL and rows not yet arrived in their own style. */
public final class ResultCells {

    /** The value of a row whose data has not arrived yet. */
    public static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "…";
        }
    };

    /** Displays one typed value: numbers right-aligned, NULL and pending rows in their own style. */
    public static final class ValueCell<S> extends TableCell<S, Object> {
        public ValueCell(boolean numeric) {
            if (numeric) {
                getStyleClass().add("numeric-cell");
            }
        }

        @Override
        protected void updateItem(Object value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().removeAll("null-cell", "pending-cell");
            if (empty) {
                setText(null);
            } else if (value == PENDING) {
                setText("…");
                getStyleClass().add("pending-cell");
            } else if (value == null) {
                setText("NULL");
                getStyleClass().add("null-cell");
            } else {
                setText(display(value));
            }
        }
    }

    public static String display(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    private ResultCells() {
    }
}
