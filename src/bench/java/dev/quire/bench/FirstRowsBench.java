package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time from run to first rows for {@code select 1} on the local server through {@link QueryService}
 * (ExecuteStatement, DescribeStatement polls with the service's backoff, first GetStatementResult),
 * split into its phases. A reference contender does the same calls with Quire's client but polls
 * describe back to back, which shows what the service's polling schedule adds.
 */
public final class FirstRowsBench implements Bench.Benchmark {

    static final String SERVICE = "QueryService";
    static final String TIGHT = "client, back-to-back describe (reference)";

    private final int runs = Bench.intSetting("bench.firstRows.runs", 200);
    private final int warmupRuns = Bench.intSetting("bench.firstRows.warmupRuns", 50);

    @Override
    public String name() {
        return "FirstRowsBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "select 1 on the local server: run → FINISHED → first page, %d runs after %d warm-up runs, "
                        + "the two contenders alternating run by run", runs, warmupRuns))
                .contenders(SERVICE, TIGHT);
        try (LocalBench local = LocalBench.start("first-rows");
             QueryService service = new QueryService(local.quireClient());
             RedshiftDataClient client = local.quireClient()) {
            long firstPages = 0;
            for (int i = 0; i < warmupRuns + runs; i++) {
                boolean measured = i >= warmupRuns;
                // alternate which contender goes first
                if (i % 2 == 0) {
                    viaService(service, result, measured);
                    viaClient(client, result, measured);
                } else {
                    viaClient(client, result, measured);
                    viaService(service, result, measured);
                }
                if (measured) {
                    firstPages += 2;
                }
                if ((i + 1) % 50 == 0) {
                    Bench.log("%d/%d runs", i + 1, warmupRuns + runs);
                }
            }
            result.ratio("QueryService ÷ back-to-back reference, median", SERVICE, TIGHT, "run → first page");
            result.fact("first pages checked (1 row, value 1)", firstPages);
        }
        return result;
    }

    private static void viaService(QueryService service, Bench.Result result, boolean measured) throws Exception {
        AtomicInteger describes = new AtomicInteger();
        long t0 = System.nanoTime();
        QueryRun run = service.run(StatementRequest.of("select 1"));
        run.onChange(info -> describes.incrementAndGet());
        CompletableFuture<ResultPage> first = run.firstPage();
        // registered after firstPage(): a future runs its latest dependents first, so these stamps
        // are taken before the fetch is issued (and read through the futures, so safely published)
        CompletableFuture<Long> idAt = run.id().thenApply(id -> System.nanoTime());
        CompletableFuture<Long> finishedAt = run.finished().thenApply(info -> System.nanoTime());
        ResultPage page = first.get(30, TimeUnit.SECONDS);
        long t3 = System.nanoTime();
        verify(page);
        check(run.finished().join().status() == RunState.FINISHED, "not FINISHED");
        long t1 = idAt.get(30, TimeUnit.SECONDS);
        long t2 = finishedAt.get(30, TimeUnit.SECONDS);
        check(t0 <= t1 && t1 <= t2 && t2 <= t3, "phase stamps out of order");
        if (measured) {
            result.add(SERVICE, "run → first page", "ms", millis(t3 - t0));
            result.add(SERVICE, "run → Id (ExecuteStatement)", "ms", millis(t1 - t0));
            result.add(SERVICE, "Id → FINISHED (describe polls)", "ms", millis(t2 - t1));
            result.add(SERVICE, "FINISHED → first page", "ms", millis(t3 - t2));
            result.add(SERVICE, "describe calls per run", "calls", describes.get());
        }
    }

    private static void viaClient(RedshiftDataClient client, Bench.Result result, boolean measured) throws Exception {
        long t0 = System.nanoTime();
        String id = client.execute(StatementRequest.of("select 1")).get(30, TimeUnit.SECONDS);
        int describes = 0;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        StatementInfo info;
        do {
            info = client.describe(id).get(30, TimeUnit.SECONDS);
            describes++;
            check(System.nanoTime() < deadline, "select 1 did not finish within 30 s");
        } while (!info.isFinal());
        check(info.status() == RunState.FINISHED, "not FINISHED: %s", info.status());
        ResultPage page = client.fetch(id, null).get(30, TimeUnit.SECONDS);
        long t3 = System.nanoTime();
        verify(page);
        if (measured) {
            result.add(TIGHT, "run → first page", "ms", millis(t3 - t0));
            result.add(TIGHT, "describe calls per run", "calls", describes);
        }
    }

    private static void verify(ResultPage page) {
        check(page != null && page.rows().size() == 1 && Long.valueOf(1).equals(page.rows().get(0)[0]),
                "select 1 did not return one row with 1: %s", page == null ? null : page.rows());
    }
}
