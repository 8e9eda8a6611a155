package dev.quire.ui.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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

    private static final int DECIMALS = 6;
    /** A cell shows at most this much of a text; the value viewer shows it all. */
    static final int CELL_CHARS = 1_000;

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

    /**
     * What a cell shows: NULL, bytes in Base64, doubles and floats rounded for reading, else the
     * value's text, cut after {@link #CELL_CHARS} characters.
     */
    public static String display(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Double || value instanceof Float) {
            return readable(((Number) value).doubleValue(), value.toString());
        }
        String text = value.toString();
        return text.length() > CELL_CHARS ? text.substring(0, CELL_CHARS) + "…" : text;
    }

    /**
     * A double for reading: at most six decimals, trailing zeros dropped (2.0 shows 2, 3.14159265
     * shows 3.141593); below 1, six significant digits (0.000123456789 shows 0.000123457); very
     * large or very small numbers in scientific notation with six significant digits.
     */
    static String readable(double number, String full) {
        if (!Double.isFinite(number)) {
            return full;
        }
        if (number == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(full);
        double size = Math.abs(number);
        if (size >= 1e15 || size < 1e-4) {
            return exact.round(new MathContext(DECIMALS, RoundingMode.HALF_EVEN)).stripTrailingZeros().toString();
        }
        BigDecimal rounded = size >= 1 ? exact.setScale(DECIMALS, RoundingMode.HALF_EVEN)
                : exact.round(new MathContext(DECIMALS, RoundingMode.HALF_EVEN));
        return rounded.stripTrailingZeros().toPlainString();
    }

    private ResultCells() {
    }
}
