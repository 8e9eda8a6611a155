package dev.quire.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each way a request can fail verification, with the code, status and message AWS JSON services answer. */
class SigV4VerifierTest {

    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");
    private static final Credentials KEY = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Credentials TEMPORARY = new Credentials("ASIAEXAMPLE", "temporarySecret", "sessionToken");
    private static final String SCOPE = "20150830/us-east-1/redshift-data/aws4_request";
    private static final SignableRequest REQUEST = new SignableRequest("POST", "/", null, List.of(
            Map.entry("Host", "redshift-data.us-east-1.amazonaws.com"),
            Map.entry("Content-Type", "application/x-amz-json-1.1"),
            Map.entry("X-Amz-Target", "RedshiftData.ExecuteStatement")),
            "{\"WorkgroupName\":\"wg\",\"Database\":\"dev\",\"Sql\":\"select 1\"}".getBytes(StandardCharsets.UTF_8));

    private final SigV4Signer signer = new SigV4Signer("us-east-1", "redshift-data");

    @Test
    void acceptsARequestSignedWithLongTermCredentials() {
        assertEquals(new SigV4Verifier.Verified("AKIDEXAMPLE", "us-east-1", "redshift-data", NOW),
                verifier(NOW).verify(signed(KEY)));
    }

    @Test
    void acceptsARequestSignedWithTemporaryCredentials() {
        assertEquals(new SigV4Verifier.Verified("ASIAEXAMPLE", "us-east-1", "redshift-data", NOW),
                verifier(NOW).verify(signed(TEMPORARY)));
    }

    @Test
    void acceptsASessionTokenSentUnsigned() {
        SignableRequest request = REQUEST.withHeaders(signer.withUnsignedSessionToken().sign(REQUEST, TEMPORARY, NOW));
        assertEquals("ASIAEXAMPLE", verifier(NOW).verify(request).accessKeyId());
    }

    @Test
    void returnsTheScopeTheClientSignedFor() {
        SignableRequest request = REQUEST.withHeaders(new SigV4Signer("eu-west-1", "redshift-data")
                .sign(REQUEST, KEY, NOW));
        assertEquals(new SigV4Verifier.Verified("AKIDEXAMPLE", "eu-west-1", "redshift-data", NOW),
                verifier(NOW).verify(request));
    }

    @Test
    void acceptsRequestsAtEitherEdgeOfTheSkewWindow() {
        assertEquals(NOW, verifier(NOW.plus(Duration.ofMinutes(5))).verify(signed(KEY)).signedAt());
        assertEquals(NOW, verifier(NOW.minus(Duration.ofMinutes(5))).verify(signed(KEY)).signedAt());
    }

