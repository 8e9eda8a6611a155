package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.seconds;

import dev.quire.aws.Credentials;
import dev.quire.client.athena.AthenaTarget;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1,000,000-row × 6-column result of the local Athena endpoint read four ways, side by side in
 * each round: by the official AWS SDK, page by page through the GetQueryResults paginator (1,000
 * rows a page, values as VarCharValue text) and as the result CSV through S3 GetObject; and by
 * Quire's Athena client, every page through GetQueryResults and from the CSV, each value typed as
 * the grid gets it. Each round runs the query afresh; its run to SUCCEEDED and the server's writing
 * of the CSV (on the first HeadObject, as {@code aws s3 cp} sends) are timed apart, so every reader
 * of the CSV finds it written, as on Athena.
 */
public final class AthenaResultsBench implements Bench.Benchmark {

    static final String SERVER = "local-server";
    static final String PAGES = "SDK GetQueryResults paginator";
    static final String CSV = "SDK S3 GetObject of the CSV";
    static final String QUIRE_PAGES = "Quire GetQueryResults";
    static final String QUIRE_CSV = "Quire S3 CSV";

    private final int rows = Bench.intSetting("bench.athena.rows", 1_000_000);

    @Override
    public String name() {
        return "AthenaResultsBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "%,d rows × 6 columns (bigint, double, varchar(12), timestamp, boolean, double) through the Athena "
                        + "route: every page with the SDK's paginator and with Quire's client, and the CSV with the "
                        + "SDK's S3 client and with Quire's client", rows))
                .contenders(SERVER, PAGES, CSV, QUIRE_PAGES, QUIRE_CSV);
        result.note("Server and clients share the benchmark's JVM and the machine's cores. The S3 client checks "
                + "the MD5 the server appends to the whole object (the SDK's default for GetObject). Quire's client "
                + "types every value (bigint, double, boolean; timestamps as text) as the grid gets it.");
        String sql = ResultFetchBench.sql(rows);
        try (LocalBench local = LocalBench.start("athena");
             AthenaClient athena = AthenaClient.builder().endpointOverride(local.fixture().endpoint())
                     .region(Region.of(local.fixture().region())).credentialsProvider(credentials(local)).build();
             S3Client s3 = S3Client.builder().endpointOverride(local.fixture().endpoint())
                     .region(Region.of(local.fixture().region())).forcePathStyle(true)
                     .credentialsProvider(credentials(local)).build()) {
            String[] id = new String[1];
            long[] csvBytes = new long[1];
            Bench.interleave(List.of(PAGES, CSV, QUIRE_PAGES, QUIRE_CSV), Bench.warmups(), Bench.rounds(),
                    (round, measured) -> {
                        long t0 = System.nanoTime();
                        id[0] = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
                        await(athena, id[0]);
                        long t1 = System.nanoTime();
                        csvBytes[0] = s3.headObject(b -> b.bucket("quire-local").key(key(id[0]))).contentLength();
                        long t2 = System.nanoTime();
                        if (measured) {
                            result.add(SERVER, "query → SUCCEEDED", "s", seconds(t1 - t0));
                            result.add(SERVER, "CSV written (first HeadObject)", "s", seconds(t2 - t1));
                        }
                    }, (contender, round, measured) -> {
                        long t0 = System.nanoTime();
                        switch (contender) {
                            case PAGES -> sdkPages(athena, id[0]);
                            case CSV -> check(download(s3, key(id[0])) == csvBytes[0], "the CSV is not %d bytes",
                                    csvBytes[0]);
                            default -> quire(local, id[0], contender.equals(QUIRE_CSV));
                        }
                        long elapsed = System.nanoTime() - t0;
                        Bench.log("%-30s %,d rows in %.2f s", contender, rows, seconds(elapsed));
                        if (measured) {
                            result.add(contender, "every row", "s", seconds(elapsed));
                            result.add(contender, "rows per second", "rows/s", rows / seconds(elapsed));
                        }
                    });
            result.fact("CSV bytes", csvBytes[0]);
            result.fact("rows checked per contender and round", rows);
        }
        result.ratio("Quire ÷ SDK, GetQueryResults, rows/s (target ≥ 1.5)", QUIRE_PAGES, PAGES, "rows per second");
        result.ratio("Quire S3 CSV ÷ Quire GetQueryResults, rows/s (target ≥ 3)", QUIRE_CSV, QUIRE_PAGES,
                "rows per second");
        result.ratio("SDK S3 CSV ÷ SDK paginator, rows/s", CSV, PAGES, "rows per second");
        return result;
    }

    private static String key(String id) {
        return "athena-results/" + id + ".csv";
    }

    private void sdkPages(AthenaClient athena, String id) {
        long[] seen = {0, 0};
        athena.getQueryResultsPaginator(b -> b.queryExecutionId(id)).forEach(page -> {
            for (Row row : page.resultSet().rows()) {
                Datum first = row.data().get(0);
                if (seen[0]++ > 0) {
                    seen[1] += Long.parseLong(first.varCharValue());
                }
            }
        });
        check(seen[0] == rows + 1L, "the pages held %d rows, not %d and the header", seen[0], rows);
        check(seen[1] == (long) rows * (rows - 1) / 2, "the first column sums to %d", seen[1]);
    }

    /** Every page through Quire's client, reading the CSV or GetQueryResults, each row's cells folded in. */
    private void quire(LocalBench local, String id, boolean fromS3) throws Exception {
        Credentials key = local.fixture().credentials();
        AthenaTarget target = new AthenaTarget(local.fixture().endpoint(), local.fixture().region(), null, null,
                null, null);
        try (dev.quire.client.athena.AthenaClient client = dev.quire.client.athena.AthenaClient.builder(target,
                () -> key).readFromS3(fromS3).build()) {
            long seen = 0;
            long sumA = 0;
            long flags = 0;
            PageRef next = null;
            do {
                ResultPage page = client.fetch(id, next).get(2, TimeUnit.MINUTES);
                for (Object[] row : page.rows()) {
                    seen++;
                    sumA += (Long) row[0];
                    flags += Boolean.TRUE.equals(row[4]) ? 1 : 0;
                }
                next = page.next();
            } while (next != null);
            check(seen == rows, "Quire's client saw %d rows, not %d", seen, rows);
            check(sumA == (long) rows * (rows - 1) / 2, "the first column sums to %d", sumA);
            check(flags == (rows + 2) / 3, "%d rows are flagged", flags);
            check(client.resultSource(id).orElseThrow().fromS3() == fromS3, "the client read %s",
                    client.resultSource(id).orElseThrow().text());
        }
    }

    /** Reads the whole object, counting its lines; returns its size. */
    private static long download(S3Client s3, String key) throws Exception {
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = s3.getObject(b -> b.bucket("quire-local").key(key))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        check(lines > 1 && bytes > 0, "the CSV at %s is empty", key);
        return bytes;
    }

    private static void await(AthenaClient athena, String id) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        QueryExecutionState state;
        do {
            state = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return;
            }
            check(state != QueryExecutionState.FAILED && state != QueryExecutionState.CANCELLED, "query %s %s", id,
                    state);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("query " + id + " did not finish within 5 minutes");
    }

    private static StaticCredentialsProvider credentials(LocalBench local) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                local.fixture().credentials().accessKeyId(), local.fixture().credentials().secretAccessKey()));
    }
}
