package dev.quire.service;

import java.util.Objects;

/**
 * What to chart of a result: the kind, the column along the x axis, the column measured (-1: the
 * rows themselves, counted) and how its values are aggregated, and for a histogram its bins.
 */
public record ChartSpec(Kind kind, int x, int y, Aggregate aggregate, int bins) {

    public static final int MAX_BINS = 200;
    public static final int DEFAULT_BINS = 30;
    /** Rows a scatter plot samples at most. */
    public static final int SCATTER_POINTS = 2000;
    /** Points a line or area chart draws at most; beyond them x is bucketed. */
    public static final int LINE_POINTS = 500;
    /** Categories a bar chart draws at most; the rest are summed into "Other" where that adds up. */
    public static final int BAR_CATEGORIES = 40;
    public static final int PIE_SLICES = 12;

    public enum Kind {
        BAR("Bar"), LINE("Line"), AREA("Area"), SCATTER("Scatter"), HISTOGRAM("Histogram"), PIE("Pie");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Whether the kind measures a column by an aggregate (bar, line, area, pie). */
        public boolean aggregates() {
            return this == BAR || this == LINE || this == AREA || this == PIE;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public enum Aggregate {
        COUNT("Count", "count"), SUM("Sum", "sum"), AVG("Average", "avg"), MIN("Min", "min"), MAX("Max", "max");

        public final String label;
        final String sql;

        Aggregate(String label, String sql) {
            this.label = label;
            this.sql = sql;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public ChartSpec {
        Objects.requireNonNull(kind, "kind");
        aggregate = aggregate == null || y < 0 ? Aggregate.COUNT : aggregate;
        if (x < 0) {
            throw new IllegalArgumentException("a chart needs a column along its x axis");
        }
        if (kind == Kind.SCATTER && y < 0) {
            throw new IllegalArgumentException("a scatter plot needs a second column for its y axis");
        }
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("a histogram has 1 to " + MAX_BINS + " bins, not " + bins);
        }
    }

    public static ChartSpec histogram(int column, int bins) {
        return new ChartSpec(Kind.HISTOGRAM, column, -1, Aggregate.COUNT, bins);
    }

    public static ChartSpec of(Kind kind, int x, int y, Aggregate aggregate) {
        return new ChartSpec(kind, x, y, aggregate, DEFAULT_BINS);
    }
}
