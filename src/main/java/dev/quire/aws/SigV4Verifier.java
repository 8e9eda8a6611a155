package dev.quire.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the AWS Signature Version 4 in a request's Authorization header, answering failures with the error
 * codes and messages of AWS JSON services. Checks run in the order AWS runs them: the header's form, the
 * date, the signed headers, the credential scope, the access key, the signature, then the session token.
 */
public final class SigV4Verifier {

    static final int STATUS = 400;
    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE = "IncompleteSignatureException";
    static final String INVALID = "InvalidSignatureException";
    static final String UNRECOGNIZED = "UnrecognizedClientException";
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final Function<String, Optional<Credentials>> secrets;
    private final Clock clock;
    private final Duration maxSkew;
    private final boolean normalizePath;

    /**
     * @param secrets looks up the credentials of an access key id; empty if the key is unknown
     * @param clock   the time requests are checked against
     * @param maxSkew how far a request's time may be from the clock's, 5 minutes in production
     */
    public SigV4Verifier(Function<String, Optional<Credentials>> secrets, Clock clock, Duration maxSkew) {
        this(secrets, clock, maxSkew, true);
    }

    private SigV4Verifier(Function<String, Optional<Credentials>> secrets, Clock clock, Duration maxSkew,
                          boolean normalizePath) {
        this.secrets = secrets;
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.normalizePath = normalizePath;
    }

    /** A verifier for clients that sign the path exactly as sent, as S3 clients do. */
    public SigV4Verifier withoutPathNormalization() {
        return new SigV4Verifier(secrets, clock, maxSkew, false);
    }

    /** Who signed a request, and for which scope. */
    public record Verified(String accessKeyId, String region, String service, Instant signedAt) {}

    /**
     * Returns who signed the request and the scope they signed it for.
     *
     * @throws SignatureException when the request is not signed, or not signed right
     */
    public Verified verify(SignableRequest request) {
        return checkHeaders(request).verify(request, SigV4Signer.sha256Hex(request.body()));
    }

    /**
     * Checks all that the headers alone tell, before the body is read: the Authorization's form, the
     * date, the signed headers, the credential scope and the access key. What is left is the signature
     * itself, which covers the body's hash.
     *
     * @throws SignatureException when the headers already show the request is not signed right
     */
    public Authorization checkHeaders(SignableRequest request) {
        String header = first(request, "Authorization");
        if (header == null || header.isBlank()) {
            throw new SignatureException(MISSING_TOKEN, STATUS, "Missing Authentication Token");
        }
        header = header.strip();
        Map<String, String> params = parameters(header);
        String timestamp = first(request, "X-Amz-Date");
        requireParameters(header, params, timestamp);

        Instant signedAt = parseTimestamp(timestamp);
        checkSkew(signedAt);
        List<String> signedHeaders = List.of(params.get("SignedHeaders").split(";"));
        checkSigned(signedHeaders, "host", "'Host' or ':authority'");
        checkSigned(signedHeaders, "x-amz-date", "'X-Amz-Date'");

        String credential = params.get("Credential");
        String[] scope = credential.split("/");
        if (scope.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        checkScope(scope, timestamp);

        Credentials credentials = secrets.apply(scope[0])
                .orElseThrow(() -> new SignatureException(UNRECOGNIZED, STATUS, INVALID_TOKEN));
        return new Authorization(timestamp, signedAt, signedHeaders, scope, credentials, params.get("Signature"));
    }

    /** A request's Authorization whose headers passed {@link #checkHeaders}; the signature is still to check. */
    public final class Authorization {
        private final String timestamp;
        private final Instant signedAt;
        private final List<String> signedHeaders;
        private final String[] scope;
        private final Credentials credentials;
        private final String signature;

        private Authorization(String timestamp, Instant signedAt, List<String> signedHeaders, String[] scope,
                              Credentials credentials, String signature) {
            this.timestamp = timestamp;
            this.signedAt = signedAt;
            this.signedHeaders = signedHeaders;
            this.scope = scope;
            this.credentials = credentials;
            this.signature = signature;
        }

        public String region() {
            return scope[2];
        }

        public String service() {
            return scope[3];
        }

        /** Whether the header (any case) is one of the signed headers. */
        public boolean signs(String name) {
            return signedHeaders.stream().anyMatch(name::equalsIgnoreCase);
        }

        /**
         * Checks the signature over the request's headers and the given hex SHA-256 of its body (the
         * body itself is not looked at), then the session token.
         */
        public Verified verify(SignableRequest request, String payloadHash) {
            String stringToSign = SigV4Signer.stringToSign(timestamp,
                    SigV4Signer.scope(scope[1], scope[2], scope[3]),
                    SigV4Signer.canonicalRequest(request, signedHeaders, normalizePath, payloadHash));
            String expected = SigV4Signer.signature(credentials.secretAccessKey(), scope[1], scope[2], scope[3],
                    stringToSign);
            if (!constantTimeEquals(expected, signature)) {
                throw invalid(MISMATCH);
            }
            if (!sameToken(credentials.sessionToken(), first(request, "X-Amz-Security-Token"))) {
                throw new SignatureException(UNRECOGNIZED, STATUS, INVALID_TOKEN);
            }
            return new Verified(scope[0], scope[2], scope[3], signedAt);
        }
    }

    /** The key=value parameters after the algorithm, separated by commas or whitespace. */
    private static Map<String, String> parameters(String header) {
        String[] tokens = header.split("[\\s,]+");
        if (!tokens[0].equals(SigV4Signer.ALGORITHM)) {
            throw incomplete("Unsupported AWS 'algorithm': '" + tokens[0] + "' (only AWS4-HMAC-SHA256 for now).");
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 0) {
                throw incomplete("'" + tokens[i] + "' not a valid key=value pair (missing equal-sign) "
                        + "in Authorization header: '" + header + "'.");
            }
            params.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
        }
        return params;
    }

