package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans in each backend's EXPLAIN form read into one tree. */
class QueryPlanTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = QueryPlanTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The rows of an EXPLAIN that answers a line a row, as Redshift's does. */
    private static List<Object[]> lineRows(String text) {
        return text.lines().map(line -> new Object[] {line}).toList();
    }

    private static String shape(QueryPlan.Step step, String indent) {
        StringBuilder out = new StringBuilder(indent + step.name() + " rows=" + step.rows() + " cost=" + step.cost()
                + "\n");
        step.children().forEach(child -> out.append(shape(child, indent + "  ")));
        return out.toString();
    }

    @Test
    void redshiftsIndentedTextWithCostsAndDetails() throws Exception {
        QueryPlan plan = QueryPlan.parse(lineRows(resource("redshift-explain.txt")));
        assertEquals(1, plan.roots().size());
        QueryPlan.Step merge = plan.roots().get(0);
        assertEquals("""
                XN Merge rows=576 cost=1000000000136.38..1000000000137.82
                  XN Network rows=576 cost=1000000000136.38..1000000000137.82
                    XN Sort rows=576 cost=1000000000136.38..1000000000137.82
                      XN HashAggregate rows=576 cost=105.61..107.05
                        XN Hash Join DS_BCAST_INNER rows=576 cost=0.00..104.17
                          XN Seq Scan on event rows=8798 cost=0.00..87.98
                          XN Hash rows=1 cost=0.00..0.00
                            XN Seq Scan on sales rows=1 cost=0.00..0.00
                """, shape(merge, ""));
        assertEquals(List.of("Merge Key: sum(sales.pricepaid)"), merge.details());
        QueryPlan.Step join = merge.children().get(0).children().get(0).children().get(0).children().get(0);
        assertEquals(List.of("Hash Cond: (\"outer\".eventid = \"inner\".eventid)"), join.details());
        assertEquals(List.of("Send to leader"), merge.children().get(0).details());
    }

    @Test
    void athenasJsonPlanWithEstimatesAndUnknownsLeftOut() throws Exception {
        QueryPlan plan = QueryPlan.parse(List.<Object[]>of(new Object[] {resource("athena-explain.json")}));
        assertEquals("""
                Fragment 0 rows=null cost=null
                  Output rows=4 cost=cpu 27,000,000
                    Aggregate rows=4 cost=cpu 26,000,000
                      TableScan rows=null cost=null
                """, shape(plan.roots().get(0), ""));
        QueryPlan.Step scan = plan.roots().get(0).children().get(0).children().get(0).children().get(0);
        assertEquals(List.of("table: awsdatacatalog:taxi:trips", "payment_type := payment_type:string:REGULAR"),
                scan.details());
    }

    @Test
    void dremiosNumberedTextWithRowCountsAndCumulativeCosts() throws Exception {
        QueryPlan plan = QueryPlan.parse(List.<Object[]>of(new Object[] {resource("dremio-explain.txt")}));
        QueryPlan.Step screen = plan.roots().get(0);
        assertEquals("Screen", screen.name());
        assertEquals("4.0", screen.rows());
        assertEquals("1000004.4 rows, 2000010.4 cpu, 0.0 io, 0.0 network, 64.0 memory", screen.cost());
        QueryPlan.Step scan = screen.children().get(0).children().get(0).children().get(0);
        assertEquals("TableFunction(Table Metadata=[Samples.\"samples.dremio.com\".\"NYC-taxi-trips\"], columns=[`payment_type`])",
                scan.name());
        assertEquals("1000000.0", scan.rows());
        assertEquals(List.of("00-03"), scan.details());
    }

    @Test
    void duckdbsJsonPlanAsTheLocalEngineAnswersIt() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("create table t as select range as i, range % 7 as k from range(100000)");
            try (ResultSet r = s.executeQuery("explain (format json) select k, count(*) from t where i > 10 group by k")) {
                while (r.next()) {
                    rows.add(new Object[] {r.getString(1), r.getString(2)});
                }
            }
        }
        QueryPlan plan = QueryPlan.parse(rows);
        QueryPlan.Step step = plan.roots().get(0);
        while (!step.children().isEmpty()) {
            step = step.children().get(0);
        }
        assertEquals("SEQ_SCAN", step.name());
        assertEquals("20000", step.rows(), "DuckDB's estimate for the filter");
        assertNull(step.cost(), "DuckDB estimates no cost");
        assertEquals(true, step.details().contains("Filters: (i > 10)"), step.details().toString());
    }

    @Test
    void rowsWithoutAPlanAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QueryPlan.parse(List.<Object[]>of(new Object[] {"  "})));
        assertEquals("The EXPLAIN answered no plan.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QueryPlan.parse(List.<Object[]>of(new Object[] {"{oops"})));
    }
}
