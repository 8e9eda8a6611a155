package dev.quire.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the suite leaves out: SDK-style canonicalisation, the headers the signer adds, and the value types. */
class SigV4SignerTest {

    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");
    private static final Credentials KEY = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final List<Map.Entry<String, String>> HOST = List.of(Map.entry("Host", "example.amazonaws.com"));

    private final SigV4Signer signer = new SigV4Signer("us-east-1", "service");

    @Test
    void aRequestWithoutHostIsRefused() {
        SignableRequest request = new SignableRequest("POST", "/", null, List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> signer.sign(request, KEY, NOW));
    }

    @Test
    void addsDateAndAuthorizationAndTheTokenWhenThereIsOne() {
        assertEquals(List.of("X-Amz-Date", "Authorization"),
                List.copyOf(signer.sign(request("/", null), KEY, NOW).keySet()));
        Map<String, String> added = signer.sign(request("/", null),
                new Credentials("ASIAEXAMPLE", "secret", "token"), NOW);
        assertEquals(List.of("X-Amz-Security-Token", "X-Amz-Date", "Authorization"), List.copyOf(added.keySet()));
        assertEquals("token", added.get("X-Amz-Security-Token"));
        assertEquals("20150830T123600Z", added.get("X-Amz-Date"));
    }

    @Test
    void userAgentAndTraceHeadersAreNotSigned() {
        SignableRequest request = request("/", null).withHeaders(Map.of("User-Agent", "quire/1",
                "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"));
        assertTrue(signer.sign(request, KEY, NOW).get("Authorization").contains("SignedHeaders=host;x-amz-date,"));
    }

    @Test
    void theRequestsOwnDateIsReplaced() {
        SignableRequest request = request("/", null).withHeaders(Map.of("X-Amz-Date", "20000101T000000Z"));
        String fresh = SigV4Signer.canonicalRequest(request("/", null).withHeaders(Map.of("X-Amz-Date",
                "20150830T123600Z")), List.of("host", "x-amz-date"), true);
        String signature = SigV4Signer.signature(KEY.secretAccessKey(), "20150830", "us-east-1", "service",
                SigV4Signer.stringToSign("20150830T123600Z", SigV4Signer.scope("20150830", "us-east-1", "service"),
                        fresh));
        assertTrue(signer.sign(request, KEY, NOW).get("Authorization").endsWith("Signature=" + signature));
    }

    @Test
    void anEncodedPathIsEncodedAgainAfterNormalizing() {
        assertEquals("/a%2520b/c%25C3%25A9/", canonicalUri("/a%20b/./x/..//c%C3%A9/", true));
        assertEquals("/a%2520b/./x/..//c%25C3%25A9/", canonicalUri("/a%20b/./x/..//c%C3%A9/", false));
    }

    @Test
    void aPathEndingInADotSegmentKeepsItsTrailingSlash() {
        assertEquals("/a/", canonicalUri("/a/b/..", true));
        assertEquals("/a/", canonicalUri("/a/.", true));
        assertEquals("/", canonicalUri("", true));
        assertEquals("/", canonicalUri("", false));
    }

    @Test
    void queryParametersAreDecodedReencodedAndSorted() {
        SignableRequest request = request("/", "b=2&a=x+y&a=%7e&c&%zz=1&d=%e2%82%ac&&e=%FF");
        String canonical = SigV4Signer.canonicalRequest(request, List.of("host"), true);
        assertEquals("%25zz=1&a=x%2By&a=~&b=2&c=&d=%E2%82%AC&e=%FF", canonical.split("\n")[2]);
    }

    @Test
    void theContentSha256HeaderCarriesTheBodyHash() {
        SignableRequest request = new SignableRequest("POST", "/", null, HOST,
                "Param1=value1".getBytes(StandardCharsets.UTF_8));
        Map<String, String> added = signer.withContentSha256Header().sign(request, KEY, NOW);
        assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                added.get("x-amz-content-sha256"));
        assertTrue(added.get("Authorization").contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"));
    }

    @Test
    void anUnsignedPayloadLeavesTheBodyOutOfTheSignature() {
        SigV4Signer s3 = new SigV4Signer("us-east-1", "s3").withoutPathNormalization().withUnsignedPayload();
        Map<String, String> one = s3.sign(new SignableRequest("PUT", "/b/k", null, HOST,
                "one".getBytes(StandardCharsets.UTF_8)), KEY, NOW);
        Map<String, String> other = s3.sign(new SignableRequest("PUT", "/b/k", null, HOST,
                "other".getBytes(StandardCharsets.UTF_8)), KEY, NOW);
        assertEquals(SigV4Signer.UNSIGNED_PAYLOAD, one.get("x-amz-content-sha256"));
        assertTrue(one.get("Authorization").contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"));
        assertEquals(one, other);
        SignableRequest sent = new SignableRequest("PUT", "/b/k", null, HOST, "any".getBytes(StandardCharsets.UTF_8))
                .withHeaders(one);
        SigV4Verifier verifier = new SigV4Verifier(id -> Optional.of(KEY), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(5)).withoutPathNormalization();
        assertEquals("AKIDEXAMPLE", verifier.checkHeaders(sent).verify(sent, SigV4Signer.UNSIGNED_PAYLOAD)
                .accessKeyId(), "a verifier given the header's value accepts it");
    }

    @Test
    void uriEncodingKeepsOnlyTheUnreservedCharacters() {
        assertEquals("a%20b%2Bc%3D%C3%A9~-_.%2Fd", SigV4Signer.uriEncode("a b+c=\u00e9~-_./d", false));
        assertEquals("dir/a%20b.csv", SigV4Signer.uriEncode("dir/a b.csv", true));
    }

    @Test
    void credentialsNeverShowTheSecretOrTheToken() {
        String shown = new Credentials("AKIDEXAMPLE", "theSecret", "theToken").toString();
        assertTrue(shown.contains("AKIDEXAMPLE"), shown);
        assertFalse(shown.contains("theSecret"), shown);
        assertFalse(shown.contains("theToken"), shown);
    }

    @Test
    void aRequestIsAnImmutableValue() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SignableRequest request = new SignableRequest("POST", "/", null,
                List.of(Map.entry("X-Amz-Security-Token", "theToken")), body);
        body[0] = 'x';
        request.body()[1] = 'x';

        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), request.body());
        assertEquals(new SignableRequest("POST", "/", null, List.of(Map.entry("X-Amz-Security-Token", "theToken")),
                "{}".getBytes(StandardCharsets.UTF_8)), request);
        assertEquals(new SignableRequest("POST", "/", null, List.of(Map.entry("X-Amz-Security-Token", "theToken")),
                "{}".getBytes(StandardCharsets.UTF_8)).hashCode(), request.hashCode());
        assertNotEquals(new SignableRequest("POST", "/", null, request.headers(), null), request);
        assertFalse(request.toString().contains("theToken"), request.toString());
        assertThrows(UnsupportedOperationException.class, () -> request.headers().add(Map.entry("a", "b")));
    }

    private static SignableRequest request(String path, String rawQuery) {
        return new SignableRequest("GET", path, rawQuery, HOST, null);
    }

    private static String canonicalUri(String path, boolean normalize) {
        return SigV4Signer.canonicalRequest(request(path, null), List.of("host"), normalize).split("\n")[1];
    }
}
