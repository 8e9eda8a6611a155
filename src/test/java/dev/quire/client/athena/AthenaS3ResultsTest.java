package dev.quire.client.athena;

import static dev.quire.client.athena.AthenaMock.KEY;
import static dev.quire.client.athena.AthenaClientTest.failure;
import static dev.quire.client.athena.AthenaClientTest.get;
import static dev.quire.client.athena.AthenaMock.csv;
import static dev.quire.client.athena.AthenaMock.execution;
import static dev.quire.client.athena.AthenaMock.numbered;
import static dev.quire.client.athena.AthenaMock.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** Results read from their CSV file on S3, against MockWebServer playing Athena and S3 on one port. */
class AthenaS3ResultsTest {

    static final List<String> TWO = List.of("i:bigint", "s:varchar");
    static final String LOCATION = "s3://out/results/q1.csv";

    @RegisterExtension
    final AthenaMock mock = new AthenaMock(Duration.ofSeconds(10), Duration.ofMillis(500));
    AthenaClient client;

    @BeforeEach
    void start() {
        client = mock.client(null);
    }

    /** A finished query q1 whose rows (i, "row i") lie in its CSV result file; GetQueryResults gives its columns. */
    void finished(int rows) {
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", LOCATION));
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, Math.min(rows, 1)), rows > 1 ? "more" : null));
        mock.put(LOCATION, csv(List.of("i", "s"), numbered(0, rows)));
    }

    /** Every page of q1's result, following next; checks each page's place. */
    List<Object[]> allRows() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        ResultPage page = get(client.fetch("q1", null));
        while (true) {
            assertEquals(rows.size(), page.firstRow());
            assertTrue(page.rows().size() <= 1000);
            rows.addAll(page.rows());
            if (page.isLast()) {
                assertEquals(rows.size(), page.totalRows());
                return rows;
            }
            assertEquals(rows.size(), page.next().row());
            page = get(client.fetch("q1", page.next()));
        }
    }

    static void assertNumbered(List<Object[]> rows, int count) {
        assertEquals(count, rows.size());
        for (int i = 0; i < count; i++) {
            assertEquals((long) i, rows.get(i)[0], "row " + i);
            assertEquals("row " + i, rows.get(i)[1], "row " + i);
        }
    }

    @Test
    void pagesStreamFromTheResultFileOnOneDownload() throws Exception {
        finished(2500);
        assertNumbered(allRows(), 2500);
        assertEquals("read from S3", client.resultSource("q1").orElseThrow().text());
        assertEquals(1, mock.s3Requests().size(), "one download serves every page");
        RecordedRequest get = mock.s3Requests().get(0);
        assertEquals("/out/results/q1.csv", get.getPath(), "path-style on the endpoint");
        assertEquals("UNSIGNED-PAYLOAD", get.getHeader("x-amz-content-sha256"));
        assertTrue(get.getHeader("Authorization").matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/"
                + "s3/aws4_request, SignedHeaders=accept-encoding;host;x-amz-content-sha256;x-amz-date, .*"),
                get.getHeader("Authorization"));
        assertNull(get.getHeader("Range"));
        assertEquals(1, mock.calls("GetQueryResults").size());
        assertEquals(1, AthenaMock.body(mock.calls("GetQueryResults").get(0)).path("MaxResults").asInt(),
                "GetQueryResults is asked only for the column types");
        assertEquals(0, client.openDownloads(), "the finished download is closed");
    }

    @Test
    void quotedValuesNullsAndLineBreaksComeThroughTyped() throws Exception {
        List<String> columns = List.of("n:integer", "text:varchar", "amount:decimal", "ok:boolean", "at:timestamp");
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", LOCATION));
        mock.answer("GetQueryResults", results(columns, true, List.of(), null));
        mock.put(LOCATION, csv(List.of("n", "text", "amount", "ok", "at"), List.of(
                List.of("1", "two\nlines, \"quoted\"", "0.0000001", "true", "2024-01-01 00:00:27.125"),
                Arrays.asList("2", "", null, "false", null),
                Arrays.asList(null, null, "12.50", null, "2024-02-29 23:59:59.000"))));
        ResultPage page = get(client.fetch("q1", null));
        assertTrue(page.isLast());
        assertEquals(List.of(1L, "two\nlines, \"quoted\"", new BigDecimal("0.0000001"), true,
                "2024-01-01 00:00:27.125"), Arrays.asList(page.rows().get(0)));
        assertEquals(Arrays.asList(2L, "", null, false, null), Arrays.asList(page.rows().get(1)),
                "\"\" is an empty string, an empty field NULL");
        assertEquals(Arrays.asList(null, null, new BigDecimal("12.50"), null, "2024-02-29 23:59:59.000"),
                Arrays.asList(page.rows().get(2)));
        assertEquals("read from S3", client.resultSource("q1").orElseThrow().text());
    }

    @Test
    void accessDeniedFallsBackToGetQueryResults() throws Exception {
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", LOCATION));
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "t"),
                results(TWO, true, numbered(0, 999), "t2"), results(TWO, false, numbered(999, 1500), null));
        mock.s3Fault(answer -> AthenaMock.s3Error(403, "AccessDenied", "Access Denied"));
        assertNumbered(allRows(), 1500);
        ResultSource source = client.resultSource("q1").orElseThrow();
        assertFalse(source.fromS3());
        assertEquals(LOCATION, source.location());
        assertEquals("read through GetQueryResults: S3 said AccessDenied", source.text());
        assertEquals(1, mock.s3Requests().size(), "a refusal is not retried");
    }

    @Test
    void aMalformedOrCutFileFallsBackBeforeAnyRowIsHandedOut() throws Exception {
        String good = csv(List.of("i", "s"), numbered(0, 10));
        for (String bad : List.of(good.substring(0, good.length() - 4), "\"i\",\"s\"\n\"1\",\"x\",\"extra\"\n",
                "\"i\",\"wrong\"\n\"1\",\"x\"\n", "\"i\",\"s\"\n\"one\",\"x\"\n")) {
            String id = "q" + bad.hashCode();
            String location = "s3://out/results/" + id + ".csv";
            mock.answer("GetQueryExecution", execution(id, "SUCCEEDED", "DML", location));
            mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "t"), results(TWO, true, numbered(0, 10),
                    null));
            mock.put(location, bad);
            ResultPage page = get(client.fetch(id, null));
            assertNumbered(page.rows(), 10);
            ResultSource source = client.resultSource(id).orElseThrow();
            assertFalse(source.fromS3(), bad);
            assertTrue(source.reason().startsWith("The result file " + location + " is not CSV as Athena writes it"),
                    source.reason());
        }

        finished(10);
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 10), null));
        String full = csv(List.of("i", "s"), numbered(0, 10));
        for (int i = 0; i < 3; i++) {
            mock.s3Fault(answer -> answer.setBody(full.substring(0, full.length() / 2))
                    .setHeader("Content-Length", full.length()).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        }
        assertNumbered(get(client.fetch("q1", null)).rows(), 10);
        assertTrue(client.resultSource("q1").orElseThrow().reason().startsWith("S3 could not be reached"),
                client.resultSource("q1").orElseThrow().reason());
    }

    @Test
    void aLocationThatNamesNoObjectIsReadThroughGetQueryResults() throws Exception {
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", "s3://only-a-bucket.csv"));
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "t"), results(TWO, true, numbered(0, 5),
                null));
        assertNumbered(get(client.fetch("q1", null)).rows(), 5);
        assertEquals("read through GetQueryResults: not the URL of an S3 object: s3://only-a-bucket.csv",
                client.resultSource("q1").orElseThrow().text());
        assertEquals(0, mock.s3Requests().size());
    }

    @Test
    void aDownloadThatBreaksMidFileResumesAtThePagesFirstByte() throws Exception {
        finished(5000);
        mock.s3Fault(answer -> answer.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        List<Object[]> rows = allRows();
        assertNumbered(rows, 5000);
        List<RecordedRequest> gets = mock.s3Requests();
        assertEquals(2, gets.size(), "the first download and one resume");
        String range = gets.get(1).getHeader("Range");
        long offset = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
        String file = csv(List.of("i", "s"), numbered(0, 5000));
        int pageStart = file.indexOf("\"" + offset(rows, file, offset) + "\",");
        assertEquals(pageStart, offset, "the range starts at a page's first record");
        assertEquals(0, offset(rows, file, offset) % 1000, "and that record starts a page");
        assertEquals(AthenaMock.ETAG, gets.get(1).getHeader("If-Match"), "the same file, or nothing");
        assertEquals("read from S3", client.resultSource("q1").orElseThrow().text());
    }

    /** The row number of the record that starts at offset. */
    static int offset(List<Object[]> rows, String file, long offset) {
        String rest = file.substring((int) offset);
        return Integer.parseInt(rest.substring(1, rest.indexOf('"', 1)));
    }

    @Test
    void aDownloadThatKeepsBreakingFailsClearlyAndRetryResumes() throws Exception {
        finished(3000);
        ResultPage first = get(client.fetch("q1", null));
        assertNumbered(first.rows(), 1000);
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "more"));
        for (int i = 0; i < 4; i++) {
            mock.s3Fault(answer -> answer.setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }
        client.close();
        client = mock.client(null);
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", LOCATION));
        DataApiException e = assertInstanceOf(DataApiException.class, failure(client.fetch("q1", first.next())));
        assertEquals(DataApiException.NETWORK_ERROR, e.code());
        int before = mock.s3Requests().size();

        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "more"));
        List<Object[]> rows = new ArrayList<>(first.rows());
        PageRef next = first.next();
        while (next != null) {
            ResultPage page = get(client.fetch("q1", next));
            assertEquals(rows.size(), page.firstRow());
            rows.addAll(page.rows());
            next = page.next();
        }
        assertNumbered(rows, 3000);
        assertTrue(mock.s3Requests().size() > before);
    }

    @Test
    void aPageFetchedAgainIsReadAgainByRange() throws Exception {
        finished(2500);
        ResultPage first = get(client.fetch("q1", null));
        ResultPage second = get(client.fetch("q1", first.next()));
        ResultPage again = get(client.fetch("q1", first.next()));
        assertEquals(second.firstRow(), again.firstRow());
        assertEquals(second.rows().size(), again.rows().size());
        for (int r = 0; r < second.rows().size(); r++) {
            assertEquals(Arrays.asList(second.rows().get(r)), Arrays.asList(again.rows().get(r)));
        }
        assertEquals(second.next(), again.next());
        assertEquals(2, mock.s3Requests().size());
        assertTrue(mock.s3Requests().get(1).getHeader("Range").startsWith("bytes="));
        assertEquals(1, client.openDownloads(), "of two downloads waiting at the same byte, one is kept");
    }

    @Test
    void aSlowFileEndsInATimeoutOrAFallbackNeverAHang() throws Exception {
        finished(50);
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 50), null));
        mock.s3Fault(answer -> answer.throttleBody(16, 1, TimeUnit.SECONDS));
        assertNumbered(get(client.fetch("q1", null)).rows(), 50);
        assertEquals("read through GetQueryResults: S3 did not answer in time",
                client.resultSource("q1").orElseThrow().text());
    }

    @Test
    void aPageMustArriveWithinTheCallTimeoutEvenWhenBytesTrickleIn() throws Exception {
        OkHttpClient patient = mock.http(Duration.ofMillis(800), Duration.ofSeconds(5));
        try (AthenaClient trickled = mock.builder(null).http(patient).build()) {
            finished(200);
            mock.answer("GetQueryResults", results(TWO, true, numbered(0, 200), null));
            mock.s3Fault(answer -> answer.throttleBody(64, 200, TimeUnit.MILLISECONDS));
            assertNumbered(get(trickled.fetch("q1", null)).rows(), 200);
            assertEquals("read through GetQueryResults: S3 did not answer in time",
                    trickled.resultSource("q1").orElseThrow().text(), "the page was cut off at the call timeout");
        }
    }

    @Test
    void anS3SignatureIsTheOneTheAwsSdkComputes() throws Exception {
        String location = "s3://out/dir/a b+c=\u00e9~.csv";
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", location));
        mock.answer("GetQueryResults", results(TWO, true, List.of(), null));
        mock.put(location, csv(List.of("i", "s"), numbered(0, 3)));
        assertNumbered(get(client.fetch("q1", null)).rows(), 3);
        RecordedRequest sent = mock.s3Requests().get(0);
        assertEquals("/out/dir/a%20b%2Bc%3D%C3%A9~.csv", sent.getRequestUrl().encodedPath());

        Instant at = Instant.from(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(sent.getHeader("X-Amz-Date")));
        URI url = sent.getRequestUrl().uri();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host(url.getHost()).port(url.getPort()).encodedPath(sent.getRequestUrl().encodedPath())
                .putHeader("Accept-Encoding", "identity")
                .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(KEY.accessKeyId(), KEY.secretAccessKey()))
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        assertEquals(signed.request().firstMatchingHeader("Authorization").orElseThrow(),
                sent.getHeader("Authorization"));
    }

    @Test
    void anotherQuerysTokenOrAGoneFileIsAClearError() throws Exception {
        finished(2500);
        ResultPage first = get(client.fetch("q1", null));
        DataApiException other = assertInstanceOf(DataApiException.class, failure(client.fetch("q2", first.next())));
        assertTrue(other.getMessage().contains("belongs to query q1"), other.getMessage());

        mock.put(LOCATION, "");
        client.close();
        client = mock.client(null);
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", "s3://out/results/gone.csv"));
        mock.answer("GetQueryResults", results(TWO, true, numbered(0, 1), "more"));
        DataApiException gone = assertInstanceOf(DataApiException.class, failure(client.fetch("q1", first.next())));
        assertEquals("NoSuchKey", gone.code());
        assertEquals(404, gone.status());
        assertEquals("S3REQ", gone.requestId());
    }

    @Test
    void closingTheClientClosesItsOpenDownloads() throws Exception {
        finished(2500);
        ResultPage first = get(client.fetch("q1", null));
        assertFalse(first.isLast());
        assertEquals(1, client.openDownloads(), "the download waits for the next page");
        client.close();
        assertEquals(0, client.openDownloads());
    }
}
