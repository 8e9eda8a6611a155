package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;
import static dev.quire.bench.Bench.seconds;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.RunState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How soon a result is ready: ExecuteStatement → FINISHED on the local server, against DuckDB
 * running the same query on the same database and reading every row over JDBC, side by side in
 * each round; then how long the first GetStatementResult page takes right after FINISHED. Three
 * results: the sample's taxi trips, ResultFetchBench's 1,000,000 × 6 and a 5,000,000 × 2 range.
 */
public final class FinishBench implements Bench.Benchmark {

    static final String SERVER = "local server";
    static final String JDBC = "DuckDB JDBC";
    static final String DONE = "query → every row stored or read";

    private final int rangeRows = Bench.intSetting("bench.finish.rangeRows", 5_000_000);

    @Override
    public String name() {
        return "FinishBench";
    }

    private record Workload(String label, String sql) {
    }

    @Override
    public Bench.Result run() throws Exception {
        List<Workload> workloads = List.of(
                new Workload("taxi", "select * from taxi.trips"),
                new Workload("1M×6", ResultFetchBench.sql(1_000_000)),
                new Workload(String.format(Locale.ROOT, "%dM×2", rangeRows / 1_000_000),
                        "select i, 'row ' || i as name from range(" + rangeRows + ") t(i)"));
        Bench.Result result = new Bench.Result(name(), "ExecuteStatement → FINISHED against DuckDB's own "
                + "execute-and-read-every-row over JDBC on the same database, and the first page after FINISHED");
        for (Workload w : workloads) {
            result.contenders(SERVER + " " + w.label(), JDBC + " " + w.label());
        }
        try (LocalBench local = LocalBench.start("finish", options -> options.withSampleData(true)
                .withLimits(200, 8L << 30));
             RedshiftDataClient client = local.quireClient();
             Connection duck = local.fixture().engine().connect()) {
            for (Workload w : workloads) {
                String server = SERVER + " " + w.label();
                String jdbc = JDBC + " " + w.label();
                long[] rows = {-1};
                Bench.interleave(List.of(server, jdbc), Bench.warmups(), Bench.rounds(), (contender, round, measured) -> {
                    if (contender.equals(server)) {
                        long t0 = System.nanoTime();
                        StatementInfo info = LocalBench.executeAndAwait(client, w.sql(), Duration.ofMinutes(5));
                        long finished = System.nanoTime() - t0;
                        check(info.status() == RunState.FINISHED, "%s ended %s: %s", w.label(), info.status(),
                                info.error());
                        long t1 = System.nanoTime();
                        ResultPage first = client.fetch(info.id(), null).get(1, TimeUnit.MINUTES);
                        long firstPage = System.nanoTime() - t1;
                        check(!first.rows().isEmpty(), "%s: empty first page", w.label());
                        check(rows[0] < 0 || rows[0] == info.resultRows(), "%s: %d rows, JDBC read %d", w.label(),
                                info.resultRows(), rows[0]);
                        rows[0] = info.resultRows();
                        Bench.log("%-22s FINISHED in %.3f s, first page (%,d rows) %.1f ms", server, seconds(finished),
                                first.rows().size(), millis(firstPage));
                        if (measured) {
                            result.add(server, DONE, "s", seconds(finished));
                            result.add(server, "first page after FINISHED", "ms", millis(firstPage));
                        }
                    } else {
                        long t0 = System.nanoTime();
                        long read = readEveryRow(duck, w.sql());
                        long took = System.nanoTime() - t0;
                        check(rows[0] < 0 || rows[0] == read, "%s: JDBC read %d rows, server %d", w.label(), read,
                                rows[0]);
                        rows[0] = read;
                        Bench.log("%-22s read %,d rows in %.3f s", jdbc, read, seconds(took));
                        if (measured) {
                            result.add(jdbc, DONE, "s", seconds(took));
                        }
                    }
                });
                result.fact(w.label() + " rows", rows[0]);
                result.ratio(w.label() + ": server ÷ JDBC", server, jdbc, DONE);
            }
        }
        return result;
    }

    /** Executes and reads every cell with the getter its type calls for. */
    static long readEveryRow(Connection duck, String sql) throws Exception {
        long rows = 0;
        long folded = 0;
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            int width = meta.getColumnCount();
            int[] types = new int[width];
            for (int c = 0; c < width; c++) {
                types[c] = meta.getColumnType(c + 1);
            }
            while (r.next()) {
                rows++;
                for (int c = 0; c < width; c++) {
                    Object value = switch (types[c]) {
                        case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> r.getLong(c + 1);
                        case Types.DOUBLE, Types.FLOAT, Types.REAL -> r.getDouble(c + 1);
                        case Types.BOOLEAN -> r.getBoolean(c + 1);
                        case Types.VARCHAR -> r.getString(c + 1);
                        default -> r.getObject(c + 1);
                    };
                    folded += value == null ? 0 : 1;
                }
            }
        }
        check(folded >= 0, "unreachable");
        return rows;
    }
}
