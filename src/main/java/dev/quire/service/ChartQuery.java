package dev.quire.service;

import dev.quire.model.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Computes a chart's points in the spill store, over every row of a result that passes a filter:
 * DuckDB groups, bins or samples, and only the points come back. A histogram's bins have a round
 * width (1, 2 or 5 times a power of ten; for times a round span of time).
 */
final class ChartQuery {

    private static final long SECOND = 1000;
    private static final long[] TIME_STEPS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND,
            30 * SECOND, 60 * SECOND, 120 * SECOND, 300 * SECOND, 600 * SECOND, 900 * SECOND, 1800 * SECOND,
            3600 * SECOND, 7200 * SECOND, 10800 * SECOND, 21600 * SECOND, 43200 * SECOND, 86400 * SECOND,
            2 * 86400 * SECOND, 7 * 86400 * SECOND, 14 * 86400 * SECOND, 30 * 86400 * SECOND,
            91 * 86400 * SECOND, 182 * 86400 * SECOND, 365 * 86400 * SECOND};

    private final SpillTable table;
    private final Connection connection;
    private final Job<?> job;
    private final String source;
    private final List<Object> sourceParams = new ArrayList<>();

    ChartQuery(SpillTable table, RowFilter filter, long rows, Connection connection, Job<?> job) {
        this.table = table;
        this.connection = connection;
        this.job = job;
        StringBuilder from = new StringBuilder("(SELECT * FROM ").append(table.name()).append(" WHERE _row < ?");
        sourceParams.add(rows);
        if (!(filter instanceof RowFilter.All all && all.filters().isEmpty())) {
            from.append(" AND (").append(table.condition(filter, sourceParams)).append(')');
        }
        this.source = from.append(')').toString();
    }

    ChartData run(ChartSpec spec) throws SQLException {
        List<Column> columns = table.columns();
        check(spec.x(), columns.size());
        if (spec.y() >= 0) {
            check(spec.y(), columns.size());
        }
        long input = single("SELECT count(*) FROM " + source + " s");
        return switch (spec.kind()) {
            case HISTOGRAM -> histogram(spec, input);
            case BAR, PIE -> categories(spec, input);
            case LINE, AREA -> numericX(spec.x()) ? line(spec, input) : categoryLine(spec, input);
            case SCATTER -> scatter(spec, input);
        };
    }

    private ChartData histogram(ChartSpec spec, long input) throws SQLException {
        int x = spec.x();
        requireNumericX(x, "A histogram");
        String values = "(SELECT " + number(x) + " AS v FROM " + source + " s) n WHERE isfinite(v)";
        double lo;
        double hi;
        long counted;
        try (PreparedStatement stats = prepare("SELECT min(v), max(v), count(v) FROM " + values)) {
            try (ResultSet result = stats.executeQuery()) {
                result.next();
                lo = result.getDouble(1);
                hi = result.getDouble(2);
                counted = result.getLong(3);
            }
        }
        List<ChartData.Point> points = new ArrayList<>();
        if (counted > 0) {
            boolean whole = wholeX(x);
            double width = time(x) ? timeStep((hi - lo) / spec.bins()) : roundStep((hi - lo) / spec.bins());
            if (whole) {
                width = Math.max(1, Math.ceil(width));
            }
            if (width <= 0 || !Double.isFinite(width)) {
                width = 1;
            }
            double start = Math.floor(lo / width) * width;
            int bins = (int) Math.min(ChartSpec.MAX_BINS + 2, Math.floor((hi - start) / width) + 1);
            long[] counts = new long[bins];
            try (PreparedStatement binned = prepare("SELECT CAST(floor((v - " + literal(start) + ") / "
                    + literal(width) + ") AS BIGINT) AS b, count(*) FROM " + values + " GROUP BY b")) {
                try (ResultSet result = binned.executeQuery()) {
                    while (result.next()) {
                        int b = (int) Math.max(0, Math.min(bins - 1, result.getLong(1)));
                        counts[b] += result.getLong(2);
                    }
                }
            }
            for (int b = 0; b < bins; b++) {
                double from = start + b * width;
                double to = from + width;
                String label = whole && width == 1 && !time(x) ? ChartLabels.number(from)
                        : label(x, from) + " – " + label(x, to);
                points.add(new ChartData.Point(label, from, to, counts[b], counts[b]));
            }
        }
        return data(spec, points, input, counted, left(input - counted, "no number"));
    }

    private ChartData categories(ChartSpec spec, long input) throws SQLException {
        int x = spec.x();
        int limit = spec.kind() == ChartSpec.Kind.PIE ? ChartSpec.PIE_SLICES : ChartSpec.BAR_CATEGORIES;
        boolean ordered = numericX(x);
        String sql = "SELECT k, m, n, xv, count(*) OVER () AS groups, sum(m) OVER () AS all_m, sum(n) OVER () AS all_n"
                + " FROM (SELECT CAST(c" + x + " AS VARCHAR) AS k, " + measure(spec) + " AS m, count(*) AS n, "
                + (ordered ? "min(" + number(x) + ")" : "NULL::DOUBLE") + " AS xv FROM " + source
                + " s GROUP BY k) g ORDER BY m DESC NULLS LAST, k NULLS FIRST LIMIT " + limit;
        List<ChartData.Point> points = new ArrayList<>();
        long groups = 0;
        double allMeasure = 0;
        long allRows = 0;
        double shownMeasure = 0;
        long shownRows = 0;
        try (PreparedStatement top = prepare(sql)) {
            try (ResultSet result = top.executeQuery()) {
                while (result.next()) {
                    String key = result.getString(1);
                    double m = result.getDouble(2);
                    boolean noMeasure = result.wasNull();
                    long n = result.getLong(3);
                    double xv = result.getDouble(4);
                    groups = result.getLong(5);
                    allMeasure = result.getDouble(6);
                    allRows = result.getLong(7);
                    if (noMeasure) {
                        continue;
                    }
                    shownMeasure += m;
                    shownRows += n;
                    points.add(new ChartData.Point(key == null ? "NULL" : ordered && key != null ? label(x, xv) : key,
                            xv, xv, m, n));
                }
            }
        }
        String note = "";
        boolean adds = spec.aggregate() == ChartSpec.Aggregate.COUNT || spec.aggregate() == ChartSpec.Aggregate.SUM;
        if (ordered && groups <= limit) {
            points.sort(Comparator.comparingDouble(ChartData.Point::x));
        }
        if (groups > limit) {
            if (adds && allRows > shownRows) {
                points.add(new ChartData.Point("Other", Double.NaN, Double.NaN, allMeasure - shownMeasure,
                        allRows - shownRows));
                note = String.format(Locale.ROOT, "The top %d of %,d %s; the rest are summed in Other", limit, groups,
                        "values");
            } else {
                note = String.format(Locale.ROOT, "The top %d of %,d values", limit, groups);
            }
        }
        if (spec.kind() == ChartSpec.Kind.PIE && points.removeIf(p -> p.y() <= 0)) {
            note = join(note, "slices of zero or less left out");
        }
        return data(spec, points, input, allRows, note);
    }

    private ChartData line(ChartSpec spec, long input) throws SQLException {
        int x = spec.x();
        String pairs = "(SELECT " + number(x) + " AS v, " + (spec.y() < 0 ? "NULL" : number(spec.y())) + " AS w FROM "
                + source + " s) p WHERE isfinite(v)";
        double lo;
        double hi;
        long distinct;
        long counted;
        try (PreparedStatement stats = prepare("SELECT min(v), max(v), approx_count_distinct(v), count(v) FROM "
                + pairs)) {
            try (ResultSet result = stats.executeQuery()) {
                result.next();
                lo = result.getDouble(1);
                hi = result.getDouble(2);
                distinct = result.getLong(3);
                counted = result.getLong(4);
            }
        }
        String measure = aggregate(spec, "w");
        List<ChartData.Point> points = new ArrayList<>();
        String note = "";
        if (distinct <= ChartSpec.LINE_POINTS || hi <= lo) {
            try (PreparedStatement grouped = prepare("SELECT v, " + measure + ", count(*) FROM " + pairs
                    + " GROUP BY v ORDER BY v LIMIT " + ChartSpec.LINE_POINTS * 4)) {
                try (ResultSet result = grouped.executeQuery()) {
                    while (result.next()) {
                        add(points, x, result.getDouble(1), result.getDouble(1), result);
                    }
                }
            }
        } else {
            double width = (hi - lo) / ChartSpec.LINE_POINTS;
            try (PreparedStatement bucketed = prepare("SELECT least(CAST(floor((v - " + literal(lo) + ") / "
                    + literal(width) + ") AS BIGINT), " + (ChartSpec.LINE_POINTS - 1) + ") AS b, " + measure
                    + ", count(*) FROM " + pairs + " GROUP BY b ORDER BY b")) {
                try (ResultSet result = bucketed.executeQuery()) {
                    while (result.next()) {
                        double from = lo + result.getLong(1) * width;
                        add(points, x, from + width / 2, from + width, result);
                    }
                }
            }
            note = String.format(Locale.ROOT, "%s grouped into %d steps of %s", table.columns().get(x).name(),
                    ChartSpec.LINE_POINTS, time(x) ? ChartLabels.span(width) : ChartLabels.number(width));
        }
        return data(spec, points, input, counted, join(note, left(input - counted, "no " + xKind(x))));
    }

    private void add(List<ChartData.Point> points, int x, double at, double to, ResultSet result) throws SQLException {
        double y = result.getDouble(2);
        if (!result.wasNull()) {
            points.add(new ChartData.Point(label(x, at), at, to, y, result.getLong(3)));
        }
    }

    private ChartData categoryLine(ChartSpec spec, long input) throws SQLException {
        int x = spec.x();
        List<ChartData.Point> points = new ArrayList<>();
        long groups = 0;
        try (PreparedStatement grouped = prepare("SELECT k, m, n, count(*) OVER () FROM (SELECT CAST(c" + x
                + " AS VARCHAR) AS k, " + measure(spec) + " AS m, count(*) AS n FROM " + source
                + " s WHERE c" + x + " IS NOT NULL GROUP BY k) g ORDER BY k LIMIT " + ChartSpec.LINE_POINTS)) {
            try (ResultSet result = grouped.executeQuery()) {
                while (result.next()) {
                    groups = result.getLong(4);
                    double m = result.getDouble(2);
                    if (!result.wasNull()) {
                        points.add(new ChartData.Point(result.getString(1), points.size(), points.size(), m,
                                result.getLong(3)));
                    }
                }
            }
        }
        long rows = points.stream().mapToLong(ChartData.Point::rows).sum();
        String note = groups > ChartSpec.LINE_POINTS
                ? String.format(Locale.ROOT, "The first %d of %,d values", ChartSpec.LINE_POINTS, groups) : "";
        return data(spec, points, input, rows, note);
    }

    private ChartData scatter(ChartSpec spec, long input) throws SQLException {
        int x = spec.x();
        requireNumericX(x, "A scatter plot");
        requireNumber(spec.y(), "A scatter plot");
        String pairs = "(SELECT " + number(x) + " AS v, " + number(spec.y()) + " AS w FROM " + source
                + " s) p WHERE isfinite(v) AND isfinite(w)";
        long counted = single("SELECT count(*) FROM " + pairs);
        String sql = counted <= ChartSpec.SCATTER_POINTS ? "SELECT v, w FROM " + pairs
                : "SELECT v, w FROM (SELECT v, w FROM " + pairs + ") q USING SAMPLE reservoir("
                + ChartSpec.SCATTER_POINTS + " ROWS) REPEATABLE (7)";
        List<ChartData.Point> points = new ArrayList<>();
        try (PreparedStatement sample = prepare(sql)) {
            try (ResultSet result = sample.executeQuery()) {
                while (result.next()) {
                    double v = result.getDouble(1);
                    points.add(new ChartData.Point(label(x, v), v, v, result.getDouble(2), 1));
                }
            }
        }
        String note = counted > points.size()
                ? String.format(Locale.ROOT, "%,d of %,d rows drawn, sampled at random", points.size(), counted) : "";
        return data(spec, points, input, counted, join(note, left(input - counted, "no number in one of the two")));
    }

    private ChartData data(ChartSpec spec, List<ChartData.Point> points, long input, long pointRows, String note) {
        List<Column> columns = table.columns();
        return new ChartData(spec, columns.get(spec.x()).name(), spec.y() < 0 ? "rows" : columns.get(spec.y()).name(),
                numericX(spec.x()), time(spec.x()), points, input, pointRows, note);
    }

    private String measure(ChartSpec spec) {
        if (spec.y() < 0) {
            return "count(*)";
        }
        requireNumber(spec.y(), spec.aggregate().label);
        return aggregate(spec, number(spec.y()));
    }

    private static String aggregate(ChartSpec spec, String value) {
        return spec.y() < 0 || spec.aggregate() == ChartSpec.Aggregate.COUNT
                ? (spec.y() < 0 ? "count(*)" : "count(" + value + ")")
                : spec.aggregate().sql + "(" + value + ")";
    }

    /** The column's values as numbers: times as milliseconds since the epoch. */
    private String number(int column) {
        SpillTable.Kind kind = table.kinds()[column];
        String c = "c" + column;
        if (time(column)) {
            return "CAST(epoch_ms(TRY_CAST(" + c + " AS " + (zoned(column) ? "TIMESTAMPTZ" : "TIMESTAMP")
                    + ")) AS DOUBLE)";
        }
        return switch (kind) {
            case LONG, DOUBLE -> "CAST(" + c + " AS DOUBLE)";
            case BOOL -> "CAST(CAST(" + c + " AS INTEGER) AS DOUBLE)";
            default -> "TRY_CAST(" + c + " AS DOUBLE)";
        };
    }

    /** Numbers or times: charted along a number line. */
    boolean numericX(int column) {
        SpillTable.Kind kind = table.kinds()[column];
        return kind == SpillTable.Kind.LONG || kind == SpillTable.Kind.DOUBLE || kind == SpillTable.Kind.NUMERIC
                || time(column);
    }

    private boolean wholeX(int column) {
        return table.kinds()[column] == SpillTable.Kind.LONG || time(column);
    }

    static boolean time(Column column) {
        String type = column.typeName().toLowerCase(Locale.ROOT);
        return type.startsWith("timestamp") || type.equals("date") || type.equals("datetime");
    }

    private boolean time(int column) {
        return time(table.columns().get(column));
    }

    private boolean zoned(int column) {
        String type = table.columns().get(column).typeName().toLowerCase(Locale.ROOT);
        return type.contains("tz") || type.contains("with time zone");
    }

    private String xKind(int column) {
        return time(column) ? "time" : "number";
    }

    private void requireNumericX(int column, String what) {
        if (!numericX(column)) {
            throw new IllegalArgumentException(what + " needs numbers or times along x; "
                    + table.columns().get(column).name() + " holds " + table.columns().get(column).typeName());
        }
    }

    private void requireNumber(int column, String what) {
        SpillTable.Kind kind = table.kinds()[column];
        if (kind != SpillTable.Kind.LONG && kind != SpillTable.Kind.DOUBLE && kind != SpillTable.Kind.NUMERIC) {
            throw new IllegalArgumentException(what + " needs a column of numbers; "
                    + table.columns().get(column).name() + " holds " + table.columns().get(column).typeName());
        }
    }

    private String label(int column, double value) {
        return time(column) ? ChartLabels.time(value) : ChartLabels.number(value);
    }

    private static String left(long rows, String why) {
        return rows <= 0 ? "" : String.format(Locale.ROOT, "%,d %s with %s left out", rows, rows == 1 ? "row" : "rows",
                why);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    private static void check(int column, int columns) {
        if (column < 0 || column >= columns) {
            throw new IllegalArgumentException("no column " + column + " in a result of " + columns);
        }
    }

    /** A round step at least raw: 1, 2 or 5 times a power of ten. */
    static double roundStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    static double timeStep(double raw) {
        for (long step : TIME_STEPS) {
            if (step >= raw) {
                return step;
            }
        }
        return roundStep(raw / TIME_STEPS[TIME_STEPS.length - 1]) * TIME_STEPS[TIME_STEPS.length - 1];
    }

    private long single(String sql) throws SQLException {
        try (PreparedStatement statement = prepare(sql)) {
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String literal(double value) {
        return "CAST(" + Double.toString(value) + " AS DOUBLE)";
    }

    /** A statement over the source, the source's parameters bound, watched by the job. */
    private PreparedStatement prepare(String sql) throws SQLException {
        if (job.isDone()) {
            throw new java.util.concurrent.CancellationException("the chart was cancelled");
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < occurrences(sql); i++) {
            all.addAll(sourceParams);
        }
        SpillTable.bind(statement, all);
        job.watch(statement);
        return statement;
    }

    private int occurrences(String sql) {
        int count = 0;
        for (int at = sql.indexOf(source); at >= 0; at = sql.indexOf(source, at + source.length())) {
            count++;
        }
        return count;
    }
}