    @Test
    void noAuthorizationHeaderIsAMissingToken() {
        assertRejected(REQUEST, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void aBlankAuthorizationHeaderIsAMissingToken() {
        assertRejected(REQUEST.withHeaders(Map.of("Authorization", "  ")),
                "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void anotherAlgorithmIsIncomplete() {
        assertRejected(withAuthorization(signed(KEY), "AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/" + SCOPE),
                "IncompleteSignatureException",
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).");
    }

    @Test
    void aParameterWithoutEqualSignIsIncomplete() {
        String header = "AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/" + SCOPE
                + ", SignedHeaders=host;x-amz-date, Signature=abc";
        assertRejected(withAuthorization(signed(KEY), header), "IncompleteSignatureException",
                "'AKIDEXAMPLE/" + SCOPE + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + header + "'.");
    }

    @Test
    void everyMissingPartIsNamed() {
        assertRejected(withoutHeader(withAuthorization(signed(KEY), "AWS4-HMAC-SHA256"), "X-Amz-Date"),
                "IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires 'SignedHeaders' parameter. "
                        + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void aMissingSignatureIsIncomplete() {
        String header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + SCOPE + ", SignedHeaders=host;x-amz-date";
        assertRejected(withAuthorization(signed(KEY), header), "IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization=" + header);
    }

    @Test
    void aMissingDateHeaderIsIncomplete() {
        SignableRequest signed = signed(KEY);
        assertRejected(withoutHeader(signed, "X-Amz-Date"), "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=" + signed.headerValues("Authorization").get(0));
    }

    @Test
    void aDateNotInBasicFormatIsIncomplete() {
        assertRejected(withHeader(signed(KEY), "X-Amz-Date", "2015-08-30T12:36:00Z"), "IncompleteSignatureException",
                "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. "
                        + "See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void aRequestOlderThanTheSkewHasExpired() {
        assertRejected(verifier(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)), signed(KEY),
                "InvalidSignatureException", "Signature expired: 20150830T123600Z is now earlier than "
                        + "20150830T123601Z (20150830T124101Z - 5 min.)");
    }

    @Test
    void aRequestFromTooFarAheadIsNotYetCurrent() {
        assertRejected(verifier(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1)), signed(KEY),
                "InvalidSignatureException", "Signature not yet current: 20150830T123600Z is still later than "
                        + "20150830T123559Z (20150830T123059Z + 5 min.)");
    }

    @Test
    void hostMustBeSigned() {
        assertRejected(withSignedHeaders(signed(KEY), "content-type;x-amz-date;x-amz-target"),
                "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void xAmzDateMustBeSigned() {
        assertRejected(withSignedHeaders(signed(KEY), "content-type;host;x-amz-target"),
                "InvalidSignatureException", "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void aCredentialNeedsFiveElements() {
        assertRejected(withCredential(signed(KEY), "AKIDEXAMPLE/20150830/us-east-1/redshift-data"),
                "IncompleteSignatureException", "Credential must have exactly 5 slash-delimited elements, "
                        + "e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/redshift-data'");
    }

    @Test
    void aCredentialNeedsTheAws4RequestTerminator() {
        assertRejected(withCredential(signed(KEY), "AKIDEXAMPLE/20150830/us-east-1/redshift-data/aws4_reqest"),
                "InvalidSignatureException",
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'.");
    }

    @Test
    void theCredentialDateMustBeTheDayOfXAmzDate() {
        assertRejected(withCredential(signed(KEY), "AKIDEXAMPLE/20150831/us-east-1/redshift-data/aws4_request"),
                "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                        + "version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
    }

    @Test
    void anUnknownAccessKeyIsUnrecognized() {
        assertRejected(signed(new Credentials("AKIDUNKNOWN", KEY.secretAccessKey())),
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        assertRejected(signed(new Credentials("AKIDEXAMPLE", "notTheSecret")),
                "InvalidSignatureException", SigV4Verifier.MISMATCH);
    }

    @Test
    void aChangedUnsignedHeaderDoesNotMatter() {
        SignableRequest request = REQUEST.withHeaders(Map.of("User-Agent", "quire/1"));
        SignableRequest signed = request.withHeaders(signer.sign(request, KEY, NOW));
        assertEquals("AKIDEXAMPLE", verifier(NOW).verify(withHeader(signed, "User-Agent", "proxy/2")).accessKeyId());
    }

    @Test
    void temporaryCredentialsNeedTheirSessionToken() {
        assertRejected(signed(new Credentials(TEMPORARY.accessKeyId(), TEMPORARY.secretAccessKey())),
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void aWrongSessionTokenIsUnrecognized() {
        assertRejected(signed(new Credentials(TEMPORARY.accessKeyId(), TEMPORARY.secretAccessKey(), "otherToken")),
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void longTermCredentialsTakeNoSessionToken() {
        assertRejected(signed(new Credentials(KEY.accessKeyId(), KEY.secretAccessKey(), "someToken")),
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void theDefaultVerifierNormalizesThePathAndTheOtherDoesNot() {
        SignableRequest request = new SignableRequest("POST", "/a/./b//c", null, REQUEST.headers(), REQUEST.body());
        SignableRequest normalized = request.withHeaders(signer.sign(request, KEY, NOW));
        SignableRequest asSent = request.withHeaders(signer.withoutPathNormalization().sign(request, KEY, NOW));

        assertEquals("AKIDEXAMPLE", verifier(NOW).verify(normalized).accessKeyId());
        assertEquals("AKIDEXAMPLE", verifier(NOW).withoutPathNormalization().verify(asSent).accessKeyId());
        assertRejected(verifier(NOW), asSent, "InvalidSignatureException", SigV4Verifier.MISMATCH);
        assertRejected(verifier(NOW).withoutPathNormalization(), normalized, "InvalidSignatureException",
                SigV4Verifier.MISMATCH);
    }

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(id -> Optional.ofNullable(Map.of(KEY.accessKeyId(), KEY,
                TEMPORARY.accessKeyId(), TEMPORARY).get(id)), Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    private SignableRequest signed(Credentials credentials) {
        return REQUEST.withHeaders(signer.sign(REQUEST, credentials, NOW));
    }

    private static void assertRejected(SignableRequest request, String code, String message) {
        assertRejected(verifier(NOW), request, code, message);
    }

    private static void assertRejected(SigV4Verifier verifier, SignableRequest request, String code, String message) {
        SignatureException e = assertThrows(SignatureException.class, () -> verifier.verify(request));
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
        assertEquals(400, e.status());
    }

    private static SignableRequest withoutHeader(SignableRequest request, String name) {
        return new SignableRequest(request.method(), request.path(), request.rawQuery(),
                request.headers().stream().filter(h -> !h.getKey().equalsIgnoreCase(name)).toList(), request.body());
    }

    private static SignableRequest withHeader(SignableRequest request, String name, String value) {
        return withoutHeader(request, name).withHeaders(Map.of(name, value));
    }

    private static SignableRequest withAuthorization(SignableRequest request, String value) {
        return withHeader(request, "Authorization", value);
    }

    private static SignableRequest withSignedHeaders(SignableRequest request, String signedHeaders) {
        String header = request.headerValues("Authorization").get(0);
        return withAuthorization(request, header.replaceFirst("SignedHeaders=[^,]+", "SignedHeaders=" + signedHeaders));
    }

    private static SignableRequest withCredential(SignableRequest request, String credential) {
        String header = request.headerValues("Authorization").get(0);
        return withAuthorization(request, header.replaceFirst("Credential=[^,]+", "Credential=" + credential));
    }
}
