package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts computed over a whole result in the spill store, fetched from the real local server, each
 * checked against the same question asked of a DuckDB of its own.
 */
class ChartQueryTest {

    static final int ROWS = 100_000;
    static final String SELECT = "select i, (i % 97) * 1.5 as price, 'cat' || (i % 5) as cat, "
            + "timestamp '2024-01-01' + to_seconds(i * 60) as at, case when i % 10 = 0 then null else i % 13 end as maybe, "
            + "'k' || (i % 30) as many from range(" + ROWS + ") t(i)";
    static final int I = 0;
    static final int PRICE = 1;
    static final int CAT = 2;
    static final int AT = 3;
    static final int MAYBE = 4;
    static final int MANY = 5;

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService service;
    static SpillStore store;
    static ResultCursor cursor;
    static Connection check;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(LocalEngine.Options.defaults(dir.resolve("local")).withSampleData(false)
                .withPageBytes(256 * 1024));
        service = new QueryService(local.client());
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
        StatementInfo info = service.run(StatementRequest.of(SELECT)).finished().get(60, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        cursor = store.open(service.api(), info.id()).get(60, TimeUnit.SECONDS);
        check = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = check.createStatement()) {
            statement.execute("create table r as " + SELECT);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        check.close();
        cursor.close();
        store.close();
        service.close();
        local.close();
    }

    static ChartData chart(ChartSpec spec) throws Exception {
        return chart(spec, RowFilter.NONE);
    }

    static ChartData chart(ChartSpec spec, RowFilter filter) throws Exception {
        return cursor.chart(spec, filter, null).get(60, TimeUnit.SECONDS);
    }

