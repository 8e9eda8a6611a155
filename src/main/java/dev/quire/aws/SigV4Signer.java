package dev.quire.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with AWS Signature Version 4, the signature going into the Authorization header.
 *
 * <p>By default it canonicalises as the AWS SDKs do for services other than S3: the path is normalised
 * (dot segments and repeated slashes removed) and then URI-encoded once more, the session token is signed,
 * and no {@code x-amz-content-sha256} header is added.
 */
public final class SigV4Signer {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);

    /** Headers that proxies and HTTP clients may change or drop, so the SDKs leave them unsigned. */
    private static final Set<String> UNSIGNED = Set.of("authorization", "connection", "expect", "user-agent",
            "x-amzn-trace-id");
    /** Headers the signer sets itself; a request's own copies are replaced. */
    private static final Set<String> REPLACED = Set.of("x-amz-date", "x-amz-security-token", "x-amz-content-sha256");
    private static final String TERMINATOR = "aws4_request";
    /** The payload hash of a request whose body is not signed (S3). */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final String region;
    private final String service;
    private final boolean normalizePath;
    private final boolean contentSha256Header;
    private final boolean signSessionToken;
    private final boolean unsignedPayload;

    public SigV4Signer(String region, String service) {
        this(region, service, true, false, true, false);
    }

    private SigV4Signer(String region, String service, boolean normalizePath, boolean contentSha256Header,
                        boolean signSessionToken, boolean unsignedPayload) {
        this.region = region;
        this.service = service;
        this.normalizePath = normalizePath;
        this.contentSha256Header = contentSha256Header;
        this.signSessionToken = signSessionToken;
        this.unsignedPayload = unsignedPayload;
    }

    /** A signer that signs the path exactly as sent, as S3 expects. */
    public SigV4Signer withoutPathNormalization() {
        return new SigV4Signer(region, service, false, contentSha256Header, signSessionToken, unsignedPayload);
    }

    /** A signer that also sends and signs the body's SHA-256 in {@code x-amz-content-sha256}. */
    public SigV4Signer withContentSha256Header() {
        return new SigV4Signer(region, service, normalizePath, true, signSessionToken, unsignedPayload);
    }

    /** A signer that sends the session token without signing it, as a few services require. */
    public SigV4Signer withUnsignedSessionToken() {
        return new SigV4Signer(region, service, normalizePath, contentSha256Header, false, unsignedPayload);
    }

    /**
     * A signer that leaves the body out of the signature: {@code x-amz-content-sha256} is sent and
     * signed as {@value #UNSIGNED_PAYLOAD}, which stands for the body's hash, as S3 accepts.
     */
    public SigV4Signer withUnsignedPayload() {
        return new SigV4Signer(region, service, normalizePath, true, signSessionToken, true);
    }

    /**
     * Returns the headers to add to the request: X-Amz-Date, Authorization and, when the credentials carry a
     * session token, X-Amz-Security-Token. The request's headers must already contain Host.
     */
    public Map<String, String> sign(SignableRequest request, Credentials credentials, Instant now) {
        if (request.headerValues("host").isEmpty()) {
            throw new IllegalArgumentException("the request has no Host header");
        }
        String timestamp = TIMESTAMP.format(now);
        String date = timestamp.substring(0, 8);
        Map<String, String> added = new LinkedHashMap<>();
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        added.put("X-Amz-Date", timestamp);
        String payloadHash = unsignedPayload ? UNSIGNED_PAYLOAD : sha256Hex(request.body());
        if (contentSha256Header) {
            added.put("x-amz-content-sha256", payloadHash);
        }

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().stream().filter(h -> !REPLACED.contains(lower(h.getKey()))).forEach(headers::add);
        headers.addAll(added.entrySet());
        SignableRequest signable = new SignableRequest(request.method(), request.path(), request.rawQuery(),
                headers, request.body());
        List<String> signedHeaders = headers.stream().map(h -> lower(h.getKey()))
                .filter(name -> !UNSIGNED.contains(name))
                .filter(name -> signSessionToken || !name.equals("x-amz-security-token"))
                .distinct().sorted().toList();

        String scope = scope(date, region, service);
        String stringToSign = stringToSign(timestamp, scope,
                canonicalRequest(signable, signedHeaders, normalizePath, payloadHash));
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", signedHeaders)
                + ", Signature=" + signature(credentials.secretAccessKey(), date, region, service, stringToSign));
        return Collections.unmodifiableMap(added);
    }

    /** The credential scope: date/region/service/aws4_request. */
    static String scope(String date, String region, String service) {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }

    /** The canonical request over the given signed header names. */
    static String canonicalRequest(SignableRequest request, List<String> signedHeaders, boolean normalizePath) {
        return canonicalRequest(request, signedHeaders, normalizePath, sha256Hex(request.body()));
    }

    /** The canonical request with the body's hex SHA-256 given instead of computed. */
    static String canonicalRequest(SignableRequest request, List<String> signedHeaders, boolean normalizePath,
                                   String payloadHash) {
        StringBuilder out = new StringBuilder()
                .append(request.method()).append('\n')
                .append(canonicalUri(request.path(), normalizePath)).append('\n')
                .append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            out.append(lower(name)).append(':')
                    .append(request.headerValues(name).stream().map(SigV4Signer::canonicalValue)
                            .collect(Collectors.joining(",")))
                    .append('\n');
        }
        return out.append('\n')
                .append(String.join(";", signedHeaders)).append('\n')
                .append(payloadHash)
                .toString();
    }

    static String stringToSign(String timestamp, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex signature of a string to sign, with the key derived from the secret and the scope. */
    static String signature(String secretAccessKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, TERMINATOR);
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String canonicalUri(String path, boolean normalize) {
        return encode((normalize ? normalize(path) : path.isEmpty() ? "/" : path).getBytes(StandardCharsets.UTF_8),
                true);
    }

    /** Removes empty and dot segments; a trailing slash stays. */
    private static String normalize(String path) {
        List<String> segments = new ArrayList<>();
        String[] parts = path.split("/", -1);
        for (String part : parts) {
            if (part.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                segments.add(part);
            }
        }
        String last = parts[parts.length - 1];
        boolean trailingSlash = !segments.isEmpty() && (last.isEmpty() || last.equals(".") || last.equals(".."));
        return "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
    }

    /** Parameters decoded, re-encoded the AWS way, and sorted by name then value. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String param : rawQuery.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            params.add(new String[] {encode(decode(name), false), encode(decode(value), false)});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return params.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    /** Trimmed, with each run of whitespace (folded lines included) made one space. */
    private static String canonicalValue(String value) {
        return value.replaceAll("[ \t\r\n]+", " ").trim();
    }

    /** Percent-decodes to bytes; a '%' not followed by two hex digits stays as it is. */
    private static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) == '%' && i + 2 < s.length()
                    && HexFormat.isHexDigit(s.charAt(i + 1)) && HexFormat.isHexDigit(s.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    /** The text's UTF-8 bytes percent-encoded the AWS way: all but A-Z a-z 0-9 - . _ ~ (and '/', when kept). */
    public static String uriEncode(String text, boolean keepSlash) {
        return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /** Percent-encodes every byte but the unreserved characters (and '/', when asked). */
    private static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