    private static void requireParameters(String header, Map<String, String> params, String timestamp) {
        StringBuilder missing = new StringBuilder();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (params.getOrDefault(name, "").isEmpty()) {
                missing.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (timestamp == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing + "Authorization=" + header);
        }
    }

    private static Instant parseTimestamp(String timestamp) {
        try {
            return SigV4Signer.TIMESTAMP.parse(timestamp, Instant::from);
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + timestamp
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String window = maxSkew.toMinutes() + " min.)";
        if (signedAt.isBefore(now.minus(maxSkew))) {
            throw invalid("Signature expired: " + format(signedAt) + " is now earlier than "
                    + format(now.minus(maxSkew)) + " (" + format(now) + " - " + window);
        }
        if (signedAt.isAfter(now.plus(maxSkew))) {
            throw invalid("Signature not yet current: " + format(signedAt) + " is still later than "
                    + format(now.plus(maxSkew)) + " (" + format(now) + " + " + window);
        }
    }

    private static void checkSigned(List<String> signedHeaders, String name, String shownAs) {
        if (signedHeaders.stream().noneMatch(name::equalsIgnoreCase)) {
            throw invalid(shownAs + " must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    /** The terminator must be aws4_request and the date that of X-Amz-Date; region and service are the caller's. */
    private static void checkScope(String[] scope, String timestamp) {
        StringBuilder wrong = new StringBuilder();
        if (!scope[4].equals("aws4_request")) {
            wrong.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(scope[4]).append("'. ");
        }
        String day = timestamp.substring(0, 8);
        if (!scope[1].equals(day)) {
            wrong.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                    .append(scope[1]).append("' != '").append(day).append("', from '").append(timestamp).append("'.");
        }
        if (wrong.length() > 0) {
            throw invalid(wrong.toString().strip());
        }
    }

    private static String first(SignableRequest request, String name) {
        List<String> values = request.headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Both absent, or both present and equal. */
    private static boolean sameToken(String expected, String given) {
        return expected == null || given == null ? expected == given : constantTimeEquals(expected, given);
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String format(Instant instant) {
        return SigV4Signer.TIMESTAMP.format(instant);
    }

    private static SignatureException incomplete(String message) {
        return new SignatureException(INCOMPLETE, STATUS, message);
    }

    private static SignatureException invalid(String message) {
        return new SignatureException(INVALID, STATUS, message);
    }
}
