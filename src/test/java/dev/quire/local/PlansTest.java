package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.LocalEngineTest.TestClock;
import dev.quire.model.QueryPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EXPLAIN answered in each API's form from DuckDB's plan. */
class PlansTest {

    @TempDir
    Path dir;

    private static List<Object[]> rows(LocalEngine engine, Submission request, List<String> columns) {
        StatementSnapshot done = engine.await("me", engine.submit(request).id(), Duration.ofSeconds(30));
        assertEquals(Phase.FINISHED, done.status(), done.error());
        done.columns().forEach(c -> columns.add(c.name()));
        List<Object[]> rows = new ArrayList<>();
        engine.read("me", done.id(), 0, 10_000, r -> {
            Object[] row = new Object[done.columns().size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = r.getString(c + 1);
            }
            rows.add(row);
            return true;
        });
        return rows;
    }

    @Test
    void redshiftsExplainAnswersALineARowWithEstimatedRows() throws Exception {
        try (LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false),
                SampleData.Progress.NONE, new TestClock())) {
            engine.await("me", engine.submit(Submission.of("me", "create table t as select range as i, range % 7 as k"
                    + " from range(100000)")).id(), Duration.ofSeconds(30));
            List<String> columns = new ArrayList<>();
            List<Object[]> rows = rows(engine, Submission.of("me",
                    "explain select k, count(*) from t where i > 10 group by k"), columns);
            assertEquals(List.of("QUERY PLAN"), columns);
            assertTrue(rows.get(0)[0].toString().startsWith("XN "), rows.get(0)[0].toString());
            assertTrue(rows.stream().anyMatch(r -> r[0].toString().matches(" +->  XN Seq Scan on t  \\(rows=\\d+\\)")),
                    rows.stream().map(r -> r[0].toString()).toList().toString());
            QueryPlan plan = QueryPlan.parse(rows);
            QueryPlan.Step step = plan.roots().get(0);
            while (!step.children().isEmpty()) {
                step = step.children().get(0);
            }
            assertEquals("XN Seq Scan on t", step.name());
            assertTrue(step.details().stream().anyMatch(d -> d.startsWith("Filters: ")), step.details().toString());
        }
    }

    @Test
    void dremiosExplainPlanForAnswersTheJsonPlan() throws Exception {
        try (LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false),
                SampleData.Progress.NONE, new TestClock())) {
            Submission request = new Submission("me", List.of("EXPLAIN PLAN FOR select 42 as answer"), false, List.of(),
                    null, null, null, null, null, null, Submission.Target.inSchema(LocalEngine.DATABASE, null, null),
                    Submission.ParameterStyle.POSITIONAL, Map.of(), Duration.ofHours(1));
            List<Object[]> rows = rows(engine, request, new ArrayList<>());
            QueryPlan plan = QueryPlan.parse(rows);
            assertTrue(!plan.roots().isEmpty());
            assertEquals("PROJECTION", plan.roots().get(0).name());
        }
    }
}
