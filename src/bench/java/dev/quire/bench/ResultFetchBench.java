package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.seconds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.client.http.HttpClients;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.Fields;
import dev.quire.protocol.redshift.RedshiftData;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;

/**
 * A 1,000,000-row × 6-column result fetched three ways, side by side in each round: through the
 * local HTTP API with Quire's client, through the AWS SDK paginator (same server, same statement
 * id), and straight from DuckDB over JDBC. The statement's execution on the server (execute →
 * FINISHED, which includes encoding the result into pages) is timed apart from the fetch of the
 * finished result. A diagnostic contender splits Quire's fetch into transfer (signed POST until
 * all bytes are in memory) and parsing (the client's record decoder).
 */
public final class ResultFetchBench implements Bench.Benchmark {

    static final String QUIRE = "quire-client";
    static final String SDK = "aws-sdk-v2";
    static final String JDBC = "duckdb-jdbc";
    static final String SPLIT = "quire-split (diagnostic)";
    static final String SERVER = "local-server";

    private final int rows = Bench.intSetting("bench.fetch.rows", 1_000_000);

    @Override
    public String name() {
        return "ResultFetchBench";
    }

    static String sql(int rows) {
        return "select i::bigint as a, (i * 0.25)::double as d1, 'row-' || lpad(i::varchar, 8, '0') as v, "
                + "timestamp '2024-01-01 00:00:00' + to_microseconds(i * 1000003) as ts, "
                + "i % 3 = 0 as flag, ((i % 1000) / 8.0)::double as d2 "
                + "from range(" + rows + ") t(i)";
    }

    /** What a contender saw: every cell of every row is folded in, and must equal DuckDB's own sums. */
    static final class Checksum {
        long rows;
        long sumA;
        double sumD1;
        long sumLenV;
        long sumSecond;
        long trues;
        double sumD2;

        void add(long a, double d1, String v, int second, boolean flag, double d2) {
            rows++;
            sumA += a;
            sumD1 += d1;
            sumLenV += v.length();
            sumSecond += second;
            trues += flag ? 1 : 0;
            sumD2 += d2;
        }

        /** The seconds of a timestamp as the API sends it: "yyyy-MM-dd HH:mm:ss[.f...]". */
        static int secondOf(String ts) {
            return (ts.charAt(17) - '0') * 10 + (ts.charAt(18) - '0');
        }

