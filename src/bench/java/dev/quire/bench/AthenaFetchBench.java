package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.seconds;

import dev.quire.aws.Credentials;
import dev.quire.client.athena.AthenaClient;
import dev.quire.client.athena.AthenaTarget;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * One finished Athena query's result (200,000 rows × 4 columns by default) fetched by Quire's
 * Athena client two ways, side by side in each round: through GetQueryResults (1,000 rows a call,
 * every value a JSON string) and from the CSV result file on S3 (one GetObject, pages of 1,000
 * rows). A MockWebServer on loopback plays Athena and S3 with answers made once before the
 * rounds; -Dbench.athena.callMillis adds a delay before each answer's headers, standing for the
 * round trip and service time of a real call.
 */
public final class AthenaFetchBench implements Bench.Benchmark {

    static final String RESULTS = "get-query-results";
    static final String S3 = "s3-csv";
    static final String ID = "84cdc082-3f5a-4e0b-9d51-5a1f2a5f0c11";
    static final String LOCATION = "s3://bench-results/athena/" + ID + ".csv";
    static final List<String> COLUMNS = List.of("id:bigint", "label:varchar", "amount:double", "at:timestamp");

    private final int rows = Bench.intSetting("bench.athena.rows", 200_000);
    private final int callMillis = Bench.intSetting("bench.athena.callMillis", 0);

    @Override
    public String name() {
        return "AthenaFetchBench";
    }

    /** Row i: i, "row-i", i / 4, a timestamp i seconds after 2024-01-01. */
    static String[] row(int i) {
        return new String[] {String.valueOf(i), "row-" + i, String.valueOf(i / 4.0),
                String.format(Locale.ROOT, "2024-01-%02d %02d:%02d:%02d.000", 1 + i / 86_400, i / 3600 % 24,
                        i / 60 % 60, i % 60)};
    }

    /** What a contender saw: every cell folded in. */
    record Checksum(long rows, long sumId, double sumAmount, long sumLabelLength, long sumSecond) {
        static Checksum expected(int rows) {
            long sumId = 0;
            double sumAmount = 0;
            long labels = 0;
            long seconds = 0;
            for (int i = 0; i < rows; i++) {
                String[] row = row(i);
                sumId += i;
                sumAmount += i / 4.0;
                labels += row[1].length();
                seconds += i % 60;
            }
            return new Checksum(rows, sumId, sumAmount, labels, seconds);
        }
    }

    /** Plays Athena (GetQueryExecution, GetQueryResults by token) and S3 (the result file) from answers made once. */
    static final class Mock extends Dispatcher {
        private final List<byte[]> pages = new ArrayList<>();
        private final byte[] execution;
        private final byte[] columnsOnly;
        private final byte[] file;
        private final int callMillis;

        Mock(int rows, int callMillis) throws IOException {
            this.callMillis = callMillis;
            execution = ("{\"QueryExecution\":{\"QueryExecutionId\":\"" + ID + "\",\"Query\":\"select …\","
                    + "\"StatementType\":\"DML\",\"ResultConfiguration\":{\"OutputLocation\":\"" + LOCATION + "\"},"
                    + "\"Status\":{\"State\":\"SUCCEEDED\",\"SubmissionDateTime\":1720537883.968,"
                    + "\"CompletionDateTime\":1720537885.101}}}").getBytes(StandardCharsets.UTF_8);
            columnsOnly = page(rows, 0, 1, true, "more");
            for (int from = 0, n = 0; from < rows; n++) {
                int count = n == 0 ? 999 : 1000;
                int to = Math.min(rows, from + count);
                pages.add(page(rows, from, to, n == 0, to < rows ? "p" + (n + 1) : null));
                from = to;
            }
            StringBuilder csv = new StringBuilder("\"id\",\"label\",\"amount\",\"at\"\n");
            for (int i = 0; i < rows; i++) {
                String[] row = row(i);
                csv.append('"').append(row[0]).append("\",\"").append(row[1]).append("\",\"").append(row[2])
                        .append("\",\"").append(row[3]).append("\"\n");
            }
            file = csv.toString().getBytes(StandardCharsets.UTF_8);
        }

        int fileBytes() {
            return file.length;
        }

        long resultsBytes() {
            return pages.stream().mapToLong(p -> p.length).sum();
        }

