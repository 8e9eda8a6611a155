package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Athena's result CSVs through the official AWS SDK's S3 client (path-style), and S3's errors. */
class AthenaResultsS3Test {

    private static final String SQL = "SELECT 1 AS n, 'say \"hi\"' AS quoted, 'two\nlines' AS text, NULL AS nothing, "
            + "'' AS empty, 2.5::DOUBLE AS x UNION ALL SELECT 2, 'plain', 'a,b', 'x', NULL, NULL ORDER BY n";
    private static final String CSV = "\"n\",\"quoted\",\"text\",\"nothing\",\"empty\",\"x\"\n"
            + "\"1\",\"say \"\"hi\"\"\",\"two\nlines\",,\"\",\"2.5\"\n"
            + "\"2\",\"plain\",\"a,b\",\"x\",,\n";

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static AthenaClient athena;
    static S3Client s3;
    static String id;
    static String key;

    @BeforeAll
    static void start() {
        local = server.fixture();
        athena = AthenaSdk.athena(local);
        s3 = AthenaSdk.s3(local);
        QueryExecution query = AthenaSdk.run(athena, "public", SQL);
        assertEquals(QueryExecutionState.SUCCEEDED, query.status().state(), query.status().toString());
        id = query.queryExecutionId();
        key = "athena-results/" + id + ".csv";
    }

    @AfterAll
    static void stop() {
        athena.close();
        s3.close();
    }

