package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.seconds;

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
 * A 1,000,000-row × 6-column result of the local Athena endpoint read two ways with the official
 * AWS SDK: page by page through the GetQueryResults paginator (1,000 rows a page, values as
 * VarCharValue text), and as the result CSV through S3 GetObject, the first time (the server
 * writes the CSV from the stored result, then streams it) and again (the file is there). Each
 * round runs the query afresh; its run to SUCCEEDED is timed apart.
 */
public final class AthenaResultsBench implements Bench.Benchmark {

    static final String SERVER = "local-server";
    static final String PAGES = "GetQueryResults paginator";
    static final String CSV = "S3 GetObject of the CSV";

    private final int rows = Bench.intSetting("bench.athena.rows", 1_000_000);

    @Override
    public String name() {
        return "AthenaResultsBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "%,d rows × 6 columns (bigint, double, varchar(12), timestamp, boolean, double) through the Athena "
                        + "route: all pages with the SDK's paginator, and the CSV with the SDK's S3 client", rows))
                .contenders(SERVER, PAGES, CSV);
        result.note("Server and clients share the benchmark's JVM and the machine's cores. The S3 client checks "
                + "the MD5 the server appends to the whole object (the SDK's default for GetObject).");
        String sql = ResultFetchBench.sql(rows);
        try (LocalBench local = LocalBench.start("athena");
             AthenaClient athena = AthenaClient.builder().endpointOverride(local.fixture().endpoint())
                     .region(Region.of(local.fixture().region())).credentialsProvider(credentials(local)).build();
             S3Client s3 = S3Client.builder().endpointOverride(local.fixture().endpoint())
                     .region(Region.of(local.fixture().region())).forcePathStyle(true)
                     .credentialsProvider(credentials(local)).build()) {
            String[] id = new String[1];
            long[] csvBytes = new long[1];
            Bench.interleave(List.of(PAGES, CSV), Bench.warmups(), Bench.rounds(), (round, measured) -> {
                long t0 = System.nanoTime();
                id[0] = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
                await(athena, id[0]);
                if (measured) {
                    result.add(SERVER, "query → SUCCEEDED", "s", seconds(System.nanoTime() - t0));
                }
            }, (contender, round, measured) -> {
                if (contender.equals(PAGES)) {
                    long t0 = System.nanoTime();
                    long[] seen = {0, 0};
                    athena.getQueryResultsPaginator(b -> b.queryExecutionId(id[0])).forEach(page -> {
                        for (Row row : page.resultSet().rows()) {
                            Datum first = row.data().get(0);
                            if (seen[0]++ > 0) {
                                seen[1] += Long.parseLong(first.varCharValue());
                            }
                        }
                    });
                    long elapsed = System.nanoTime() - t0;
                    check(seen[0] == rows + 1L, "the pages held %d rows, not %d and the header", seen[0], rows);
                    check(seen[1] == (long) rows * (rows - 1) / 2, "the first column sums to %d", seen[1]);
                    if (measured) {
                        result.add(PAGES, "all pages", "s", seconds(elapsed));
                        result.add(PAGES, "rows per second", "rows/s", rows / seconds(elapsed));
                    }
                } else {
                    String key = "athena-results/" + id[0] + ".csv";
                    long t0 = System.nanoTime();
                    long first = download(s3, key);
                    long t1 = System.nanoTime();
                    long again = download(s3, key);
                    long t2 = System.nanoTime();
                    check(first == again, "the two downloads differ: %d and %d bytes", first, again);
                    csvBytes[0] = first;
                    if (measured) {
                        result.add(CSV, "first GetObject (writes the CSV)", "s", seconds(t1 - t0));
                        result.add(CSV, "GetObject again", "s", seconds(t2 - t1));
                        result.add(CSV, "MB per second, again", "MB/s", first / 1e6 / seconds(t2 - t1));
                    }
                }
            });
            result.fact("CSV bytes", csvBytes[0]);
            result.fact("rows checked per contender and round", rows);
        }
        return result;
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
