package dev.quire.bench;

import static dev.quire.bench.Bench.check;

import dev.quire.client.Connections;
import dev.quire.client.DataApi;
import dev.quire.client.dremio.DremioClient;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What random access to results buys, on one local engine: (1) the last row of a 10,000,000-row
 * result in a result cursor (what Last row in the grid waits for), through the Dremio API (the
 * cursor fetches the page that holds it) and through the Redshift Data API (forward tokens: every
 * page before it); (2) every row of a 1,000,000-row result read in order through Quire's Dremio
 * client, fetching several pages at once (ReadAhead's default) and one page at a time.
 */
public final class DremioRandomAccessBench implements Bench.Benchmark {

    static final String LAST_DREMIO = "last row, Dremio API (random access)";
    static final String LAST_REDSHIFT = "last row, Redshift Data API (forward tokens)";
    static final String FULL_PARALLEL = "full fetch, Dremio client, " + DremioClient.DEFAULT_PARALLEL_PAGES
            + " pages at once";
    static final String FULL_SERIAL = "full fetch, Dremio client, 1 page at a time";
    private static final String LAST_METRIC = "query done → cursor holds the last row";
    private static final String FULL_METRIC = "every row read";

    private final int rows = Bench.intSetting("bench.dremio.rows", 10_000_000);
    private final int fullRows = Bench.intSetting("bench.dremio.fullRows", 1_000_000);

    @Override
    public String name() {
        return "DremioRandomAccessBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT, "the last row of a %,d-row × "
                + "2-column result in a result cursor, Dremio API vs Redshift Data API on the same local engine; "
                + "and a %,d-row × 2-column result read in order through Quire's Dremio client, pages of 500",
                rows, fullRows)).contenders(LAST_DREMIO, LAST_REDSHIFT, FULL_PARALLEL, FULL_SERIAL);
        result.note("Server and client share the benchmark's JVM and the machine's cores. Each query runs once "
                + "before the rounds; each round opens a new cursor (a new spill store) on the stored result.");
        String big = "select i, i * 2 as twice from range(" + rows + ") t(i)";
        String full = "select i, i * 2 as twice from range(" + fullRows + ") t(i)";
        try (LocalBench local = LocalBench.start("dremio-random", options -> options.withLimits(200, 4L << 30))) {
            var endpoint = new Connections.LocalEndpoint(local.fixture().endpoint(), local.fixture().region(),
                    local.fixture().credentials(), local.fixture().dremioToken());
            String redshiftId;
            String dremioId;
            String fullId;
            try (DataApi redshift = local.quireClient(); DremioClient dremio = Connections.localDremio(endpoint)) {
                redshiftId = finish(redshift, big);
                dremioId = finish(dremio, big);
                fullId = finish(dremio, full);
            }
            int[] store = {0};
            Bench.interleave(List.of(LAST_DREMIO, LAST_REDSHIFT, FULL_PARALLEL, FULL_SERIAL), Bench.warmups(),
                    Bench.rounds(), (contender, round, measured) -> {
                        // a client of its own per trial: no connection of one trial is left to the next
                        try (DataApi api = switch (contender) {
                            case LAST_REDSHIFT -> local.quireClient();
                            case FULL_SERIAL -> Connections.localDremio(endpoint, List.of()).parallelPages(1).build();
                            default -> Connections.localDremio(endpoint);
                        }) {
                            double seconds = switch (contender) {
                                case LAST_DREMIO -> lastRow(local, store[0]++, api, dremioId, result, measured);
                                case LAST_REDSHIFT -> lastRow(local, store[0]++, api, redshiftId, result, measured);
                                default -> readAll(api, fullId);
                            };
                            if (measured) {
                                boolean last = contender.equals(LAST_DREMIO) || contender.equals(LAST_REDSHIFT);
                                result.add(contender, last ? LAST_METRIC : FULL_METRIC, "s", seconds);
                            }
                        }
                    });
        }
        result.ratio("last row: Redshift ÷ Dremio", LAST_REDSHIFT, LAST_DREMIO, LAST_METRIC);
        result.ratio("full fetch: 1 page ÷ " + DremioClient.DEFAULT_PARALLEL_PAGES + " pages at once", FULL_SERIAL,
                FULL_PARALLEL, FULL_METRIC);
        result.fact("rows (last row)", rows);
        result.fact("rows (full fetch)", fullRows);
        result.fact("last row", (rows - 1) + ", " + 2L * (rows - 1));
        return result;
    }

    /** Runs the statement to its end; its id. */
    private static String finish(DataApi api, String sql) throws Exception {
        String id = api.execute(StatementRequest.of(sql)).get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (true) {
            StatementInfo info = api.describe(id).get(60, TimeUnit.SECONDS);
            if (info.isFinal()) {
                check(info.status() == RunState.FINISHED, "the query ended %s: %s", info.statusName(), info.error());
                return id;
            }
            check(System.nanoTime() < deadline, "the query did not end in 20 minutes");
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** Opens a cursor on the result and asks for its last row, as Last row does; seconds until it is held. */
    private double lastRow(LocalBench local, int n, DataApi api, String id, Bench.Result result, boolean measured)
            throws Exception {
        try (SpillStore store = SpillStore.open(SpillStore.Options.defaults(local.dir().resolve("cache-" + n)))) {
            long start = System.nanoTime();
            ResultCursor cursor = store.open(api, id).get(60, TimeUnit.SECONDS);
            try {
                long last = rows - 1L;
                cursor.want(last, 1);
                long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
                while (!cursor.has(last)) {
                    check(cursor.state() != ResultCursor.State.FAILED, "the cursor failed: %s",
                            cursor.progress().failure());
                    check(System.nanoTime() < deadline, "no last row in 20 minutes");
                    LockSupport.parkNanos(1_000_000);
                }
                double seconds = Bench.seconds(System.nanoTime() - start);
                Object[] row = cursor.rows(last, 1).get(60, TimeUnit.SECONDS).get(0);
                check(((Number) row[0]).longValue() == last && ((Number) row[1]).longValue() == 2 * last,
                        "the last row is %s, %s", row[0], row[1]);
                if (measured) {
                    result.add(api instanceof DremioClient ? LAST_DREMIO : LAST_REDSHIFT,
                            "rows fetched when the last row came", "rows", cursor.fetchedRows());
                }
                return seconds;
            } finally {
                cursor.close();
            }
        }
    }

    /** Reads every page in order; seconds, after checking the rows' count and sum. */
    private double readAll(DataApi api, String id) throws Exception {
        long start = System.nanoTime();
        long count = 0;
        long sum = 0;
        PageRef next = null;
        while (true) {
            ResultPage page = api.fetch(id, next).get(60, TimeUnit.SECONDS);
            for (Object[] row : page.rows()) {
                sum += ((Number) row[1]).longValue();
            }
            count += page.rows().size();
            if (page.isLast()) {
                break;
            }
            next = page.next();
        }
        double seconds = Bench.seconds(System.nanoTime() - start);
        check(count == fullRows, "%,d rows read", count);
        check(sum == (long) fullRows * (fullRows - 1), "the sum of twice is %d", sum);
        return seconds;
    }
}
