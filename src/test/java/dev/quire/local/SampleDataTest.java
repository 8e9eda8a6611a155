package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

    @TempDir
    static Path dir;

    /** Two databases generated from scratch; the checks below only read them. */
    static Connection first;
    static Connection second;
    static double firstSeconds;

    @BeforeAll
    static void generate() throws SQLException {
        first = open(dir.resolve("first.duckdb"));
        long start = System.nanoTime();
        SampleData.create(first, SampleData.Progress.NONE);
        firstSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Sample data generated in %.2f s%n", firstSeconds);
        second = open(dir.resolve("second.duckdb"));
        SampleData.create(second, SampleData.Progress.NONE);
    }

    @AfterAll
    static void close() throws SQLException {
        first.close();
        second.close();
    }

    @Test
    void generatesQuickly() {
        assertTrue(firstSeconds < 30, "took " + firstSeconds + " s");
    }

    @Test
    void generatesTheSameDataEveryTime() throws SQLException {
        List<String> expected = fingerprint(first);
        assertTrue(expected.contains("taxi.trips rows " + SampleData.TRIPS), expected.toString());
        assertEquals(expected, fingerprint(second));
    }

    @Test
    void createsTablesWithExpectedRowCounts() throws SQLException {
        assertEquals(SampleData.TRIPS, number(first, "SELECT count(*) FROM taxi.trips"));
        assertTrue(SampleData.TRIPS >= 1_000_000);
        assertEquals(53, number(first, "SELECT count(*) FROM taxi.zones"));
        assertEquals(5, number(first, "SELECT count(*) FROM tpch.region"));
        assertEquals(25, number(first, "SELECT count(*) FROM tpch.nation"));
        assertEquals(1_000, number(first, "SELECT count(*) FROM tpch.supplier"));
        assertEquals(15_000, number(first, "SELECT count(*) FROM tpch.customer"));
        assertEquals(20_000, number(first, "SELECT count(*) FROM tpch.part"));
        assertEquals(80_000, number(first, "SELECT count(*) FROM tpch.partsupp"));
        assertEquals(150_000, number(first, "SELECT count(*) FROM tpch.orders"));
        long lines = number(first, "SELECT count(*) FROM tpch.lineitem");
        assertTrue(lines > 570_000 && lines < 630_000, "lineitem rows " + lines);
        assertEquals(List.of(List.of("1", "7")), rows(first,
                "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM tpch.lineitem GROUP BY l_orderkey)"));
    }

    @Test
    void tripsStartWithTheColumnsOfTheTaxiExample() throws SQLException {
        List<List<String>> columns = rows(first, """
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_catalog = current_database() AND table_schema = 'taxi' AND table_name = 'trips'
                ORDER BY ordinal_position LIMIT 6""");
        assertEquals(List.of(
                List.of("pickup_datetime", "TIMESTAMP"),
                List.of("passenger_count", "BIGINT"),
                List.of("trip_distance_mi", "DOUBLE"),
                List.of("fare_amount", "DOUBLE"),
                List.of("tip_amount", "DOUBLE"),
                List.of("total_amount", "DOUBLE")), columns);
    }

    @Test
    void tripsArePlausible() throws SQLException {
        assertEquals(0, number(first, """
                SELECT count(*) FROM taxi.trips
                WHERE year(pickup_datetime) <> 2013 OR dropoff_datetime <= pickup_datetime
                   OR passenger_count NOT BETWEEN 1 AND 6 OR fare_amount < 2.5 OR trip_distance_mi <= 0"""));
        long unknownPassengers = number(first, "SELECT count(*) - count(passenger_count) FROM taxi.trips");
        assertTrue(unknownPassengers > 0 && unknownPassengers < SampleData.TRIPS / 50, "" + unknownPassengers);
        assertEquals(1, number(first, "SELECT mode(passenger_count) FROM taxi.trips"));
        assertEquals(0, number(first, """
                SELECT count(*) FROM taxi.trips
                WHERE abs(total_amount - (fare_amount + tip_amount + surcharge_amount + tolls_amount)) >= 0.01
                   OR abs(total_amount * 100 - round(total_amount * 100)) > 1e-6
                   OR surcharge_amount NOT IN (0.5, 1.0, 1.5)"""));
        assertEquals(0, number(first, "SELECT count(*) FROM taxi.trips WHERE payment_type <> 'Card' AND tip_amount > 0"));
        assertTrue(number(first, """
                SELECT 100 * count(*) FILTER (WHERE tip_amount > 0) // count(*)
                FROM taxi.trips WHERE payment_type = 'Card'""") >= 80);
        double median = decimal(first, "SELECT median(trip_distance_mi) FROM taxi.trips");
        double mean = decimal(first, "SELECT avg(trip_distance_mi) FROM taxi.trips");
        assertTrue(median > 1 && median < 3 && mean > median, median + " / " + mean);
        assertEquals(0, number(first, """
                SELECT count(*) FROM taxi.trips
                WHERE pickup_zone NOT IN (SELECT zone FROM taxi.zones)
                   OR dropoff_zone NOT IN (SELECT zone FROM taxi.zones)"""));
        assertEquals(List.of(List.of("1", String.valueOf(SampleData.TRIPS), String.valueOf(SampleData.TRIPS))),
                rows(first, "SELECT min(trip_id), max(trip_id), count(DISTINCT trip_id) FROM taxi.trips"));
        // busier in the evening than before dawn
        assertTrue(number(first, "SELECT count(*) FROM taxi.trips WHERE hour(pickup_datetime) = 19")
                > 3 * number(first, "SELECT count(*) FROM taxi.trips WHERE hour(pickup_datetime) = 5"));
    }

    @Test
    void tpchTablesHaveTheStandardColumns() throws SQLException {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "region", "r_regionkey INTEGER, r_name VARCHAR, r_comment VARCHAR",
                "nation", "n_nationkey INTEGER, n_name VARCHAR, n_regionkey INTEGER, n_comment VARCHAR",
                "supplier", "s_suppkey INTEGER, s_name VARCHAR, s_address VARCHAR, s_nationkey INTEGER, "
                        + "s_phone VARCHAR, s_acctbal DECIMAL(15,2), s_comment VARCHAR",
                "customer", "c_custkey INTEGER, c_name VARCHAR, c_address VARCHAR, c_nationkey INTEGER, "
                        + "c_phone VARCHAR, c_acctbal DECIMAL(15,2), c_mktsegment VARCHAR, c_comment VARCHAR",
                "part", "p_partkey INTEGER, p_name VARCHAR, p_mfgr VARCHAR, p_brand VARCHAR, p_type VARCHAR, "
                        + "p_size INTEGER, p_container VARCHAR, p_retailprice DECIMAL(15,2), p_comment VARCHAR",
                "partsupp", "ps_partkey INTEGER, ps_suppkey INTEGER, ps_availqty INTEGER, "
                        + "ps_supplycost DECIMAL(15,2), ps_comment VARCHAR",
                "orders", "o_orderkey INTEGER, o_custkey INTEGER, o_orderstatus VARCHAR, "
                        + "o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority VARCHAR, "
                        + "o_clerk VARCHAR, o_shippriority INTEGER, o_comment VARCHAR",
                "lineitem", "l_orderkey INTEGER, l_partkey INTEGER, l_suppkey INTEGER, l_linenumber INTEGER, "
                        + "l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), "
                        + "l_tax DECIMAL(15,2), l_returnflag VARCHAR, l_linestatus VARCHAR, l_shipdate DATE, "
                        + "l_commitdate DATE, l_receiptdate DATE, l_shipinstruct VARCHAR, l_shipmode VARCHAR, "
                        + "l_comment VARCHAR"));
        Map<String, String> actual = new TreeMap<>();
        for (List<String> row : rows(first, """
                SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
                FROM information_schema.columns
                WHERE table_catalog = current_database() AND table_schema = 'tpch'
                GROUP BY table_name""")) {
            actual.put(row.get(0), row.get(1));
        }
        assertEquals(expected, actual);
    }

    @Test
    void nationsAndRegionsAreTheStandardOnes() throws SQLException {
        assertEquals("AFRICA, AMERICA, ASIA, EUROPE, MIDDLE EAST",
                text(first, "SELECT string_agg(r_name, ', ' ORDER BY r_regionkey) FROM tpch.region"));
        assertEquals("""
                0 ALGERIA AFRICA, 1 ARGENTINA AMERICA, 2 BRAZIL AMERICA, 3 CANADA AMERICA, 4 EGYPT MIDDLE EAST, \
                5 ETHIOPIA AFRICA, 6 FRANCE EUROPE, 7 GERMANY EUROPE, 8 INDIA ASIA, 9 INDONESIA ASIA, \
                10 IRAN MIDDLE EAST, 11 IRAQ MIDDLE EAST, 12 JAPAN ASIA, 13 JORDAN MIDDLE EAST, 14 KENYA AFRICA, \
                15 MOROCCO AFRICA, 16 MOZAMBIQUE AFRICA, 17 PERU AMERICA, 18 CHINA ASIA, 19 ROMANIA EUROPE, \
                20 SAUDI ARABIA MIDDLE EAST, 21 VIETNAM ASIA, 22 RUSSIA EUROPE, 23 UNITED KINGDOM EUROPE, \
                24 UNITED STATES AMERICA""",
                text(first, """
                        SELECT string_agg(n_nationkey || ' ' || n_name || ' ' || r_name, ', ' ORDER BY n_nationkey)
                        FROM tpch.nation JOIN tpch.region ON r_regionkey = n_regionkey"""));
    }

    @Test
    void tpchKeysAreConsistent() throws SQLException {
        Map<String, String> orphans = Map.of(
                "nation without region",
                "SELECT count(*) FROM tpch.nation WHERE n_regionkey NOT IN (SELECT r_regionkey FROM tpch.region)",
                "supplier without nation",
                "SELECT count(*) FROM tpch.supplier WHERE s_nationkey NOT IN (SELECT n_nationkey FROM tpch.nation)",
                "customer without nation",
                "SELECT count(*) FROM tpch.customer WHERE c_nationkey NOT IN (SELECT n_nationkey FROM tpch.nation)",
                "partsupp without part or supplier", """
                        SELECT count(*) FROM tpch.partsupp
                        WHERE ps_partkey NOT IN (SELECT p_partkey FROM tpch.part)
                           OR ps_suppkey NOT IN (SELECT s_suppkey FROM tpch.supplier)""",
                "order without customer",
                "SELECT count(*) FROM tpch.orders WHERE o_custkey NOT IN (SELECT c_custkey FROM tpch.customer)",
                "line without order",
                "SELECT count(*) FROM tpch.lineitem WHERE l_orderkey NOT IN (SELECT o_orderkey FROM tpch.orders)",
                "order without lines",
                "SELECT count(*) FROM tpch.orders WHERE o_orderkey NOT IN (SELECT l_orderkey FROM tpch.lineitem)",
                "line without partsupp", """
                        SELECT count(*) FROM tpch.lineitem
                        ANTI JOIN tpch.partsupp ON ps_partkey = l_partkey AND ps_suppkey = l_suppkey""",
                "duplicate keys", """
                        SELECT (SELECT count(*) - count(DISTINCT o_orderkey) FROM tpch.orders)
                             + (SELECT count(*) - count(DISTINCT (l_orderkey, l_linenumber)) FROM tpch.lineitem)
                             + (SELECT count(*) - count(DISTINCT (ps_partkey, ps_suppkey)) FROM tpch.partsupp)
                             + (SELECT count(*) - count(DISTINCT c_custkey) FROM tpch.customer)""");
        for (Map.Entry<String, String> check : orphans.entrySet()) {
            assertEquals(0, number(first, check.getValue()), check.getKey());
        }
    }

    @Test
    void tpchValuesFollowTheSpecRules() throws SQLException {
        Map<String, String> violations = new TreeMap<>(Map.ofEntries(
                Map.entry("ship date not after order date", """
                        SELECT count(*) FROM tpch.lineitem JOIN tpch.orders ON o_orderkey = l_orderkey
                        WHERE l_shipdate <= o_orderdate OR l_shipdate > o_orderdate + 121
                           OR l_commitdate NOT BETWEEN o_orderdate + 30 AND o_orderdate + 90
                           OR l_receiptdate NOT BETWEEN l_shipdate + 1 AND l_shipdate + 30"""),
                Map.entry("dates outside 1992..1998", """
                        SELECT count(*) FROM tpch.orders
                        WHERE o_orderdate NOT BETWEEN DATE '1992-01-01' AND DATE '1998-08-02'"""),
                Map.entry("return flag or line status", """
                        SELECT count(*) FROM tpch.lineitem
                        WHERE (l_returnflag = 'N') <> (l_receiptdate > DATE '1995-06-17')
                           OR l_returnflag NOT IN ('R', 'A', 'N')
                           OR l_linestatus <> CASE WHEN l_shipdate > DATE '1995-06-17' THEN 'O' ELSE 'F' END"""),
                Map.entry("order status", """
                        SELECT count(*) FROM tpch.orders JOIN (
                            SELECT l_orderkey, bool_and(l_linestatus = 'F') AS done, bool_and(l_linestatus = 'O') AS open
                            FROM tpch.lineitem GROUP BY l_orderkey) ON l_orderkey = o_orderkey
                        WHERE o_orderstatus <> CASE WHEN done THEN 'F' WHEN open THEN 'O' ELSE 'P' END"""),
                Map.entry("total price", """
                        SELECT count(*) FROM tpch.orders JOIN (
                            SELECT l_orderkey, sum(round(l_extendedprice * (1 - l_discount) * (1 + l_tax), 2)) AS total
                            FROM tpch.lineitem GROUP BY l_orderkey) ON l_orderkey = o_orderkey
                        WHERE o_totalprice <> total"""),
                Map.entry("extended price", """
                        SELECT count(*) FROM tpch.lineitem JOIN tpch.part ON p_partkey = l_partkey
                        WHERE l_extendedprice <> l_quantity * p_retailprice
                           OR p_retailprice <> (90000 + (p_partkey // 10) % 20001 + 100 * (p_partkey % 1000)) / 100"""),
                Map.entry("quantity, discount, tax", """
                        SELECT count(*) FROM tpch.lineitem
                        WHERE l_quantity NOT BETWEEN 1 AND 50 OR l_discount NOT BETWEEN 0 AND 0.10
                           OR l_tax NOT BETWEEN 0 AND 0.08"""),
                Map.entry("sparse order keys, customers without orders", """
                        SELECT count(*) FROM tpch.orders WHERE o_orderkey % 32 >= 8 OR o_custkey % 3 = 0"""),
                Map.entry("word lists", """
                        SELECT (SELECT count(*) FROM tpch.customer WHERE c_mktsegment NOT IN
                                   ('AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD'))
                             + (SELECT count(*) FROM tpch.orders WHERE o_orderpriority NOT IN
                                   ('1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'))
                             + (SELECT count(*) FROM tpch.lineitem WHERE l_shipmode NOT IN
                                   ('REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB')
                                   OR l_shipinstruct NOT IN
                                   ('DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'))"""),
                Map.entry("part names and brands", """
                        SELECT count(*) FROM tpch.part
                        WHERE len(list_distinct(string_split(p_name, ' '))) <> 5
                           OR p_brand <> ('Brand#' || right(p_mfgr, 1) || right(p_brand, 1))
                           OR p_size NOT BETWEEN 1 AND 50""")));
        for (Map.Entry<String, String> check : violations.entrySet()) {
            assertEquals(0, number(first, check.getValue()), check.getKey());
        }
        assertEquals("F, O, P", text(first,
                "SELECT string_agg(DISTINCT o_orderstatus, ', ' ORDER BY o_orderstatus) FROM tpch.orders"));
        assertTrue(number(first, "SELECT count(*) FROM tpch.supplier WHERE s_comment LIKE '%Customer%Complaints%'") > 0);
        assertTrue(number(first, "SELECT count(*) FROM tpch.orders WHERE o_comment LIKE '%special%requests%'") > 0);
    }

    @Test
    void pricingSummaryReportQ1() throws SQLException {
        List<List<String>> result = rows(first, """
                SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,
                       sum(l_extendedprice) AS sum_base_price,
                       sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
                       sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
                       avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price,
                       avg(l_discount) AS avg_disc, count(*) AS count_order
                FROM tpch.lineitem
                WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL 90 DAY
                GROUP BY l_returnflag, l_linestatus
                ORDER BY l_returnflag, l_linestatus""");
        assertEquals(List.of("A F", "N F", "N O", "R F"),
                result.stream().map(row -> row.get(0) + " " + row.get(1)).toList());
        for (List<String> row : result) {
            double base = Double.parseDouble(row.get(3));
            double discounted = Double.parseDouble(row.get(4));
            double charged = Double.parseDouble(row.get(5));
            double quantity = Double.parseDouble(row.get(6));
            double discount = Double.parseDouble(row.get(8));
            assertTrue(base > discounted && charged > discounted, row.toString());
            assertTrue(quantity > 24 && quantity < 27, row.toString());
            assertTrue(discount > 0.045 && discount < 0.055, row.toString());
            assertTrue(Long.parseLong(row.get(9)) > 1_000, row.toString());
        }
    }

    @Test
    void forecastingRevenueChangeQ6() throws SQLException {
        double revenue = decimal(first, """
                SELECT sum(l_extendedprice * l_discount) AS revenue
                FROM tpch.lineitem
                WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
                  AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24""");
        // dbgen gives about 11.8 million at this scale
        assertTrue(revenue > 9e6 && revenue < 15e6, "revenue " + revenue);
    }

    @Test
    void shippingPriorityQ3AndLocalSupplierVolumeQ5() throws SQLException {
        assertEquals(10, rows(first, """
                SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
                FROM tpch.customer, tpch.orders, tpch.lineitem
                WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
                  AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
                GROUP BY l_orderkey, o_orderdate, o_shippriority
                ORDER BY revenue DESC, o_orderdate
                LIMIT 10""").size());
        assertEquals("CHINA, INDIA, INDONESIA, JAPAN, VIETNAM", text(first, """
                SELECT string_agg(n_name, ', ' ORDER BY n_name) FROM (
                    SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
                    FROM tpch.customer, tpch.orders, tpch.lineitem, tpch.supplier, tpch.nation, tpch.region
                    WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
                      AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
                      AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
                    GROUP BY n_name
                    HAVING revenue > 0)"""));
    }

    @Test
    void secondCallDoesNothing() throws SQLException {
        String tables = "SELECT string_agg(schema_name || '.' || table_name || '#' || table_oid, ' ' ORDER BY table_oid)"
                + " FROM duckdb_tables() WHERE database_name = current_database()";
        String before = text(second, tables);
        List<String> labels = new ArrayList<>();
        long start = System.nanoTime();
        SampleData.create(second, (fraction, label) -> labels.add(label));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(List.of("Sample data ready"), labels);
        assertEquals(before, text(second, tables));
        assertTrue(seconds < 1, "took " + seconds + " s");
    }

    @Test
    void leavesTheRestOfTheConnectionAlone() throws SQLException {
        assertEquals("main, taxi, tpch", text(first, """
                SELECT string_agg(schema_name, ', ' ORDER BY schema_name)
                FROM duckdb_schemas() WHERE database_name = current_database()"""));
        assertEquals(0, number(first, """
                SELECT count(*) FROM duckdb_tables()
                WHERE database_name = current_database() AND schema_name NOT IN ('taxi', 'tpch')"""));
        assertEquals(0, number(first, """
                SELECT (SELECT count(*) FROM duckdb_functions() WHERE function_name LIKE 'sample_%')
                     + (SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp')"""));
        assertTrue(first.getAutoCommit());
    }

    @Test
    void failureHalfWayLeavesNothingBehind() throws SQLException {
        try (Connection connection = open(dir.resolve("failing.duckdb"))) {
            execute(connection, "CREATE TABLE main.notes AS SELECT 'keep me' AS note");
            IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                    SampleData.create(connection, (fraction, label) -> {
                        if (label.contains("line items")) {
                            throw new IllegalStateException("stopped");
                        }
                    }));
            assertEquals("stopped", failure.getMessage());
            assertTrue(connection.getAutoCommit());
            assertFalse(SampleData.isComplete(connection));
            assertEquals(0, number(connection, """
                    SELECT (SELECT count(*) FROM duckdb_schemas() WHERE schema_name IN ('taxi', 'tpch'))
                         + (SELECT count(*) FROM duckdb_functions() WHERE function_name LIKE 'sample_%')
                         + (SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp')"""));
            assertEquals("keep me", text(connection, "SELECT note FROM main.notes"));
        }
    }

    @Test
    void recoversFromACrashHalfWay() throws Exception {
        Path file = dir.resolve("crashed.duckdb");
        try (Connection connection = open(file)) {
            // leftovers of an unfinished build
            execute(connection, "CREATE SCHEMA taxi");
            execute(connection, "CREATE TABLE taxi.trips AS SELECT range AS trip_id FROM range(3)");
        }

        Path log = dir.resolve("crash.log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingRun.class.getName(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "crashing run did not end");
        assertEquals(CrashingRun.EXIT, process.exitValue(), () -> read(log));

        try (Connection connection = open(file)) {
            assertFalse(SampleData.isComplete(connection));
            assertEquals(3, number(connection, "SELECT count(*) FROM taxi.trips"));
            assertEquals(0, number(connection, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'tpch'"));

            SampleData.create(connection, SampleData.Progress.NONE);
            assertTrue(SampleData.isComplete(connection));
            assertEquals(fingerprint(first), fingerprint(connection));
        }
    }

    /** Starts a build and ends the JVM abruptly half-way, as a crash would. */
    static final class CrashingRun {
        static final int EXIT = 3;

        public static void main(String[] args) throws SQLException {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
                SampleData.create(connection, (fraction, label) -> {
                    if (label.contains("line items")) {
                        Runtime.getRuntime().halt(EXIT);
                    }
                });
            }
        }
    }

    /** Row counts, whole-row hashes and a few sums and date ranges of every sample table. */
    private static List<String> fingerprint(Connection connection) throws SQLException {
        List<String> result = new ArrayList<>();
        for (String table : SampleData.TABLES) {
            List<String> row = rows(connection, "SELECT count(*), sum(hash(t)) FROM " + table + " t").get(0);
            result.add(table + " rows " + row.get(0));
            result.add(table + " hash " + row.get(1));
        }
        result.addAll(rows(connection, """
                SELECT min(pickup_datetime), max(pickup_datetime), sum(passenger_count),
                       round(sum(trip_distance_mi), 2), round(sum(fare_amount), 2), round(sum(tip_amount), 2),
                       round(sum(total_amount), 2)
                FROM taxi.trips""").get(0));
        result.addAll(rows(connection, """
                SELECT min(l_shipdate), max(l_receiptdate), sum(l_quantity), sum(l_extendedprice),
                       (SELECT sum(o_totalprice) FROM tpch.orders), (SELECT max(o_orderdate) FROM tpch.orders)
                FROM tpch.lineitem""").get(0));
        return result;
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        return rows(connection, sql).get(0).get(0);
    }

    private static long number(Connection connection, String sql) throws SQLException {
        return Long.parseLong(text(connection, sql));
    }

    private static double decimal(Connection connection, String sql) throws SQLException {
        return Double.parseDouble(text(connection, sql));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
