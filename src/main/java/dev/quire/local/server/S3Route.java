package dev.quire.local.server;

import dev.quire.aws.SigV4Verifier;
import dev.quire.aws.SignableRequest;
import dev.quire.aws.SignatureException;
import dev.quire.local.athena.AthenaApi;
import dev.quire.local.http.ApiError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Amazon S3's GetObject and HeadObject, path-style ({@code GET /bucket/key}), for the Athena result
 * CSVs: SigV4 signed for {@code s3} with {@code x-amz-content-sha256} (a hash or
 * {@code UNSIGNED-PAYLOAD}), by the same keys as the JSON APIs. Answers carry ETag (the MD5),
 * Content-Length, Last-Modified and Accept-Ranges; a single {@code Range} gets 206 with
 * Content-Range, one past the end 416 InvalidRange, a malformed or multiple one the whole object;
 * If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since are honoured. With
 * {@code x-amz-checksum-mode: ENABLED}, a whole object carries its CRC32. Errors come in S3's XML
 * shape. The body is streamed from the file.
 */
final class S3Route {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final String UNSIGNED = "UNSIGNED-PAYLOAD";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final SigV4Verifier verifier;
    private final String region;
    private final AthenaApi athena;

    S3Route(SigV4Verifier verifier, String region, AthenaApi athena) {
        this.verifier = verifier.withoutPathNormalization();
        this.region = region;
        this.athena = athena;
    }

    /** Whether a request is for this route: anything but POST, or a POST to a path other than the root. */
    static boolean takes(LoopbackHttp.Request request) {
        return !request.method().equals("POST") || !request.path().equals("/") && request.header("X-Amz-Target") == null;
    }

    LoopbackHttp.Response handle(LoopbackHttp.Request request, String requestId) {
        try {
            return answer(request, requestId);
        } catch (ApiError e) {
            return error(e, requestId);
        }
    }

    /** An error the transport makes itself, in S3's shape. */
    LoopbackHttp.Response refuse(int status, String code, String message, String requestId) {
        ApiError e;
        if (code.equals("ThrottlingException")) {
            e = new ApiError("SlowDown", 503, "Please reduce your request rate.", Map.of());
        } else if (status >= 500) {
            e = new ApiError("InternalError", status, message, Map.of());
        } else {
            e = new ApiError(status == 431 ? "RequestHeaderSectionTooLarge" : "InvalidRequest", 400, message, Map.of());
        }
        return error(e, requestId);
    }

    private LoopbackHttp.Response answer(LoopbackHttp.Request request, String requestId) {
        SignableRequest head = new SignableRequest(request.method(), request.path(), request.rawQuery(),
                request.headers(), null);
        SigV4Verifier.Authorization authorization = signature(() -> verifier.checkHeaders(head));
        if (!authorization.service().equals("s3")) {
            throw new ApiError("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; "
                    + "incorrect service \"" + authorization.service() + "\". This endpoint belongs to \"s3\".",
                    Map.of());
        }
        if (!authorization.region().equals(region)) {
            throw new ApiError("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; the "
                    + "region '" + authorization.region() + "' is wrong; expecting '" + region + "'",
                    Map.of("Region", region));
        }
        String claimed = request.header("x-amz-content-sha256");
        if (claimed == null) {
            throw new ApiError("InvalidRequest", 400, "Missing required header for this request: "
                    + "x-amz-content-sha256", Map.of());
        }
        if (!claimed.equals(UNSIGNED) && !SHA256_HEX.matcher(claimed).matches()) {
            throw new ApiError("InvalidArgument", 400, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a "
                    + "SHA-256 in hex for this request.", Map.of("ArgumentName", "x-amz-content-sha256",
                    "ArgumentValue", claimed));
        }
        SigV4Verifier.Verified verified = signature(() -> authorization.verify(head, claimed));
        byte[] body = body(request);
        if (!claimed.equals(UNSIGNED) && !LocalServer.sha256Hex(body).equals(claimed)) {
            throw new ApiError("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does "
                    + "not match what was computed.", Map.of("ClientComputedContentSHA256", claimed));
        }
        String crc32 = request.header("x-amz-checksum-crc32");
        if (crc32 != null && !crc32.equals(crc32Base64(body))) {
            throw new ApiError("BadDigest", 400, "The CRC32 you specified did not match the calculated checksum.",
                    Map.of());
        }
        String method = request.method();
        String[] bucketAndKey = bucketAndKey(request.path());
        if (bucketAndKey[1].isEmpty()) {
            throw new ApiError("NotImplemented", 501, "This local endpoint serves GetObject and HeadObject of "
                    + "Athena's result files only.", Map.of());
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiError("MethodNotAllowed", 405, "The specified method is not allowed against this resource.",
                    Map.of("Method", method, "ResourceType", "OBJECT"));
        }
        AthenaApi.ResultObject object = athena.resultObject(verified.accessKeyId(), bucketAndKey[0],
                bucketAndKey[1]);
        try {
            return serve(request, object, requestId);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            // dropped meanwhile to keep the disk budget: it is made again
            return serve(request, athena.resultObject(verified.accessKeyId(), bucketAndKey[0], bucketAndKey[1]),
                    requestId);
        }
    }

