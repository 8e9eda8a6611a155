package dev.quire.service;

import java.util.List;

/**
 * A chart's points, computed over every row of a result (after the grid's filters): categories
 * with their measure, bins with their counts, x/y pairs, or a sample of rows for a scatter plot.
 * xTime says x holds milliseconds since the epoch. inputRows counts the rows charted; pointRows
 * the rows behind the points drawn (a sample, or rows whose cells were not NULL); note says in
 * words what was left out, or is empty.
 */
public record ChartData(ChartSpec spec, String xName, String yName, boolean xNumeric, boolean xTime,
                        List<Point> points, long inputRows, long pointRows, String note) {

    /**
     * One point: a category's label (bars, pie slices, lines over text) or a bin's or an x value's
     * label, its x (and for a bin its end, x2), its measure y, and the rows behind it.
     */
    public record Point(String label, double x, double x2, double y, long rows) {
    }

    public ChartData {
        points = List.copyOf(points);
        note = note == null ? "" : note;
    }

    /** The measure's name: "Count of rows", "Sum of fare". */
    public String measure() {
        return spec.y() < 0 || spec.kind() == ChartSpec.Kind.HISTOGRAM ? "Count of rows"
                : spec.kind() == ChartSpec.Kind.SCATTER ? yName : spec.aggregate().label + " of " + yName;
    }

    /** The chart's title: "Sum of fare by vendor", "Histogram of fare", "tip against fare". */
    public String title() {
        return switch (spec.kind()) {
            case HISTOGRAM -> "Histogram of " + xName;
            case SCATTER -> yName + " against " + xName;
            default -> measure() + " by " + xName;
        };
    }
}
