package dev.quire.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.local.server.LocalFixture;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.RedshiftData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The local server in a small heap (the test starts this with -Xmx128m and exits on the first
 * OutOfMemoryError): huge rows and results, and six clients reading large results at once, over
 * signed HTTP. The clients parse pages as streams and close their connections, so what the heap
 * holds is the server's. Prints "ok" and its figures, or dies.
 */
public final class SmallHeapChild {

    private static final AtomicInteger THROTTLED = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        // every request on a connection of its own, closed after it: the sockets left are the server's
        System.setProperty("http.keepAlive", "false");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        watchCollections();
        try (LocalFixture local = LocalFixture.start(LocalEngine.Options.defaults(Path.of(args[0]))
                .withSampleData(false))) {
            Api api = new Api(local);
            long socketsBefore = sockets();
            LocalEngine.Options options = local.engine().options();
            out.printf("heap %d MiB, read memory %d MiB, largest row %d bytes%n", Runtime.getRuntime().maxMemory() >> 20,
                    options.readMemoryBytes() >> 20, options.maxRowBytes());

            failed(api, "select repeat('x', 40000000) as v from range(60)", "maximum result size");
            failed(api, "select repeat('x', 8000000) || i as v from range(3) t(i)", "Packet for query is too large");
            finished(api, "create table kept(v varchar)", "JSON");
            failed(api, "insert into kept select repeat('z', 8000000) from range(2) returning v",
                    "Packet for query is too large");
            JsonNode count = api.call("GetStatementResult", Map.of("Id", finished(api,
                    "select count(*) from kept", "JSON")));
            check(count.path("Records").path(0).path(0).path("longValue").asLong(-1) == 0,
                    "a change whose returned rows could not be stored is rolled back: " + count);

            String wide = finished(api, "select i, repeat(chr(1), 400000) || repeat('€', 300000) as v "
                    + "from range(24) t(i)", "JSON");
            String wideCsv = finished(api, "select i, repeat(chr(1), 400000) || repeat('€', 300000) as v "
                    + "from range(24) t(i)", "CSV");
            String large = finished(api, "select i, md5(i::varchar) as h, repeat('y', 200) as pad "
                    + "from range(300000) t(i)", "JSON");
            long started = System.nanoTime();
            readAtOnce(api, wide, 24, 700_000, false);
            readAtOnce(api, wideCsv, 24, 700_000, true);
            readAtOnce(api, large, 300_000, 200, false);
            double seconds = (System.nanoTime() - started) / 1e9;

            Instant deadline = Instant.now().plusSeconds(60);
            long socketsAfter = sockets();
            while (socketsAfter > socketsBefore && Instant.now().isBefore(deadline)) {
                // the server closes each connection after its answer; polls until the last ones go
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                socketsAfter = sockets();
            }
            check(socketsAfter <= socketsBefore, "sockets left open: " + socketsAfter + " > " + socketsBefore);
            long used = local.engine().readMemory().used();
            check(used == 0 || used <= options.readMemoryBytes(), "read memory " + used);
            out.printf("ok: 6 clients read 24 rows of ~1.3 MB (JSON and CSV) and 300,000 rows of ~250 bytes "
                            + "each at once in %.1f s; live heap at most %d MiB of %d (after collections); direct "
                            + "buffers %d MiB; %d throttled pages retried; sockets %d before, %d after; %d threads%n",
                    seconds, LIVE_PEAK.get() >> 20, Runtime.getRuntime().maxMemory() >> 20, directMemory() >> 20,
                    THROTTLED.get(), socketsBefore, socketsAfter, Thread.activeCount());
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static JsonNode await(Api api, String sql, String format) throws IOException {
        String id = api.call("ExecuteStatement", Map.of("Sql", sql, "WorkgroupName", "local", "Database", "dev",
                "ResultFormat", format)).path("Id").asText();
        Instant deadline = Instant.now().plusSeconds(180);
        JsonNode described;
        do {
            described = api.call("DescribeStatement", Map.of("Id", id, "WaitTimeSeconds", 10));
            String status = described.path("Status").asText();
            if (status.equals("FINISHED") || status.equals("FAILED") || status.equals("ABORTED")) {
                return described;
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("still " + described.path("Status").asText() + " after 180 s: " + sql);
    }

    private static String finished(Api api, String sql, String format) throws IOException {
        JsonNode s = await(api, sql, format);
        check(s.path("Status").asText().equals("FINISHED"), sql + ": " + s);
        return s.path("Id").asText();
    }

    private static void failed(Api api, String sql, String error) throws IOException {
        JsonNode s = await(api, sql, "JSON");
        check(s.path("Status").asText().equals("FAILED") && s.path("Error").asText().contains(error), sql + ": " + s);
    }

    /** Six clients read every page of the result at once; each must see every row once, in order. */
    private static void readAtOnce(Api api, String id, int rows, int minLength, boolean csv) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                reads.add(clients.submit(() -> {
                    BitSet seen = new BitSet(rows);
                    String token = null;
                    long next = 0;
                    do {
                        Page page = api.page(id, token, csv, minLength);
                        for (long i : page.ids()) {
                            check(i == next++, "row " + i + " where " + (next - 1) + " was due");
                            seen.set((int) i);
                        }
                        token = page.next();
                    } while (token != null);
                    check(seen.cardinality() == rows, "read " + seen.cardinality() + " of " + rows);
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get(300, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static long sockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    if (Files.readSymbolicLink(link).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        return count;
    }

    /** The most the heap held after a collection: what was live, not garbage waiting for one. */
    private static final AtomicLong LIVE_PEAK = new AtomicLong();

    private static void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                    long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                    LIVE_PEAK.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
    }

    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private record Page(List<Long> ids, String next) {
    }

    /** Signed Redshift Data API calls over plain HttpURLConnection. */
    private static final class Api {
        private final LocalFixture local;
        private final SigV4Signer signer;

        Api(LocalFixture local) {
            this.local = local;
            this.signer = new SigV4Signer(local.region(), RedshiftData.SIGNING_NAME);
        }

        JsonNode call(String action, Map<String, Object> members) throws IOException {
            HttpURLConnection c = open(action, Json.MAPPER.writeValueAsBytes(members));
            try (InputStream in = body(c)) {
                JsonNode answer = Json.MAPPER.readTree(in);
                check(c.getResponseCode() == 200, action + ": " + c.getResponseCode() + " " + answer);
                return answer;
            } finally {
                c.disconnect();
            }
        }

        /** One page, parsed as a stream: the first column's ids, each value's length checked. */
        Page page(String id, String token, boolean csv, int minLength) throws IOException {
            while (true) {
                byte[] body = Json.MAPPER.writeValueAsBytes(token == null ? Map.of("Id", id)
                        : Map.of("Id", id, "NextToken", token));
                HttpURLConnection c = open(csv ? "GetStatementResultV2" : "GetStatementResult", body);
                try (InputStream in = body(c)) {
                    if (c.getResponseCode() == 400) {
                        JsonNode error = Json.MAPPER.readTree(in);
                        check(error.path("__type").asText().contains("ThrottlingException"), "page: " + error);
                        THROTTLED.incrementAndGet();
                        continue;
                    }
                    check(c.getResponseCode() == 200, "page: " + c.getResponseCode());
                    return csv ? csvPage(in, minLength) : jsonPage(in, minLength);
                } finally {
                    c.disconnect();
                }
            }
        }

        private static Page jsonPage(InputStream in, int minLength) throws IOException {
            List<Long> ids = new ArrayList<>();
            String next = null;
            try (JsonParser p = Json.FACTORY.createParser(in)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("Records")) {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            p.nextToken();
                            p.nextToken();
                            ids.add(p.getLongValue());
                            p.nextToken();
                            int longest = 0;
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                p.nextToken();
                                p.nextToken();
                                longest = Math.max(longest, p.getTextLength());
                                p.nextToken();
                            }
                            check(longest >= minLength, "a row whose longest value has " + longest + " chars");
                        }
                    } else if (field.equals("NextToken")) {
                        next = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return new Page(ids, next);
        }

        private static Page csvPage(InputStream in, int minLength) throws IOException {
            List<Long> ids = new ArrayList<>();
            String next = null;
            JsonNode page = Json.MAPPER.readTree(in);
            for (String line : page.path("Records").path(0).path("CSVRecords").asText().split("\n")) {
                int comma = line.indexOf(',');
                ids.add(Long.parseLong(line.substring(0, comma)));
                check(line.length() - comma - 1 >= minLength, "a line of " + line.length() + " chars");
            }
            if (page.hasNonNull("NextToken")) {
                next = page.get("NextToken").asText();
            }
            return new Page(ids, next);
        }

        private HttpURLConnection open(String action, byte[] body) throws IOException {
            String target = RedshiftData.TARGET_PREFIX + "." + action;
            String host = "127.0.0.1:" + local.endpoint().getPort();
            HttpURLConnection c = (HttpURLConnection) local.endpoint().resolve("/").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(300_000);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", RedshiftData.CONTENT_TYPE);
            c.setRequestProperty("X-Amz-Target", target);
            List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", host),
                    Map.entry("Content-Type", RedshiftData.CONTENT_TYPE), Map.entry("X-Amz-Target", target));
            signer.sign(new SignableRequest("POST", "/", null, headers, body), local.credentials(), Instant.now())
                    .forEach(c::setRequestProperty);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            return c;
        }

        private static InputStream body(HttpURLConnection c) throws IOException {
            return c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        }
    }

    private SmallHeapChild() {
    }
}