    private LoopbackHttp.Response serve(LoopbackHttp.Request request, AthenaApi.ResultObject object,
                                        String requestId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(ids(requestId));
        headers.add(Map.entry("ETag", object.eTag()));
        headers.add(Map.entry("Last-Modified", HTTP_DATE.format(object.lastModified())));
        headers.add(Map.entry("Accept-Ranges", "bytes"));
        String failed = failedCondition(request, object);
        if (failed != null && failed.startsWith("If-Modified") || "If-None-Match".equals(failed)) {
            return new LoopbackHttp.Response(304, object.contentType(), new byte[0], headers);
        }
        if (failed != null) {
            throw new ApiError("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not "
                    + "hold", Map.of("Condition", failed));
        }
        long length = object.length();
        long start = 0;
        long end = length - 1;
        int status = 200;
        String range = request.header("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range.strip());
        if (matcher != null && matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            long[] bounds = bounds(matcher, length, range);
            start = bounds[0];
            end = bounds[1];
            status = 206;
            headers.add(Map.entry("Content-Range", "bytes " + start + "-" + end + "/" + length));
        }
        byte[] trailer = new byte[0];
        if (status == 200 && "ENABLED".equalsIgnoreCase(request.header("x-amz-checksum-mode"))) {
            headers.add(Map.entry("x-amz-checksum-crc32", object.crc32()));
            headers.add(Map.entry("x-amz-checksum-type", "FULL_OBJECT"));
        } else if (status == 200 && "append-md5".equals(request.header("x-amz-te"))) {
            // the SDKs' GetObject check: the object's MD5 follows its bytes, and the SDK strips and checks it
            headers.add(Map.entry("x-amz-transfer-encoding", "append-md5"));
            trailer = HexFormat.of().parseHex(object.eTag().replace("\"", ""));
        }
        try {
            FileChannel channel = FileChannel.open(object.file(), StandardOpenOption.READ);
            return new LoopbackHttp.Response(status, object.contentType(), trailer, headers,
                    new LoopbackHttp.FileBody(channel, start, Math.max(0, end - start + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("the result file of " + object.file().getFileName() + " cannot be read", e);
        }
    }

    /** The first and last byte a range asks for; InvalidRange when it starts past the end. */
    private static long[] bounds(Matcher range, long length, String header) {
        String first = range.group(1);
        String last = range.group(2);
        long start;
        long end;
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                start = Math.max(0, length - suffix);
                end = length - 1;
                if (suffix == 0) {
                    start = length;
                }
            } else {
                start = Long.parseLong(first);
                end = last.isEmpty() ? length - 1 : Math.min(length - 1, Long.parseLong(last));
                if (!last.isEmpty() && Long.parseLong(last) < start) {
                    start = length;
                }
            }
        } catch (NumberFormatException e) {
            start = length;
            end = length - 1;
        }
        if (start >= length) {
            throw new ApiError("InvalidRange", 416, "The requested range is not satisfiable",
                    Map.of("RangeRequested", header, "ActualObjectSize", Long.toString(length)));
        }
        return new long[] {start, end};
    }

    /**
     * The conditional header that does not hold, as S3 checks them: If-Match, then
     * If-Unmodified-Since (412), If-None-Match, then If-Modified-Since (304); null when all hold.
     */
    private static String failedCondition(LoopbackHttp.Request request, AthenaApi.ResultObject object) {
        String ifMatch = request.header("If-Match");
        String ifNoneMatch = request.header("If-None-Match");
        Instant modified = object.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null && !matches(ifMatch, object.eTag())) {
            return "If-Match";
        }
        if (ifMatch == null && isAfter(modified, request.header("If-Unmodified-Since"))) {
            return "If-Unmodified-Since";
        }
        if (ifNoneMatch != null && matches(ifNoneMatch, object.eTag())) {
            return "If-None-Match";
        }
        String since = request.header("If-Modified-Since");
        if (ifNoneMatch == null && since != null && date(since) != null && !isAfter(modified, since)) {
            return "If-Modified-Since";
        }
        return null;
    }

    private static boolean matches(String condition, String eTag) {
        for (String tag : condition.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(eTag) || ("\"" + t + "\"").equals(eTag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAfter(Instant modified, String header) {
        Instant date = header == null ? null : date(header);
        return date != null && modified.isAfter(date);
    }

    private static Instant date(String header) {
        try {
            return ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The bucket and the key (decoded) of a path-style request; the key is empty for the bucket itself. */
    private static String crc32Base64(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static String[] bucketAndKey(String path) {
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
        String key = slash < 0 ? "" : decode(rest.substring(slash + 1));
        return new String[] {bucket, key};
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError("InvalidURI", 400, "Couldn't parse the specified URI.", Map.of());
        }
    }

    private static byte[] body(LoopbackHttp.Request request) {
        try {
            return request.body(MAX_BODY_BYTES);
        } catch (LoopbackHttp.BodyException e) {
            throw new ApiError(e.tooLarge ? "MaxMessageLengthExceeded" : "IncompleteBody", 400, e.getMessage(),
                    Map.of());
        }
    }

    /** A signature failure in S3's words. */
    private static <T> T signature(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (SignatureException e) {
            String message = e.getMessage();
            String code = switch (e.code()) {
                case "MissingAuthenticationTokenException" -> "AccessDenied";
                case "UnrecognizedClientException" -> "InvalidAccessKeyId";
                case "IncompleteSignatureException" -> "AuthorizationHeaderMalformed";
                default -> message.startsWith("Signature expired") || message.startsWith("Signature not yet")
                        ? "RequestTimeTooSkewed" : message.startsWith("The request signature")
                        ? "SignatureDoesNotMatch" : "AuthorizationHeaderMalformed";
            };
            int status = code.equals("AuthorizationHeaderMalformed") ? 400 : 403;
            String text = switch (code) {
                case "AccessDenied" -> "Access Denied";
                case "InvalidAccessKeyId" -> "The AWS Access Key Id you provided does not exist in our records.";
                case "SignatureDoesNotMatch" -> "The request signature we calculated does not match the signature "
                        + "you provided. Check your key and signing method.";
                default -> message;
            };
            throw new ApiError(code, status, text, Map.of());
        }
    }

    private static LoopbackHttp.Response error(ApiError e, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(escape(e.code())).append("</Code><Message>").append(escape(e.getMessage()))
                .append("</Message>");
        Map<String, String> members = new LinkedHashMap<>(new java.util.TreeMap<>(e.members()));
        members.forEach((name, value) -> xml.append('<').append(name).append('>').append(escape(value))
                .append("</").append(name).append('>'));
        xml.append("<RequestId>").append(requestId).append("</RequestId><HostId>").append(hostId(requestId))
                .append("</HostId></Error>");
        return new LoopbackHttp.Response(e.status(), "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8),
                ids(requestId));
    }

    private static List<Map.Entry<String, String>> ids(String requestId) {
        return List.of(Map.entry("x-amz-request-id", requestId), Map.entry("x-amz-id-2", hostId(requestId)));
    }

    private static String hostId(String requestId) {
        return Base64.getEncoder().encodeToString(requestId.getBytes(StandardCharsets.US_ASCII));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