        static byte[] page(int rows, int from, int to, boolean header, String next) throws IOException {
            StringBuilder out = new StringBuilder("{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[");
            if (header) {
                out.append("{\"Data\":[{\"VarCharValue\":\"id\"},{\"VarCharValue\":\"label\"},"
                        + "{\"VarCharValue\":\"amount\"},{\"VarCharValue\":\"at\"}]}");
            }
            for (int i = from; i < to; i++) {
                out.append(i == from && !header ? "" : ",").append("{\"Data\":[");
                String[] row = row(i);
                for (int c = 0; c < row.length; c++) {
                    out.append(c == 0 ? "" : ",").append("{\"VarCharValue\":").append(
                            Json.MAPPER.writeValueAsString(row[c])).append('}');
                }
                out.append("]}");
            }
            out.append("],\"ResultSetMetadata\":{\"ColumnInfo\":[");
            for (int c = 0; c < COLUMNS.size(); c++) {
                String[] nameType = COLUMNS.get(c).split(":");
                out.append(c == 0 ? "" : ",").append("{\"CatalogName\":\"hive\",\"Name\":\"").append(nameType[0])
                        .append("\",\"Label\":\"").append(nameType[0]).append("\",\"Type\":\"").append(nameType[1])
                        .append("\",\"Precision\":19,\"Scale\":0,\"Nullable\":\"UNKNOWN\"}");
            }
            out.append("]}}");
            if (next != null) {
                out.append(",\"NextToken\":\"").append(next).append('"');
            }
            return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse answer = new MockResponse().setHeadersDelay(callMillis, TimeUnit.MILLISECONDS);
            if ("GET".equals(request.getMethod())) {
                return answer.setHeader("ETag", "\"bench\"").setBody(new Buffer().write(file));
            }
            String target = String.valueOf(request.getHeader("X-Amz-Target"));
            try {
                if (target.endsWith(".GetQueryExecution")) {
                    return answer.setBody(new Buffer().write(execution));
                }
                var body = Json.MAPPER.readTree(request.getBody().readUtf8());
                if (body.path("MaxResults").asInt() == 1) {
                    return answer.setBody(new Buffer().write(columnsOnly));
                }
                String token = body.path("NextToken").asText("p0");
                return answer.setBody(new Buffer().write(pages.get(Integer.parseInt(token.substring(1)))));
            } catch (IOException | RuntimeException e) {
                return new MockResponse().setResponseCode(400).setBody("{\"__type\":\"InvalidRequestException\","
                        + "\"Message\":\"" + e + "\"}");
            }
        }
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT,
                "%,d rows × 4 columns (bigint, varchar, double, timestamp) of a finished query, fetched to the last "
                        + "page; %d ms before each answer", rows, callMillis)).contenders(RESULTS, S3);
        result.note("MockWebServer on loopback, in the benchmark's JVM, plays Athena and S3; the client types every "
                + "value as the grid gets it. Real calls add a round trip and Athena's own time to each of the "
                + "GetQueryResults calls, which -Dbench.athena.callMillis stands for.");
        Checksum expected = Checksum.expected(rows);
        Mock mock = new Mock(rows, callMillis);
        result.fact("GetQueryResults bytes (all pages)", mock.resultsBytes());
        result.fact("result file bytes", mock.fileBytes());
        Credentials key = new Credentials("AKIDBENCH", "bench-secret");
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(mock);
            server.start();
            AthenaTarget target = new AthenaTarget(server.url("/").uri(), "us-east-1", null, null, "bench", null);
            Bench.interleave(List.of(RESULTS, S3), Bench.warmups(), Bench.rounds(), (contender, round, measured) -> {
                try (AthenaClient client = AthenaClient.builder(target, () -> key)
                        .readFromS3(contender.equals(S3)).build()) {
                    long t0 = System.nanoTime();
                    int[] pages = new int[1];
                    Checksum seen = fetch(client, pages);
                    long took = System.nanoTime() - t0;
                    check(seen.equals(expected), "%s saw %s, expected %s", contender, seen, expected);
                    check(client.resultSource(ID).orElseThrow().fromS3() == contender.equals(S3), "%s read %s",
                            contender, client.resultSource(ID).orElseThrow().text());
                    Bench.log("%-18s %,d rows in %.2f s (%,.0f rows/s, %d pages, %s)", contender, seen.rows(),
                            seconds(took), seen.rows() / seconds(took), pages[0],
                            client.resultSource(ID).orElseThrow().text());
                    if (measured) {
                        result.add(contender, "fetch (all pages)", "s", seconds(took));
                        result.add(contender, "rows/s", "rows/s", seen.rows() / seconds(took));
                        result.fact(contender + " pages", pages[0]);
                    }
                }
            });
        }
        result.ratio("S3 ÷ GetQueryResults, rows/s", S3, RESULTS, "rows/s");
        result.fact("every contender's checksum", "equal to expected in every round");
        return result;
    }

    static Checksum fetch(AthenaClient client, int[] pages) throws Exception {
        long rows = 0;
        long sumId = 0;
        double sumAmount = 0;
        long labels = 0;
        long seconds = 0;
        PageRef next = null;
        do {
            ResultPage page = client.fetch(ID, next).get(2, TimeUnit.MINUTES);
            pages[0]++;
            for (Object[] row : page.rows()) {
                rows++;
                sumId += (Long) row[0];
                labels += ((String) row[1]).length();
                sumAmount += (Double) row[2];
                String at = (String) row[3];
                seconds += (at.charAt(17) - '0') * 10 + (at.charAt(18) - '0');
            }
            next = page.next();
        } while (next != null);
        return new Checksum(rows, sumId, sumAmount, labels, seconds);
    }
}
