package dev.quire.ui;

import java.util.List;

/**
 * How the window was left: where the history pane sat, the window's place and size when not
 * maximized, whether it was maximized, and the split panes' divider positions (fractions).
 * An unknown place (NaN) means centred on the screen.
 */
public record WindowLayout(WorkbenchView.HistoryPlace history, double x, double y, double width, double height,
                           boolean maximized, List<Double> sides, List<Double> middle) {

    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    static final double MIN_WIDTH = 480;
    static final double MIN_HEIGHT = 320;

    public WindowLayout {
        sides = List.copyOf(sides);
        middle = List.copyOf(middle);
    }

    /** The first start's layout: 1280×800, centred, history on the right. */
    public static WindowLayout defaults() {
        return new WindowLayout(WorkbenchView.HistoryPlace.RIGHT, Double.NaN, Double.NaN, WIDTH, HEIGHT, false,
                List.of(), List.of());
    }

    /** Whether a place on the screen was kept. */
    public boolean placed() {
        return !Double.isNaN(x) && !Double.isNaN(y);
    }
}
