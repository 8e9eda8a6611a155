package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.local.LocalEngine;
import dev.quire.local.SampleData;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.S3Client;

/** A peer that asks for a large result file and stops reading is cut off; the others go on being served. */
class ResultDownloadPeersTest {

    private static final Credentials KEY = new Credentials("AKIDDOWNLOADTEST", "download-test-secret", null);

    @TempDir
    Path dir;

    @Test
    void aPeerThatStopsReadingAFileIsCutOff() throws Exception {
        LoopbackHttp.Limits limits = new LoopbackHttp.Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(2), 64, 64, 8, 8);
        try (LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false),
                SampleData.Progress.NONE);
             LocalServer server = LocalServer.start(engine, 0, List.of(KEY), "us-east-1", limits);
             AthenaClient athena = AthenaSdk.athena(server.endpoint(), "us-east-1", KEY);
             S3Client s3 = AthenaSdk.s3(server.endpoint(), "us-east-1", KEY)) {
            QueryExecution query = AthenaSdk.run(athena, "public", "SELECT i, repeat('x', 100) AS pad "
                    + "FROM range(200000) t(i)");
            assertEquals(QueryExecutionState.SUCCEEDED, query.status().state(), query.status().toString());
            String path = "/quire-local/athena-results/" + query.queryExecutionId() + ".csv";
            long length = s3.headObject(b -> b.bucket("quire-local").key(path.substring("/quire-local/".length())))
                    .contentLength();
            assertTrue(length > 20_000_000, "larger than the socket buffers: " + length);

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                OutputStream out = stalled.getOutputStream();
                out.write(signedGet(server.port(), path).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = stalled.getInputStream();
                assertTrue(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> server.http().timedOut() >= 1);
            }
            byte[] whole = s3.getObjectAsBytes(b -> b.bucket("quire-local")
                    .key(path.substring("/quire-local/".length()))).asByteArray();
            assertEquals(length, whole.length, "another peer gets the whole file");
        }
    }

    private static String signedGet(int port, String path) {
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", "127.0.0.1:" + port));
        Map<String, String> signature = new SigV4Signer("us-east-1", "s3").withoutPathNormalization()
                .withContentSha256Header().sign(new SignableRequest("GET", path, null, headers, new byte[0]), KEY,
                        Instant.now());
        StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        signature.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }
}