    private static ResponseBytes<GetObjectResponse> get(String bucket, String objectKey) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey));
    }

    @Test
    void getObjectServesTheResultAsAthenasCsv() throws Exception {
        ResponseBytes<GetObjectResponse> object = get("quire-local", key);
        assertEquals(CSV, object.asUtf8String());
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        GetObjectResponse response = object.response();
        assertEquals(bytes.length, response.contentLength());
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        assertEquals("\"" + md5 + "\"", response.eTag());
        assertEquals("text/csv", response.contentType());
        assertEquals("bytes", response.acceptRanges());
        assertTrue(Duration.between(response.lastModified(), Instant.now()).abs().toMinutes() < 5);

        GetObjectResponse checked = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertEquals(crc32(bytes), checked.checksumCRC32());

        HeadObjectResponse head = s3.headObject(b -> b.bucket("quire-local").key(key));
        assertEquals(bytes.length, head.contentLength());
        assertEquals(response.eTag(), head.eTag());
        assertEquals(response.lastModified(), head.lastModified());

        Path dir = local.engine().options().dataDir().resolve("athena-results");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(id + ".csv"))));
    }

    @Test
    void rangesAreAnsweredWithTheirBytes() {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)
                .range("bytes=0-9"));
        assertEquals("bytes 0-9/" + bytes.length, first.response().contentRange());
        assertEquals(10L, first.response().contentLength());
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 0, 10), first.asByteArray());
        ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)
                .range("bytes=-4"));
        assertEquals(",,\n", new String(tail.asByteArray(), StandardCharsets.UTF_8).substring(1));
        ResponseBytes<GetObjectResponse> rest = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)
                .range("bytes=" + (bytes.length - 3) + "-"));
        assertEquals(",,\n", rest.asUtf8String());
        S3Exception beyond = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("quire-local")
                .key(key).range("bytes=" + bytes.length + "-")));
        assertEquals(416, beyond.statusCode());
        assertEquals("InvalidRange", beyond.awsErrorDetails().errorCode());
    }

    @Test
    void conditionsAreHonoured() {
        String eTag = s3.headObject(b -> b.bucket("quire-local").key(key)).eTag();
        assertEquals(CSV, s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key).ifMatch(eTag)).asUtf8String());
        S3Exception changed = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("quire-local")
                .key(key).ifMatch("\"0123\"")));
        assertEquals(412, changed.statusCode());
        S3Exception same = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("quire-local")
                .key(key).ifNoneMatch(eTag)));
        assertEquals(304, same.statusCode());
    }

    @Test
    void unknownKeysAndBucketsGetS3sErrors() {
        assertThrows(NoSuchKeyException.class, () -> get("quire-local", "athena-results/nope.csv"));
        assertThrows(NoSuchKeyException.class, () -> get("quire-local", "elsewhere/" + id + ".csv"));
        assertThrows(NoSuchKeyException.class, () -> get("quire-local", key + ".metadata"));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("quire-local")
                .key("athena-results/nope.csv")));
        NoSuchBucketException bucket = assertThrows(NoSuchBucketException.class, () -> get("nobody", key));
        assertEquals(404, bucket.statusCode());

        QueryExecution failed = AthenaSdk.run(athena, "public", "SELECT * FROM no_such_table");
        assertEquals(QueryExecutionState.FAILED, failed.status().state());
        assertThrows(NoSuchKeyException.class, () -> get("quire-local", "athena-results/"
                + failed.queryExecutionId() + ".csv"));
    }

    @Test
    void aQueryWritesWhereItsOutputLocationSays() {
        String other = athena.startQueryExecution(b -> b.queryString("SELECT 'elsewhere' AS place")
                .resultConfiguration(r -> r.outputLocation("s3://my-results/daily"))).queryExecutionId();
        QueryExecution query = AthenaSdk.awaitFinal(athena, other);
        assertEquals("s3://my-results/daily/" + other + ".csv", query.resultConfiguration().outputLocation());
        assertEquals("\"place\"\n\"elsewhere\"\n", get("my-results", "daily/" + other + ".csv").asUtf8String());
        assertThrows(NoSuchKeyException.class, () -> get("quire-local", "athena-results/" + other + ".csv"));

        QueryExecution ddl = AthenaSdk.run(athena, "public", "CREATE TABLE made_here (x INTEGER)");
        assertEquals(QueryExecutionState.SUCCEEDED, ddl.status().state());
        ResponseBytes<GetObjectResponse> empty = get("quire-local", "athena-results/" + ddl.queryExecutionId()
                + ".csv");
        assertEquals(0, empty.asByteArray().length, "a query without rows has an empty result file");
    }

    @Test
    void aLargeResultStreamsWholeAndInRanges() {
        QueryExecution query = AthenaSdk.run(athena, "public", "SELECT i, 'value ' || i AS label, i * 0.5 AS half "
                + "FROM range(200000) t(i)");
        String large = "athena-results/" + query.queryExecutionId() + ".csv";
        byte[] whole = get("quire-local", large).asByteArray();
        String text = new String(whole, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        assertEquals(200_002, lines.length, "the header, 200,000 rows and the end of the last line");
        assertEquals("\"i\",\"label\",\"half\"", lines[0]);
        assertEquals("\"199999\",\"value 199999\",\"99999.5\"", lines[200_000]);
        int from = whole.length / 2;
        byte[] middle = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(large)
                .range("bytes=" + from + "-" + (from + 99_999))).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, from, from + 100_000), middle);
    }

    @Test
    void theSdkChecksWhatItGets() throws IOException {
        String tampered = AthenaSdk.run(athena, "public", "SELECT 'original' AS word").queryExecutionId();
        String objectKey = "athena-results/" + tampered + ".csv";
        assertEquals("\"word\"\n\"original\"\n", get("quire-local", objectKey).asUtf8String());
        Path file = local.engine().options().dataDir().resolve("athena-results").resolve(tampered + ".csv");
        Files.writeString(file, "\"word\"\n\"0riginal\"\n");
        assertThrows(SdkClientException.class, () -> get("quire-local", objectKey), "the appended MD5 is checked");
        assertThrows(SdkClientException.class, () -> s3.getObjectAsBytes(b -> b.bucket("quire-local")
                .key(objectKey).checksumMode(ChecksumMode.ENABLED)), "the CRC32 is checked");
    }

    @Test
    void requestsMustBeSignedForS3WithAKnownKey() throws Exception {
        try (S3Client wrong = client(new Credentials(local.credentials().accessKeyId(), "not-the-secret"));
             S3Client stranger = client(new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))) {
            S3Exception mismatch = assertThrows(S3Exception.class, () -> wrong.getObjectAsBytes(b -> b
                    .bucket("quire-local").key(key)));
            assertEquals("SignatureDoesNotMatch", mismatch.awsErrorDetails().errorCode());
            assertEquals(403, mismatch.statusCode());
            S3Exception unknown = assertThrows(S3Exception.class, () -> stranger.getObjectAsBytes(b -> b
                    .bucket("quire-local").key(key)));
            assertEquals("InvalidAccessKeyId", unknown.awsErrorDetails().errorCode());
        }
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                local.endpoint().resolve("/quire-local/" + key)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        assertTrue(unsigned.body().contains("<Code>AccessDenied</Code>"), unsigned.body());
        HttpResponse<String> put = signed("PUT", "/quire-local/" + key, "s3");
        assertEquals(405, put.statusCode());
        assertTrue(put.body().contains("<Code>MethodNotAllowed</Code>"), put.body());
        HttpResponse<String> athenaSigned = signed("GET", "/quire-local/" + key, "athena");
        assertEquals(400, athenaSigned.statusCode());
        assertTrue(athenaSigned.body().contains("<Code>AuthorizationHeaderMalformed</Code>"), athenaSigned.body());
        HttpResponse<String> listing = signed("GET", "/quire-local", "s3");
        assertEquals(501, listing.statusCode());
        assertTrue(listing.body().contains("<Code>NotImplemented</Code>"), listing.body());
    }

    private static S3Client client(Credentials credentials) {
        return S3Client.builder().endpointOverride(local.endpoint()).region(Region.of(local.region()))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .build();
    }

    /** A request signed as S3 clients sign, for the given signing name. */
    private static HttpResponse<String> signed(String method, String path, String service) throws Exception {
        String host = "127.0.0.1:" + local.endpoint().getPort();
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Host", host)));
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        new SigV4Signer(local.region(), service).withoutPathNormalization().withContentSha256Header()
                .sign(new SignableRequest(method, path, null, headers, new byte[0]), local.credentials(),
                        Instant.now()).forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
