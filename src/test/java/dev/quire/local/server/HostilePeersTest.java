package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.local.LocalEngine;
import dev.quire.local.SampleData;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.RedshiftData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/**
 * The server under slow and hostile local peers: half-sent requests, bodies that never come,
 * unsigned or forged headers, more sockets than it keeps, every worker busy. Signed clients are
 * still answered, and what a peer holds is let go.
 */
class HostilePeersTest {

    private static final int STALLED = 60;
    private static final java.time.format.DateTimeFormatter TIMESTAMP = java.time.format.DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        local = server.fixture();
    }

    @Test
    void halfSentRequestsDoNotStarveSignedClients() throws Exception {
        int port = local.endpoint().getPort();
        List<Socket> silent = new ArrayList<>();
        List<Socket> halfHead = new ArrayList<>();
        List<Socket> unsigned = new ArrayList<>();
        List<Socket> forged = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < STALLED / 3; i++) {
                halfHead.add(send(connect(port), "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Tar"));
                unsigned.add(send(connect(port), head(port, "Content-Length: 4000\r\n") + "{\"Sql\":\"sel"));
                String now = TIMESTAMP.format(Instant.now());
                forged.add(send(connect(port), head(port, "Content-Length: 4000\r\nX-Amz-Date: " + now
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDSTRANGER/" + now.substring(0, 8)
                        + "/us-east-1/redshift-data/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
                        + "Signature=00\r\n") + "{\"Sql\""));
            }
            for (int i = 0; i < 10; i++) {
                silent.add(connect(port));
            }

            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long n = i;
                answers.add(clients.submit(() -> n % 2 == 0 ? viaSdk(n) : viaQuire(n)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i, answers.get(i).get(60, TimeUnit.SECONDS), "signed client " + i + " is answered");
            }

            for (Socket socket : unsigned) {
                Response refused = read(socket);
                assertEquals(400, refused.status(), "refused before its body came");
                assertEquals("MissingAuthenticationTokenException", refused.json().path("__type").asText());
            }
            for (Socket socket : forged) {
                Response refused = read(socket);
                assertEquals(400, refused.status(), refused.body());
                assertEquals("UnrecognizedClientException", refused.json().path("__type").asText(), "an unknown key"
                        + " is refused before its body came");
            }
            for (Socket socket : concat(silent, halfHead)) {
                assertEquals(-1, readToEnd(socket), "the server lets a stalled socket go after its header timeout");
            }
            assertTrue(http().timedOut() >= silent.size() + halfHead.size(), "closed by the header timeout");
        } finally {
            clients.shutdownNow();
            closeAll(concat(concat(silent, halfHead), concat(unsigned, forged)));
        }
    }

    @Test
    void pastTheConnectionBoundTheLongestWaitingMakesRoom() throws Exception {
        LoopbackHttp.Limits limits = new LoopbackHttp.Limits(Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(5), 16, 12, 4, 4);
        try (Own own = Own.start(dir, limits)) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    stalled.add(send(connect(own.port()), "POST / HTTP/1.1\r\nHost: x\r\n"));
                }
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> own.http().evicted() >= 40 - 12);
                assertTrue(own.http().openConnections() <= 12, "at most 12 per peer: "
                        + own.http().openConnections());
                try (var sdk = Sdk.client(own.server.endpoint(), "us-east-1", own.key)) {
                    assertEquals(StatusString.FINISHED, Sdk.run(sdk, "select 1").status(),
                            "a signed client gets in past the stalled sockets");
                }
                assertEquals(-1, readToEnd(stalled.get(0)), "the first stalled socket was closed to make room");
            } finally {
                closeAll(stalled);
            }
        }
    }

    @Test
    void withEveryWorkerBusyTheAnswerIsTheServicesThrottlingError() throws Exception {
        LoopbackHttp.Limits limits = new LoopbackHttp.Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(60), 64, 64, 1, 1);
        try (Own own = Own.start(dir, limits)) {
            String id;
            try (var sdk = Sdk.client(own.server.endpoint(), "us-east-1", own.key)) {
                id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                        .sql("select sum(hash(i)) from range(100000000000) t(i)")).id();
            }
            String wait = "{\"Id\":\"" + id + "\",\"WaitTimeSeconds\":30}";
            List<Socket> waiting = new ArrayList<>();
            try {
                waiting.add(send(connect(own.port()), signed(own.port(), own.key, "DescribeStatement", wait, true)));
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> own.http().busyWorkers() == 1);
                waiting.add(send(connect(own.port()), signed(own.port(), own.key, "DescribeStatement", wait, true)));
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> own.http().queued() == 1);

                Socket third = send(connect(own.port()), signed(own.port(), own.key, "DescribeStatement", wait, true));
                waiting.add(third);
                Response throttled = read(third);
                assertEquals(400, throttled.status());
                assertEquals("ThrottlingException", throttled.json().path("__type").asText());
                assertEquals("Rate exceeded", throttled.json().path("Message").asText());
                assertEquals(RedshiftData.CONTENT_TYPE, throttled.headers().get("content-type"));

                assertTrue(own.engine.cancel(own.key.accessKeyId(), id));
                for (Socket socket : waiting.subList(0, 2)) {
                    Response described = read(socket);
                    assertEquals(200, described.status(), described.body());
                    assertEquals("ABORTED", described.json().path("Status").asText());
                }
            } finally {
                closeAll(waiting);
            }
        }
    }

    @Test
    void xAmzTargetMustBeSigned() throws Exception {
        String body = "{\"WorkgroupName\":\"local\",\"Database\":\"dev\"}";
        try (Socket socket = connect(local.endpoint().getPort())) {
            send(socket, signed(local.endpoint().getPort(), local.credentials(), "ListDatabases", body, false));
            Response refused = read(socket);
            assertEquals(400, refused.status());
            assertEquals("InvalidSignatureException", refused.json().path("__type").asText());
            assertEquals("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
                    refused.json().path("Message").asText());
        }
        try (Socket socket = connect(local.endpoint().getPort())) {
            send(socket, signed(local.endpoint().getPort(), local.credentials(), "ListDatabases", body, true));
            assertEquals(200, read(socket).status(), "the same request with the target signed");
        }
    }

    @Test
    void aSignedBodyHashIsCheckedBeforeAndAfterTheBody() throws Exception {
        int port = local.endpoint().getPort();
        String body = "{\"WorkgroupName\":\"local\",\"Database\":\"dev\"}";
        List<Map.Entry<String, String>> headers = baseHeaders(port, "ListDatabases");
        SigV4Signer signer = new SigV4Signer("us-east-1", RedshiftData.SIGNING_NAME).withContentSha256Header();
        Map<String, String> signature = signer.sign(new SignableRequest("POST", "/", null, headers,
                body.getBytes(StandardCharsets.UTF_8)), local.credentials(), Instant.now());
        String signedHead = head(headers, signature, "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n");
        try (Socket socket = connect(port)) {
            send(socket, signedHead);
            Response proceed = read(socket);
            assertEquals(100, proceed.status(), "the whole signature is checked before the body is sent");
            send(socket, body);
            assertEquals(200, read(socket).status());
        }
        try (Socket socket = connect(port)) {
            send(socket, signedHead);
            assertEquals(100, read(socket).status());
            send(socket, body.replace("dev", "xyz"));
            Response refused = read(socket);
            assertEquals(400, refused.status());
            assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.",
                    refused.json().path("Message").asText());
        }
        try (Socket socket = connect(port)) {
            send(socket, head(port, "Expect: 100-continue\r\nContent-Length: 100000\r\n"));
            Response refused = read(socket);
            assertEquals(400, refused.status(), "no 100 Continue without a signature");
            assertEquals("MissingAuthenticationTokenException", refused.json().path("__type").asText());
        }
    }

    @Test
    void theSqlCapBoundsTheParametersToo() {
        try (var sdk = Sdk.client(local)) {
            String big = "x".repeat(60 * 1024);
            ValidationException e = assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b
                    .workgroupName("local").database("dev").sql("select :p || :q as v")
                    .parameters(SqlParameter.builder().name("p").value(big).build(),
                            SqlParameter.builder().name("q").value(big).build())));
            assertTrue(e.getMessage().startsWith("Cannot process query string larger than 100kB"), e.getMessage());
            List<SqlParameter> many = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                many.add(SqlParameter.builder().name("p" + i).value("y".repeat(1500)).build());
            }
            assertThrows(ValidationException.class, () -> sdk.executeStatement(b -> b.workgroupName("local")
                    .database("dev").sql("select :p0 as v").parameters(many)), "many parameters add up");

            String under = "x".repeat(60 * 1024);
            String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql("select :p as v")
                    .parameters(SqlParameter.builder().name("p").value(under).build())).id();
            assertEquals(StatusString.FINISHED, Sdk.awaitFinal(sdk, id).status(), "under the cap it runs");
            assertEquals(under, sdk.getStatementResult(b -> b.id(id)).records().get(0).get(0).stringValue());
        }
    }

    // ---- signed clients --------------------------------------------------------------------------------------

    private static long viaSdk(long n) {
        try (var sdk = Sdk.client(local)) {
            var done = Sdk.run(sdk, "select " + n + " as n");
            assertEquals(StatusString.FINISHED, done.status());
            return sdk.getStatementResult(b -> b.id(done.id())).records().get(0).get(0).longValue();
        }
    }

    private static long viaQuire(long n) throws Exception {
        try (RedshiftDataClient client = local.client()) {
            String id = client.execute(StatementRequest.of("select " + n + " as n")).get(60, TimeUnit.SECONDS);
            StatementInfo info = client.describe(id, Duration.ofSeconds(20)).get(60, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(60);
            while (!info.isFinal() && Instant.now().isBefore(deadline)) {
                info = client.describe(id, Duration.ofSeconds(20)).get(60, TimeUnit.SECONDS);
            }
            ResultPage page = client.fetch(id, null).get(60, TimeUnit.SECONDS);
            return ((Number) page.rows().get(0)[0]).longValue();
        }
    }

    private static LoopbackHttp http() {
        return local.server().http();
    }

    // ---- raw peers -------------------------------------------------------------------------------------------

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(90_000);
        return socket;
    }

    private static Socket send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static String head(int port, String extra) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + RedshiftData.CONTENT_TYPE
                + "\r\nX-Amz-Target: RedshiftData.ExecuteStatement\r\n" + extra + "\r\n";
    }

    private static List<Map.Entry<String, String>> baseHeaders(int port, String action) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", "127.0.0.1:" + port));
        headers.add(Map.entry("Content-Type", RedshiftData.CONTENT_TYPE));
        headers.add(Map.entry("X-Amz-Target", RedshiftData.TARGET_PREFIX + "." + action));
        return headers;
    }

    /** A whole request signed with the key; with signTarget false, X-Amz-Target is sent but not signed. */
    private static String signed(int port, Credentials key, String action, String body, boolean signTarget) {
        List<Map.Entry<String, String>> headers = baseHeaders(port, action);
        List<Map.Entry<String, String>> toSign = signTarget ? headers : headers.subList(0, 2);
        Map<String, String> signature = new SigV4Signer("us-east-1", RedshiftData.SIGNING_NAME).sign(
                new SignableRequest("POST", "/", null, toSign, body.getBytes(StandardCharsets.UTF_8)), key,
                Instant.now());
        return head(headers, signature, "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                + body;
    }

    private static String head(List<Map.Entry<String, String>> headers, Map<String, String> signature, String extra) {
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
        headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        signature.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.append(extra).append("\r\n").toString();
    }

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    /** Reads one response: the status line, headers and a Content-Length body. */
    private static Response read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended in a head");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }

    /** Reads until the server closes; returns -1 then (an exception when the read timed out instead). */
    private static int readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // what the server sent before closing
        }
        return -1;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A server of the test's own, with other bounds, on its own engine. */
    private static final class Own implements AutoCloseable {
        final LocalEngine engine;
        final LocalServer server;
        static final Credentials KEY = new Credentials("AKIDHOSTILETEST", "hostile-test-secret", null);
        final Credentials key = KEY;

        private Own(LocalEngine engine, LocalServer server) {
            this.engine = engine;
            this.server = server;
        }

        static Own start(Path dir, LoopbackHttp.Limits limits) throws Exception {
            Path data = Files.createDirectories(dir.resolve("own"));
            LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(data).withSampleData(false),
                    SampleData.Progress.NONE);
            try {
                return new Own(engine, LocalServer.start(engine, 0, List.of(KEY), "us-east-1", limits));
            } catch (Exception e) {
                engine.close();
                throw e;
            }
        }

        int port() {
            return server.port();
        }

        LoopbackHttp http() {
            return server.http();
        }

        @Override
        public void close() {
            server.close();
            engine.close();
        }
    }
}
