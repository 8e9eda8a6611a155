package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;
import static dev.quire.bench.Bench.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.LocalKeys;
import dev.quire.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One results page of the local Dremio endpoint at the start and at the end of a 10,000,000-row
 * result: GET /api/v3/job/{id}/results with limit 500 at offset 0 and at offset 9,999,500. The page
 * is read from the stored Parquet by row range (only the row groups holding it), so the last page
 * should cost about what the first does. Each round times several requests of each, interleaved.
 */
public final class DremioPagesBench implements Bench.Benchmark {

    static final String FIRST = "first page (offset 0)";
    static final String LAST = "last page (offset 9,999,500)";
    private static final int REQUESTS = 20;

    private final int rows = Bench.intSetting("bench.dremio.rows", 10_000_000);

    @Override
    public String name() {
        return "DremioPagesBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        long lastOffset = rows - 500L;
        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT, "a %,d-row × 3-column result "
                + "(bigint, double, varchar) of the local Dremio endpoint: one page of 500 rows at offset 0 and at "
                + "offset %,d, %d requests of each per round, over java.net.http", rows, lastOffset, REQUESTS))
                .contenders(FIRST, LAST);
        result.note("Server and client share the benchmark's JVM and the machine's cores; the result is stored "
                + "once (Parquet, row groups of 16,384 rows) before the rounds.");
        try (LocalBench local = LocalBench.start("dremio", options -> options.withLimits(200, 4L << 30))) {
            String token = LocalKeys.dremioToken(local.dir());
            URI base = local.fixture().endpoint();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long t0 = System.nanoTime();
            JsonNode submitted = send(http, HttpRequest.newBuilder(base.resolve("/api/v3/sql"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT i AS id, i * 1.5 AS d, 'row ' || i "
                            + "AS s FROM range(" + rows + ") t(i)\"}")));
            String id = submitted.get("id").asText();
            while (true) {
                JsonNode status = send(http, get(base, token, "/api/v3/job/" + id));
                String state = status.get("jobState").asText();
                if (state.equals("COMPLETED")) {
                    check(status.get("rowCount").asLong() == rows, "the job holds %s rows", status.get("rowCount"));
                    break;
                }
                check(!state.equals("FAILED") && !state.equals("CANCELED"), "the job ended %s", status);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            result.fact("query → COMPLETED (s)", Bench.format(seconds(System.nanoTime() - t0)));
            Bench.interleave(List.of(FIRST, LAST), Bench.warmups(), Bench.rounds(), (contender, round, measured) -> {
                long offset = contender.equals(FIRST) ? 0 : lastOffset;
                double[] times = new double[REQUESTS];
                for (int r = 0; r < REQUESTS; r++) {
                    long start = System.nanoTime();
                    JsonNode page = send(http, get(base, token, "/api/v3/job/" + id + "/results?offset=" + offset
                            + "&limit=500"));
                    times[r] = millis(System.nanoTime() - start);
                    check(page.get("rows").size() == 500, "the page holds %d rows", page.get("rows").size());
                    check(page.at("/rows/0/id").asLong() == offset && page.at("/rows/499/id").asLong() == offset + 499,
                            "the page at %d starts at row %s", offset, page.at("/rows/0/id"));
                }
                if (measured) {
                    result.add(contender, "median request", "ms", Bench.median(times));
                    result.add(contender, "p90 request", "ms", Bench.percentile(times, 90));
                }
            });
            result.fact("rows", rows);
        }
        return result;
    }

    private static HttpRequest.Builder get(URI base, String token, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).GET();
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode() == 200, "status %d: %s", response.statusCode(), new String(response.body(),
                java.nio.charset.StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(response.body());
    }
}