    static long count(String where) throws Exception {
        try (Statement statement = check.createStatement(); ResultSet result = statement.executeQuery(
                "select count(*) from r where " + where)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void histogramBinsEveryRowInRoundBins() throws Exception {
        ChartData data = chart(ChartSpec.histogram(PRICE, 10));
        assertEquals(ROWS, data.inputRows());
        assertEquals(ROWS, data.points().stream().mapToLong(ChartData.Point::rows).sum());
        // prices run 0 to 144: ten bins of 14.4 round up to 20
        assertEquals(8, data.points().size());
        assertEquals("0 – 20", data.points().get(0).label());
        for (ChartData.Point bin : data.points()) {
            assertEquals(20, bin.x2() - bin.x(), 1e-9);
            assertEquals(count("price >= " + bin.x() + " and price < " + bin.x2()), (long) bin.y(), bin.label());
        }
        assertEquals("Histogram of price", data.title());
        assertEquals("", data.note());
    }

    @Test
    void histogramLeavesOutNullsAndSaysSo() throws Exception {
        ChartData data = chart(ChartSpec.histogram(MAYBE, 30));
        assertEquals(ROWS, data.inputRows());
        assertEquals(ROWS - ROWS / 10, data.pointRows());
        assertEquals("10,000 rows with no number left out", data.note());
        // whole numbers 0 to 12: a bin per value
        assertEquals(13, data.points().size());
        assertEquals("7", data.points().get(7).label());
        assertEquals(count("maybe = 7"), (long) data.points().get(7).y());
    }

    @Test
    void histogramOfTimesHasRoundSpansAndDates() throws Exception {
        ChartData data = chart(ChartSpec.histogram(AT, 20));
        assertTrue(data.xTime());
        // 100,000 minutes is about 69 days: twenty bins of 3.5 days round up to a week
        ChartData.Point first = data.points().get(0);
        assertEquals(7 * 86_400_000.0, first.x2() - first.x(), 1e-6);
        assertEquals("2023-12-28 – 2024-01-04", first.label());
        assertEquals(11, data.points().size());
        assertEquals(ROWS, data.points().stream().mapToLong(ChartData.Point::rows).sum());
    }

    @Test
    void barsSumByCategory() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.BAR, CAT, PRICE, ChartSpec.Aggregate.SUM));
        assertEquals(5, data.points().size());
        Map<String, Double> expected = new HashMap<>();
        try (Statement statement = check.createStatement(); ResultSet result = statement.executeQuery(
                "select cat, sum(price) from r group by cat")) {
            while (result.next()) {
                expected.put(result.getString(1), result.getDouble(2));
            }
        }
        for (ChartData.Point bar : data.points()) {
            assertEquals(expected.get(bar.label()), bar.y(), 1e-6, bar.label());
            assertEquals(ROWS / 5, bar.rows());
        }
        assertEquals("Sum of price by cat", data.title());
    }

    @Test
    void barsFollowTheGridsFilter() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.BAR, CAT, -1, null), RowFilter.contains(CAT, "cat3"));
        assertEquals(1, data.points().size());
        assertEquals("cat3", data.points().get(0).label());
        assertEquals(ROWS / 5, (long) data.points().get(0).y());
        assertEquals(ROWS / 5, data.inputRows());
    }

    @Test
    void pieKeepsTheLargestSlicesAndSumsTheRestInOther() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.PIE, MANY, -1, ChartSpec.Aggregate.COUNT));
        assertEquals(ChartSpec.PIE_SLICES + 1, data.points().size());
        ChartData.Point other = data.points().get(ChartSpec.PIE_SLICES);
        assertEquals("Other", other.label());
        assertEquals(ROWS, data.points().stream().mapToDouble(ChartData.Point::y).sum(), 1e-6);
        assertEquals("The top 12 of 30 values; the rest are summed in Other", data.note());
    }

    @Test
    void lineOverTimeGroupsIntoSteps() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.LINE, AT, PRICE, ChartSpec.Aggregate.AVG));
        assertEquals(ChartSpec.LINE_POINTS, data.points().size());
        assertEquals(ROWS, data.points().stream().mapToLong(ChartData.Point::rows).sum());
        for (int p = 1; p < data.points().size(); p++) {
            assertTrue(data.points().get(p).x() > data.points().get(p - 1).x(), "x rises");
        }
        assertTrue(data.note().startsWith("at grouped into 500 steps of 3.3 h"), data.note());
        assertEquals("Average of price by at", data.title());
    }

    @Test
    void lineOverFewValuesHasAPointEach() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.LINE, MAYBE, PRICE, ChartSpec.Aggregate.MAX));
        assertEquals(13, data.points().size());
        assertEquals(0, data.points().get(0).x());
        assertEquals(12, data.points().get(12).x());
    }

    @Test
    void scatterSamplesRowsThatAreInTheResult() throws Exception {
        ChartData data = chart(ChartSpec.of(ChartSpec.Kind.SCATTER, I, PRICE, null));
        assertEquals(ChartSpec.SCATTER_POINTS, data.points().size());
        for (ChartData.Point point : data.points()) {
            assertEquals((point.x() % 97) * 1.5, point.y(), 1e-9, "a drawn point is a row of the result");
        }
        long distinct = data.points().stream().mapToDouble(ChartData.Point::x).distinct().count();
        assertEquals(ChartSpec.SCATTER_POINTS, distinct);
        assertEquals("2,000 of 100,000 rows drawn, sampled at random", data.note());
    }

    @Test
    void aChartThatCannotBeDrawnSaysWhy() {
        ExecutionException text = assertThrows(ExecutionException.class, () -> chart(ChartSpec.histogram(CAT, 10)));
        assertInstanceOf(IllegalArgumentException.class, text.getCause());
        assertEquals("A histogram needs numbers or times along x; cat holds varchar", text.getCause().getMessage());
        ExecutionException sum = assertThrows(ExecutionException.class,
                () -> chart(ChartSpec.of(ChartSpec.Kind.BAR, PRICE, CAT, ChartSpec.Aggregate.SUM)));
        assertEquals("Sum needs a column of numbers; cat holds varchar", sum.getCause().getMessage());
        ExecutionException missing = assertThrows(ExecutionException.class,
                () -> chart(ChartSpec.histogram(17, 10)));
        assertEquals("no column 17 in a result of 6", missing.getCause().getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChartSpec.histogram(PRICE, 0));
        assertThrows(IllegalArgumentException.class, () -> ChartSpec.of(ChartSpec.Kind.SCATTER, I, -1, null));
    }

    @Test
    void roundSteps() {
        assertEquals(20, ChartQuery.roundStep(14.4), 1e-9);
        assertEquals(0.5, ChartQuery.roundStep(0.31), 1e-9);
        assertEquals(1000, ChartQuery.roundStep(1000), 1e-9);
        assertEquals(List.of("1,234", "0.25", "1.5M", "-3.1416"), List.of(ChartLabels.number(1234),
                ChartLabels.number(0.25), ChartLabels.number(1_500_000), ChartLabels.number(-Math.PI)));
    }
}
