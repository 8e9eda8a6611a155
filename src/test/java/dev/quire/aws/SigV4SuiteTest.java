package dev.quire.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/** The official SigV4 test suite (header signing), for the signer and the verifier alike. */
class SigV4SuiteTest {

    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([^,\\s]+)");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]+)");

    @TestFactory
    Stream<DynamicContainer> suite() {
        List<SuiteCase> cases = SuiteCase.all();
        assertEquals(38, cases.size(), "cases in src/test/resources/sigv4-test-suite");
        return cases.stream().map(c -> dynamicContainer(c.name(), Stream.of(
                dynamicTest("canonical request", () ->
                        assertEquals(c.file("header-canonical-request.txt"), canonicalRequest(c))),
                dynamicTest("string to sign", () ->
                        assertEquals(c.file("header-string-to-sign.txt"), stringToSign(c))),
                dynamicTest("signature", () ->
                        assertEquals(c.file("header-signature.txt"), signature(c))),
                dynamicTest("authorization header", () ->
                        assertEquals(authorization(expectedSigned(c)), authorization(signed(c)))),
                dynamicTest("signed request", () ->
                        assertEquals(c.file("header-signed-request.txt"), SuiteCase.Http.format(signed(c)))),
                dynamicTest("verifier accepts", () ->
                        assertEquals(new SigV4Verifier.Verified(c.credentials().accessKeyId(), c.region(),
                                c.service(), c.time()), verifier(c).verify(expectedSigned(c)))),
                dynamicTest("verifier rejects a changed body byte", () ->
                        assertMismatch(c, withChangedBody(expectedSigned(c)))),
                dynamicTest("verifier rejects a change to any signed header", () -> {
                    SignableRequest signed = expectedSigned(c);
                    for (String name : signedHeaders(signed)) {
                        assertMismatch(c, withChangedHeader(signed, name));
                    }
                }),
                dynamicTest("verifier rejects a changed signature", () ->
                        assertMismatch(c, withChangedSignature(expectedSigned(c)))))));
    }

    private static SignableRequest signed(SuiteCase c) {
        SignableRequest request = c.request();
        return request.withHeaders(c.signer().sign(request, c.credentials(), c.time()));
    }

    private static SignableRequest expectedSigned(SuiteCase c) {
        return SuiteCase.Http.parse(c.file("header-signed-request.txt"));
    }

    private static String canonicalRequest(SuiteCase c) {
        SignableRequest signed = signed(c);
        return SigV4Signer.canonicalRequest(signed, signedHeaders(signed), c.normalize());
    }

    private static String stringToSign(SuiteCase c) {
        String timestamp = SigV4Signer.TIMESTAMP.format(c.time());
        return SigV4Signer.stringToSign(timestamp,
                SigV4Signer.scope(timestamp.substring(0, 8), c.region(), c.service()), canonicalRequest(c));
    }

    private static String signature(SuiteCase c) {
        return SigV4Signer.signature(c.credentials().secretAccessKey(),
                SigV4Signer.TIMESTAMP.format(c.time()).substring(0, 8), c.region(), c.service(), stringToSign(c));
    }

    private static String authorization(SignableRequest request) {
        List<String> values = request.headerValues("Authorization");
        assertEquals(1, values.size(), "Authorization headers");
        return values.get(0);
    }

    private static List<String> signedHeaders(SignableRequest request) {
        Matcher m = SIGNED_HEADERS.matcher(authorization(request));
        assertTrue(m.find(), "SignedHeaders in " + authorization(request));
        return List.of(m.group(1).split(";"));
    }

    private static SigV4Verifier verifier(SuiteCase c) {
        SigV4Verifier verifier = new SigV4Verifier(
                id -> id.equals(c.credentials().accessKeyId()) ? Optional.of(c.credentials()) : Optional.empty(),
                Clock.fixed(c.time(), ZoneOffset.UTC), Duration.ofMinutes(5));
        return c.normalize() ? verifier : verifier.withoutPathNormalization();
    }

    private static void assertMismatch(SuiteCase c, SignableRequest request) {
        SignatureException e = assertThrows(SignatureException.class, () -> verifier(c).verify(request));
        assertEquals("InvalidSignatureException", e.code());
        assertEquals(400, e.status());
        assertEquals(SigV4Verifier.MISMATCH, e.getMessage());
    }

    private static SignableRequest withChangedBody(SignableRequest request) {
        byte[] body = request.body();
        if (body.length == 0) {
            body = new byte[] {'x'};
        } else {
            body[0] ^= 1;
        }
        return new SignableRequest(request.method(), request.path(), request.rawQuery(), request.headers(), body);
    }

    /** The first header of that name changed: X-Amz-Date one second later, any other with a character more. */
    private static SignableRequest withChangedHeader(SignableRequest request, String name) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            if (h.getKey().equalsIgnoreCase(name)) {
                String value = name.equals("x-amz-date")
                        ? SigV4Signer.TIMESTAMP.format(SigV4Signer.TIMESTAMP.parse(h.getValue(), Instant::from)
                                .plusSeconds(1))
                        : h.getValue() + "x";
                headers.set(i, Map.entry(h.getKey(), value));
                return new SignableRequest(request.method(), request.path(), request.rawQuery(), headers,
                        request.body());
            }
        }
        throw new AssertionError("no " + name + " header in " + request);
    }

    private static SignableRequest withChangedSignature(SignableRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers()) {
            if (h.getKey().equalsIgnoreCase("Authorization")) {
                Matcher m = SIGNATURE.matcher(h.getValue());
                assertTrue(m.find(), "Signature in " + h.getValue());
                String signature = m.group(1);
                char last = signature.charAt(signature.length() - 1);
                String changed = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
                headers.add(Map.entry(h.getKey(), h.getValue().replace(signature, changed)));
            } else {
                headers.add(h);
            }
        }
        return new SignableRequest(request.method(), request.path(), request.rawQuery(), headers, request.body());
    }
}