        void addApiRow(Object[] row) {
            add((Long) row[0], (Double) row[1], (String) row[2], secondOf((String) row[3]), (Boolean) row[4],
                    (Double) row[5]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Checksum c && rows == c.rows && sumA == c.sumA && sumD1 == c.sumD1
                    && sumLenV == c.sumLenV && sumSecond == c.sumSecond && trues == c.trues && sumD2 == c.sumD2;
        }

        @Override
        public int hashCode() {
            return Objects.hash(rows, sumA, sumD1, sumLenV, sumSecond, trues, sumD2);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "rows=%d sum(a)=%d sum(d1)=%.2f sum(len(v))=%d "
                    + "sum(second(ts))=%d count(flag)=%d sum(d2)=%.3f", rows, sumA, sumD1, sumLenV, sumSecond, trues,
                    sumD2);
        }
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "%,d rows × 6 columns (bigint, double, varchar(12), timestamp, boolean, double) from "
                        + "range(); fetch of the finished result, and the statement's execution, timed apart", rows))
                .contenders(SERVER, QUIRE, SDK, JDBC, SPLIT);
        result.note("The server runs in the benchmark's JVM (as in the desktop app); client and server share the "
                + "machine's cores. " + SPLIT + " times each page's transfer and parsing one after the other, "
                + "whereas Quire's client parses while the bytes arrive, so its fetch is shorter than the sum.");
        String sql = sql(rows);
        try (LocalBench local = LocalBench.start("fetch");
             RedshiftDataClient quire = local.quireClient();
             var sdk = local.sdkClient();
             Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             RawApi raw = new RawApi(local)) {

            Checksum expected = expected(duck, sql);
            result.fact("expected (DuckDB aggregates)", expected);
            Bench.log("expected %s", expected);

            String[] statementId = new String[1];
            long[] executeNanos = new long[1];
            List<String> contenders = List.of(QUIRE, SDK, JDBC, SPLIT);
            Bench.interleave(contenders, Bench.warmups(), Bench.rounds(), (round, measured) -> {
                long t0 = System.nanoTime();
                StatementInfo info = LocalBench.executeAndAwait(quire, sql, Duration.ofMinutes(5));
                long took = System.nanoTime() - t0;
                check(info.status() == RunState.FINISHED, "statement ended %s: %s", info.status(), info.error());
                check(info.resultRows() == rows, "server reports %d rows, expected %d", info.resultRows(), rows);
                statementId[0] = info.id();
                executeNanos[0] = took;
                if (measured) {
                    result.add(SERVER, "execute → FINISHED", "s", seconds(took));
                    result.add(SERVER, "server-side duration", "s", seconds(info.durationNanos()));
                    result.fact("result size on the wire (bytes, Records only)", info.resultSize());
                }
                Bench.log("executed %s in %.2f s (%,d bytes of records)", info.id(), seconds(took), info.resultSize());
            }, (contender, round, measured) -> {
                Checksum seen = new Checksum();
                long[] jdbc = new long[2]; // executeQuery, iterate
                long t0 = System.nanoTime();
                int pages = switch (contender) {
                    case QUIRE -> fetchQuire(quire, statementId[0], seen);
                    case SDK -> fetchSdk(sdk, statementId[0], seen);
                    case JDBC -> fetchJdbc(duck, sql, seen, jdbc);
                    case SPLIT -> raw.fetch(statementId[0], seen, result, measured);
                    default -> throw new IllegalStateException(contender);
                };
                // for JDBC the fetch is the iteration only; executeQuery is recorded apart
                long took = contender.equals(JDBC) ? jdbc[1] : System.nanoTime() - t0;
                check(seen.equals(expected), "%s saw %s, expected %s", contender, seen, expected);
                Bench.log("%-24s %,d rows in %.2f s (%,.0f rows/s, %d pages)", contender, seen.rows, seconds(took),
                        seen.rows / seconds(took), pages);
                if (measured) {
                    String metric = contender.equals(JDBC) ? "iterate ResultSet" : "fetch (all pages)";
                    result.add(contender, metric, "s", seconds(took));
                    result.add(contender, "rows/s", "rows/s", seen.rows / seconds(took));
                    if (contender.equals(QUIRE)) {
                        result.add(QUIRE, "execute + fetch", "s", seconds(executeNanos[0] + took));
                        result.fact("pages", pages);
                    }
                    if (contender.equals(JDBC)) {
                        result.add(JDBC, "executeQuery", "s", seconds(jdbc[0]));
                        result.add(JDBC, "execute + iterate", "s", seconds(jdbc[0] + jdbc[1]));
                    }
                }
            });
            result.ratio("API (Quire client) ÷ JDBC, rows/s", QUIRE, JDBC, "rows/s");
            result.ratio("API (AWS SDK) ÷ JDBC, rows/s", SDK, JDBC, "rows/s");
            result.ratio("Quire client ÷ AWS SDK, rows/s", QUIRE, SDK, "rows/s");
            result.fact("every contender's checksum", "equal to expected in every round");
        }
        return result;
    }

    static Checksum expected(Connection duck, String sql) throws Exception {
        try (Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("select count(*), sum(a)::bigint, sum(d1), sum(length(v))::bigint, "
                     + "sum(second(ts))::bigint, count(*) filter (where flag), sum(d2) from (" + sql + ")")) {
            check(r.next(), "no aggregate row");
            Checksum c = new Checksum();
            c.rows = r.getLong(1);
            c.sumA = r.getLong(2);
            c.sumD1 = r.getDouble(3);
            c.sumLenV = r.getLong(4);
            c.sumSecond = r.getLong(5);
            c.trues = r.getLong(6);
            c.sumD2 = r.getDouble(7);
            return c;
        }
    }

    /** (a) Quire's client: GetStatementResult page after page until there is no NextToken. */
    static int fetchQuire(RedshiftDataClient client, String id, Checksum seen) throws Exception {
        PageRef next = null;
        int pages = 0;
        do {
            ResultPage page = client.fetch(id, next).get(2, TimeUnit.MINUTES);
            pages++;
            for (Object[] row : page.rows()) {
                seen.addApiRow(row);
            }
            next = page.next();
        } while (next != null);
        return pages;
    }

    /** (b) The AWS SDK for Java v2 paginator on the same statement. */
    static int fetchSdk(software.amazon.awssdk.services.redshiftdata.RedshiftDataClient sdk, String id,
                        Checksum seen) {
        int pages = 0;
        for (GetStatementResultResponse page : sdk.getStatementResultPaginator(b -> b.id(id))) {
            pages++;
            for (List<Field> r : page.records()) {
                String ts = r.get(3).stringValue();
                seen.add(r.get(0).longValue(), r.get(1).doubleValue(), r.get(2).stringValue(), Checksum.secondOf(ts),
                        r.get(4).booleanValue(), r.get(5).doubleValue());
            }
        }
        return pages;
    }

    /** (c) The same SQL on an in-memory DuckDB over JDBC; executeQuery is timed apart from iterating. */
    static int fetchJdbc(Connection duck, String sql, Checksum seen, long[] nanos) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery(sql)) {
            long executed = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            while (r.next()) {
                long a = r.getLong(1);
                double d1 = r.getDouble(2);
                String v = r.getString(3);
                Timestamp ts = r.getTimestamp(4);
                boolean flag = r.getBoolean(5);
                double d2 = r.getDouble(6);
                seen.add(a, d1, v, ts.toLocalDateTime().getSecond(), flag, d2);
            }
            nanos[0] = executed;
            nanos[1] = System.nanoTime() - t1;
        }
        return 1;
    }

    /**
     * Diagnostic: the same GetStatementResult requests, signed the same way, on the same OkHttp
     * setup, but split per page into transfer (request → every byte in memory) and parsing (the
     * client's own record decoder, {@link Fields#readRecords}).
     */
    static final class RawApi implements AutoCloseable {
        private static final MediaType JSON_1_1 = MediaType.get(RedshiftData.CONTENT_TYPE);
        private final OkHttpClient http = HttpClients.create();
        private final HttpUrl url;
        private final String host;
        private final SigV4Signer signer;
        private final Credentials credentials;

        RawApi(LocalBench local) {
            this.url = HttpUrl.get(local.fixture().endpoint().resolve("/"));
            this.host = url.host() + ":" + url.port();
            this.signer = new SigV4Signer(local.fixture().region(), RedshiftData.SIGNING_NAME);
            this.credentials = local.fixture().credentials();
        }

        int fetch(String id, Checksum seen, Bench.Result result, boolean measured) throws IOException {
            long transfer = 0;
            long parse = 0;
            long bytes = 0;
            int pages = 0;
            String token = null;
            do {
                String t = token;
                byte[] body = Json.object(out -> {
                    out.writeStringField("Id", id);
                    if (t != null) {
                        out.writeStringField("NextToken", t);
                    }
                });
                long t0 = System.nanoTime();
                byte[] page = post(RedshiftData.Action.GetStatementResult.target(), body);
                long t1 = System.nanoTime();
                token = parse(page, seen);
                long t2 = System.nanoTime();
                transfer += t1 - t0;
                parse += t2 - t1;
                bytes += page.length;
                pages++;
            } while (token != null);
            if (measured) {
                result.add(SPLIT, "transfer (sign, HTTP, server reads page)", "s", seconds(transfer));
                result.add(SPLIT, "parse + checksum", "s", seconds(parse));
                result.add(SPLIT, "HTTP MB/s", "MB/s", bytes / 1e6 / seconds(transfer));
                result.fact("response bytes (all pages)", bytes);
            }
            return pages;
        }

        private byte[] post(String target, byte[] body) throws IOException {
            List<Map.Entry<String, String>> headers = List.of(
                    Map.entry("Host", host),
                    Map.entry("Content-Type", RedshiftData.CONTENT_TYPE),
                    Map.entry("X-Amz-Target", target));
            Map<String, String> auth = signer.sign(new SignableRequest("POST", "/", null, headers, body), credentials,
                    Instant.now());
            Request.Builder builder = new Request.Builder().url(url).post(RequestBody.create(body, JSON_1_1))
                    .header("X-Amz-Target", target);
            auth.forEach(builder::header);
            try (Response response = http.newCall(builder.build()).execute()) {
                check(response.isSuccessful(), "HTTP %d", response.code());
                return response.body().bytes();
            }
        }

        /** Decodes one page as the client does and folds it into the checksum; returns NextToken. */
        private static String parse(byte[] page, Checksum seen) throws IOException {
            String next = null;
            try (JsonParser in = Json.FACTORY.createParser(page)) {
                check(in.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    JsonToken value = in.nextToken();
                    switch (name) {
                        case "Records" -> {
                            for (Object[] row : Fields.readRecords(in)) {
                                seen.addApiRow(row);
                            }
                        }
                        case "NextToken" -> next = value == JsonToken.VALUE_NULL ? null : in.getText();
                        default -> in.skipChildren();
                    }
                }
            }
            return next == null || next.isEmpty() ? null : next;
        }

        @Override
        public void close() {
            HttpClients.shutdown(http);
        }
    }
}
