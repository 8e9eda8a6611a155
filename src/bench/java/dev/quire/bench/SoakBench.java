package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.log;

import dev.quire.aws.Credentials;
import dev.quire.client.DataApiException;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;

/**
 * Soak and chaos, on loopback only: {@code quire serve} in a child JVM, killed (SIGKILL, now and
 * then SIGTERM) and restarted at random points, while signed clients (the AWS SDK and Quire's own)
 * insert tracked rows with a ClientToken each, run queries whose answers are known, cancel long
 * queries and list statements, and slow peers keep dozens of half-sent requests open. At the end
 * the table is read back from a clean start and held against what each client was told: a row
 * reported FINISHED must be there once, a row reported FAILED or ABORTED must not be there, and no
 * row may be there twice. Bounded by {@code bench.soak.seconds} (default 180).
 */
public final class SoakBench implements Bench.Benchmark {

    private static final String SLOW = "select sum(hash(i)) from range(100000000000) t(i)";
    private static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final int seconds = Bench.intSetting("bench.soak.seconds", 180);
    private final int clientCount = Bench.intSetting("bench.soak.clients", 8);
    private final int slowPeers = Bench.intSetting("bench.soak.slowPeers", 40);

    @Override
    public String name() {
        return "SoakBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Path dir = Files.createTempDirectory("quire-bench-soak-");
        Server server = new Server(dir);
        Stats stats = new Stats();
        try {
            server.start();
            try (Api setup = Api.quire(server)) {
                String id = retry(stats, () -> setup.execute("create table soak(client int, seq int)", "soak-setup"));
                check("FINISHED".equals(awaitFinal(stats, setup, id)), "the table is created");
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, String> reported = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                int client = c;
                threads.add(thread("soak-client-" + c, () -> clientLoop(client, server, stats, reported, stop)));
            }
            Thread peers = thread("soak-slow-peers", () -> slowPeerLoop(server, stats, stop));
            Thread chaos = thread("soak-chaos", () -> chaosLoop(server, stats, end));
            chaos.join();
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(3));
                check(!t.isAlive(), "%s ended", t.getName());
            }
            peers.join(TimeUnit.MINUTES.toMillis(1));

            int socketsAfterLoad = server.openSockets();
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.openSockets() > 1 && System.nanoTime() < quietUntil) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
            int socketsQuiet = server.openSockets();
            long kills = server.kills.get();
            long stops = server.stops.get();
            server.stop(false);
            server.start();
            Map<String, Long> rows = readBack(server, stats);
            server.stop(false);
            server.kills.set(kills);
            server.stops.set(stops);
            return result(stats, reported, rows, server, socketsAfterLoad, socketsQuiet);
        } finally {
            server.stop(true);
            Bench.deleteTree(dir);
        }
    }

    private Bench.Result result(Stats stats, Map<String, String> reported, Map<String, Long> rows, Server server,
                                int socketsAfterLoad, int socketsQuiet) throws IOException {
        long twice = rows.values().stream().filter(n -> n > 1).count();
        long lost = 0;
        long misreported = 0;
        long unknown = 0;
        Map<String, Long> byStatus = new HashMap<>();
        for (Map.Entry<String, String> e : reported.entrySet()) {
            long n = rows.getOrDefault(e.getKey(), 0L);
            byStatus.merge(e.getValue(), 1L, Long::sum);
            switch (e.getValue()) {
                case "FINISHED" -> lost += n == 0 ? 1 : 0;
                case "FAILED", "ABORTED" -> misreported += n > 0 ? 1 : 0;
                default -> unknown++;
            }
        }
        long untracked = rows.keySet().stream().filter(k -> !reported.containsKey(k)).count();
        long[] heap = server.heapMiB();

        Bench.Result result = new Bench.Result(name(), String.format(Locale.ROOT, "%d s of %d signed clients (AWS"
                + " SDK and Quire's), %d slow peers, cancels, and %d kills/stops and restarts of `quire serve` in a"
                + " child JVM, on loopback", seconds, clientCount, slowPeers, server.restarts.get()));
        result.contenders("calls");
        double[] latencies = stats.latencies();
        for (double ms : latencies) {
            result.add("calls", "answered call", "ms", ms);
        }
        result.fact("calls answered", stats.answered.get());
        result.fact("calls unanswered (server down)", stats.unanswered.get());
        result.fact("p50 ms", Bench.format(Bench.percentile(latencies, 50)));
        result.fact("p99 ms", Bench.format(Bench.percentile(latencies, 99)));
        result.fact("kills (SIGKILL)", server.kills.get());
        result.fact("stops (SIGTERM)", server.stops.get());
        result.fact("tracked inserts", reported.size());
        result.fact("reported", new java.util.TreeMap<>(byStatus).toString());
        result.fact("statements run twice", twice);
        result.fact("statements misreported", misreported);
        result.fact("rows lost", lost);
        result.fact("statements whose end is unknown", unknown);
        result.fact("rows without a reported statement", untracked);
        result.fact("wrong answers", stats.wrongAnswers.get());
        result.fact("calls refused, by code", new java.util.TreeMap<>(stats.refused).toString());
        result.fact("cancels ended ABORTED", stats.cancelled.get());
        result.fact("cancels that did not", stats.cancelMissed.get());
        result.fact("slow-peer sockets opened", stats.slowSockets.get());
        result.fact("peak heap used MiB (before a GC)", heap[0]);
        result.fact("heap after the last GC MiB", heap[1]);
        result.fact("open TCP sockets right after the load", socketsAfterLoad);
        result.fact("open TCP sockets once quiet (the listener is 1)", socketsQuiet);
        log("soak: %s", result.facts);
        check(twice == 0, "%d statements ran twice", twice);
        check(lost == 0, "%d rows reported FINISHED are not there", lost);
        check(misreported == 0, "%d statements reported FAILED or ABORTED did run", misreported);
        check(stats.wrongAnswers.get() == 0, "%d wrong answers", stats.wrongAnswers.get());
        return result;
    }

    // ---- the clients ---------------------------------------------------------------------------------------

    private void clientLoop(int client, Server server, Stats stats, Map<String, String> reported, AtomicBoolean stop) {
        Random random = new Random(20261121L + client);
        int seq = 0;
        try (Api api = client % 2 == 0 ? Api.sdk(server) : Api.quire(server)) {
            while (!stop.get()) {
                try {
                    seq = step(client, api, random, seq, stats, reported);
                } catch (Refused e) {
                    // counted in stats.refused; the next operation goes on
                }
            }
        } catch (RuntimeException e) {
            log("client %d stopped: %s", client, e);
            throw e;
        }
    }

    /** One operation; returns the next insert's number. */
    private static int step(int client, Api api, Random random, int seq, Stats stats, Map<String, String> reported) {
        int op = random.nextInt(10);
        if (op < 6) {
            int n = seq++;
            String key = client + ":" + n;
            String token = "soak-" + client + "-" + n;
            String id;
            try {
                id = retry(stats, () -> api.execute("insert into soak values (" + client + ", " + n + ")",
                        token));
            } catch (Refused e) {
                reported.put(key, "REFUSED " + e.code);
                return seq;
            }
            reported.put(key, awaitFinal(stats, api, id));
        } else if (op < 8) {
            long k = 1 + random.nextInt(1_000_000);
            String id = retry(stats, () -> api.execute("select sum(i)::bigint from range(" + k + ") t(i)", null));
            String status = awaitFinal(stats, api, id);
            if ("FINISHED".equals(status)) {
                long sum = retry(stats, () -> api.firstLong(id));
                if (sum != k * (k - 1) / 2) {
                    stats.wrongAnswers.incrementAndGet();
                }
            }
        } else if (op < 9) {
            String id = retry(stats, () -> api.execute(SLOW, null));
            retry(stats, () -> api.cancel(id));
            String status = awaitFinal(stats, api, id);
            (("ABORTED".equals(status)) ? stats.cancelled : stats.cancelMissed).incrementAndGet();
        } else {
            retry(stats, () -> {
                api.list();
                return null;
            });
        }
        return seq;
    }

    /** Polls until the statement ends (across restarts); its final status, or "UNRESOLVED" after 2 minutes. */
    /** A FAILED whose error says the server cannot know whether it ran is an honest unknown, not a failure. */
    static String honest(String status, String error) {
        return "FAILED".equals(status) && error != null && error.startsWith("unknown:") ? "FAILED (unknown)" : status;
    }

    private static String awaitFinal(Stats stats, Api api, String id) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String status;
            try {
                status = retry(stats, () -> api.status(id));
            } catch (Refused e) {
                return "REFUSED " + e.code;
            }
            if (status.equals("FINISHED") || status.startsWith("FAILED") || status.equals("ABORTED")) {
                return status;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return "UNRESOLVED";
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** An answer that is an error (not the server being away): counted, and the operation moves on. */
    private static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, Throwable cause) {
            super(code + ": " + cause.getMessage(), cause);
            this.code = code;
        }
    }

    /** Calls until answered: an answer (an AWS error too) is timed; a failed connection waits for the restart. */
    private static <T> T retry(Stats stats, Call<T> call) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            long start = System.nanoTime();
            try {
                T value = call.call();
                stats.answered(System.nanoTime() - start);
                return value;
            } catch (Exception e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                String refused = refusal(cause);
                if (refused != null) {
                    stats.answered(System.nanoTime() - start);
                    stats.refused.merge(refused, 1L, Long::sum);
                    throw new Refused(refused, cause);
                }
                if (!(cause instanceof SdkClientException || cause instanceof RedshiftDataException
                        || cause instanceof DataApiException || cause instanceof IOException
                        || cause instanceof TimeoutException)) {
                    throw new IllegalStateException("the soak itself failed", cause);
                }
                stats.unanswered.incrementAndGet();
            }
            check(System.nanoTime() < deadline, "no answer for 3 minutes");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** The error code of an answer that refused the call; null when there was no answer (or a 5xx or throttling). */
    private static String refusal(Throwable e) {
        String code;
        int status;
        if (e instanceof RedshiftDataException aws) {
            code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            status = aws.statusCode();
        } else if (e instanceof DataApiException quire) {
            code = quire.code();
            status = quire.status();
        } else {
            return null;
        }
        return status >= 400 && status < 500 && !"ThrottlingException".equals(code) ? String.valueOf(code) : null;
    }

    /** The two kinds of signed clients behind one face. */
    private interface Api extends AutoCloseable {
        String execute(String sql, String token) throws Exception;

        String status(String id) throws Exception;

        long firstLong(String id) throws Exception;

        boolean cancel(String id) throws Exception;

        void list() throws Exception;

        @Override
        void close();

        static Api sdk(Server server) {
            var sdk = software.amazon.awssdk.services.redshiftdata.RedshiftDataClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.of(server.region))
                    .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            server.key.accessKeyId(), server.key.secretAccessKey())))
                    .build();
            return new Api() {
                @Override
                public String execute(String sql, String token) {
                    return sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(sql)
                            .clientToken(token)).id();
                }

                @Override
                public String status(String id) {
                    var described = sdk.describeStatement(b -> b.id(id));
                    return honest(described.statusAsString(), described.error());
                }

                @Override
                public long firstLong(String id) {
                    return sdk.getStatementResult(b -> b.id(id)).records().get(0).get(0).longValue();
                }

                @Override
                public boolean cancel(String id) {
                    return sdk.cancelStatement(b -> b.id(id)).status();
                }

                @Override
                public void list() {
                    sdk.listStatements(b -> b.maxResults(10));
                }

                @Override
                public void close() {
                    sdk.close();
                }
            };
        }

        static Api quire(Server server) {
            Credentials key = server.key;
            RedshiftDataClient client = new RedshiftDataClient(RedshiftTarget.workgroup(server.endpoint(),
                    server.region, "dev", "local"), () -> key);
            return new Api() {
                @Override
                public String execute(String sql, String token) throws Exception {
                    return client.execute(new StatementRequest(List.of(sql), Map.of(), null, token))
                            .get(60, TimeUnit.SECONDS);
                }

                @Override
                public String status(String id) throws Exception {
                    var described = client.describe(id).get(60, TimeUnit.SECONDS);
                    return honest(described.statusName(), described.error());
                }

                @Override
                public long firstLong(String id) throws Exception {
                    ResultPage page = client.fetch(id, null).get(60, TimeUnit.SECONDS);
                    return ((Number) page.rows().get(0)[0]).longValue();
                }

                @Override
                public boolean cancel(String id) throws Exception {
                    return client.cancel(id).get(60, TimeUnit.SECONDS);
                }

                @Override
                public void list() throws Exception {
                    client.listTables("dev", "public", "%", null).get(60, TimeUnit.SECONDS);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }
    }

    /** Every tracked row in the table: "client:seq" → how many times it is there. */
    private static Map<String, Long> readBack(Server server, Stats stats) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Api api = Api.quire(server); RedshiftDataClient client = new RedshiftDataClient(
                RedshiftTarget.workgroup(server.endpoint(), server.region, "dev", "local"), () -> server.key)) {
            String id = retry(stats, () -> api.execute("select client, seq, count(*) as n from soak"
                    + " group by client, seq", null));
            check("FINISHED".equals(awaitFinal(stats, api, id)), "the read-back finished");
            ResultPage page = client.fetch(id, null).get(60, TimeUnit.SECONDS);
            while (true) {
                for (Object[] row : page.rows()) {
                    rows.put(row[0] + ":" + row[1], ((Number) row[2]).longValue());
                }
                if (page.isLast()) {
                    return rows;
                }
                page = client.fetch(id, page.next()).get(60, TimeUnit.SECONDS);
            }
        }
    }

    // ---- slow peers ------------------------------------------------------------------------------------------

    /**
     * Keeps slow peers' sockets open, each for 15 s (past the server's 10 s header timeout): half a
     * head, or unsigned headers and half a body; topped up every 3 s.
     */
    private void slowPeerLoop(Server server, Stats stats, AtomicBoolean stop) {
        Map<Socket, Long> open = new HashMap<>();
        while (!stop.get()) {
            long now = System.nanoTime();
            open.entrySet().removeIf(e -> {
                boolean old = now - e.getValue() > TimeUnit.SECONDS.toNanos(15);
                if (old) {
                    closeQuietly(e.getKey());
                }
                return old;
            });
            for (int i = open.size(); i < slowPeers && !stop.get(); i++) {
                try {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port), 1000);
                    OutputStream out = socket.getOutputStream();
                    String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\n";
                    out.write((i % 2 == 0 ? head + "X-Amz-Tar"
                            : head + "X-Amz-Target: RedshiftData.ExecuteStatement\r\nContent-Length: 5000\r\n\r\n{\"Sq")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    open.put(socket, System.nanoTime());
                    stats.slowSockets.incrementAndGet();
                } catch (IOException e) {
                    break; // the server is restarting
                }
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        }
        open.keySet().forEach(SoakBench::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    // ---- chaos ---------------------------------------------------------------------------------------------

    private static void chaosLoop(Server server, Stats stats, long end) {
        Random random = new Random(42);
        int round = 0;
        while (true) {
            long pause = TimeUnit.SECONDS.toNanos(8 + random.nextInt(20));
            long until = Math.min(end, System.nanoTime() + pause);
            LockSupport.parkNanos(Math.max(0, until - System.nanoTime()));
            if (System.nanoTime() >= end) {
                return;
            }
            try {
                server.stop(++round % 4 != 0); // three kills, then a stop, and again
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("the server did not come back", e);
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Figures the threads share. */
    private static final class Stats {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong wrongAnswers = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLong cancelMissed = new AtomicLong();
        final AtomicLong slowSockets = new AtomicLong();
        final Map<String, Long> refused = new ConcurrentHashMap<>();
        private final List<Long> nanos = new ArrayList<>();

        void answered(long took) {
            answered.incrementAndGet();
            synchronized (nanos) {
                nanos.add(took);
            }
        }

        double[] latencies() {
            synchronized (nanos) {
                return nanos.stream().mapToDouble(n -> n / 1e6).toArray();
            }
        }
    }

    /** {@code quire serve} in a child JVM on one port, started, killed and restarted. */
    private static final class Server {
        final Path dir;
        final Path ready;
        final int port;
        final AtomicLong kills = new AtomicLong();
        final AtomicLong stops = new AtomicLong();
        final AtomicLong restarts = new AtomicLong();
        volatile Process process;
        volatile Credentials key;
        volatile String region = "us-east-1";
        private int starts;

        Server(Path dir) throws IOException {
            this.dir = dir;
            this.ready = dir.resolve("quire.env");
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                this.port = probe.getLocalPort();
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        synchronized void start() throws Exception {
            Files.deleteIfExists(ready);
            int n = starts++;
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Xlog:gc:file=" + dir.resolve("gc-" + n + ".log"), "-cp",
                    System.getProperty("java.class.path"), "dev.quire.cli.Main", "--data-dir",
                    dir.resolve("home").toString(), "serve", "--port", String.valueOf(port), "--no-sample-data",
                    "--ready-file", ready.toString());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("serve.log").toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(ready)) {
                check(process.isAlive(), "quire serve ended at start: %s", tail());
                check(System.nanoTime() < deadline, "quire serve not ready in 3 minutes");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(ready)) {
                String[] pair = line.replaceFirst("^export ", "").split("=", 2);
                if (pair.length == 2) {
                    env.put(pair[0], pair[1]);
                }
            }
            key = new Credentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), null);
            region = env.get("AWS_REGION");
            if (n > 0) {
                restarts.incrementAndGet();
            }
            log("quire serve up (start %d, pid %d)", n, process.pid());
        }

        /** SIGKILL when hard, else SIGTERM (a shutdown that records and aborts running work). */
        synchronized void stop(boolean hard) throws InterruptedException {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            if (hard) {
                p.destroyForcibly();
                kills.incrementAndGet();
            } else {
                p.destroy();
                stops.incrementAndGet();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** The server's open TCP sockets (Linux: its fds held against /proc/net/tcp); -1 where that cannot be read. */
        int openSockets() {
            long pid = process.pid();
            try (Stream<Path> all = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                java.util.Set<String> inodes = new java.util.HashSet<>();
                all.forEach(fd -> {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) {
                            inodes.add(link.substring(8, link.length() - 1));
                        }
                    } catch (IOException e) {
                        // the fd closed meanwhile
                    }
                });
                int tcp = 0;
                for (String table : List.of("tcp", "tcp6")) {
                    Path file = Path.of("/proc", String.valueOf(pid), "net", table);
                    for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
                        String[] columns = line.trim().split("\\s+");
                        if (columns.length > 9 && inodes.contains(columns[9])) {
                            tcp++;
                        }
                    }
                }
                return tcp;
            } catch (IOException e) {
                return -1;
            }
        }

        /** The peak heap in use before a GC, and the heap after the last GC, over every start (MiB). */
        long[] heapMiB() throws IOException {
            long peak = 0;
            long last = 0;
            for (int i = 0; i < starts; i++) {
                Path logFile = dir.resolve("gc-" + i + ".log");
                if (!Files.exists(logFile)) {
                    continue;
                }
                for (String line : Files.readAllLines(logFile)) {
                    Matcher m = GC.matcher(line);
                    if (m.find()) {
                        peak = Math.max(peak, mib(m.group(1), m.group(2)));
                        last = mib(m.group(3), m.group(4));
                    }
                }
            }
            return new long[] {peak, last};
        }

        private static long mib(String value, String unit) {
            long v = Long.parseLong(value);
            return switch (unit) {
                case "K" -> v / 1024;
                case "G" -> v * 1024;
                default -> v;
            };
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("serve.log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

}
