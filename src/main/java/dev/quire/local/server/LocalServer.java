package dev.quire.local.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Verifier;
import dev.quire.aws.SignableRequest;
import dev.quire.aws.SignatureException;
import dev.quire.local.LocalEngine;
import dev.quire.local.athena.AthenaApi;
import dev.quire.local.dremio.DremioApi;
import dev.quire.local.http.ApiError;
import dev.quire.local.http.AwsJsonApi;
import dev.quire.local.http.Reply;
import dev.quire.local.redshift.RedshiftDataApi;
import dev.quire.protocol.AwsJson;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.lang.System.Logger;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The local engine on one loopback port, one route per API: POST / with an X-Amz-Target goes to
 * the AWS JSON API whose prefix it carries (the Redshift Data API, Athena); other requests are
 * S3's GetObject and HeadObject of Athena's result files ({@link S3Route}); paths under
 * {@code /api/v3} and {@code /apiv2} are Dremio's REST API ({@link DremioApi}), with its own token
 * instead of a signature. Every other request must
 * carry a valid SigV4 signature for that API's signing name, with X-Amz-Target among the signed headers.
 * The headers are checked before the body is read: a request that is not signed, or not by a
 * known key for this region and API, is refused without reading its body; with a signed
 * x-amz-content-sha256 the signature itself is checked first and the body against it after.
 * Slow and hostile peers are bounded by {@link LoopbackHttp}.
 */
public final class LocalServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(LocalServer.class.getName());
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final String AWS_JSON = AwsJson.CONTENT_TYPE;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final List<AwsJsonApi> apis;
    private final RedshiftDataApi redshift;
    private final AthenaApi athena;
    private final DremioApi dremio;
    private final S3Route s3;
    private final SigV4Verifier verifier;
    private final String region;
    private LoopbackHttp http;

    private LocalServer(LocalEngine engine, List<Credentials> keys, String region) throws IOException {
        this.region = region;
        this.verifier = new SigV4Verifier(
                id -> keys.stream().filter(key -> key.accessKeyId().equals(id)).findFirst(),
                Clock.systemUTC(), Duration.ofMinutes(5));
        this.redshift = new RedshiftDataApi(engine);
        try {
            this.athena = new AthenaApi(engine);
        } catch (IOException | RuntimeException e) {
            redshift.close();
            throw e;
        }
        try {
            this.dremio = new DremioApi(engine);
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            redshift.close();
            athena.close();
            throw e instanceof IOException io ? io : new IOException("the Dremio endpoint could not start", e);
        }
        this.apis = List.of(redshift, athena);
        this.s3 = new S3Route(verifier, region, athena);
    }

    /**
     * Starts serving on 127.0.0.1; port 0 picks a free port. Every request must be signed with one
     * of the given keys for the given region; each key is a caller with its own statements.
     */
    public static LocalServer start(LocalEngine engine, int port, List<Credentials> keys, String region)
            throws IOException {
        return start(engine, port, keys, region, LoopbackHttp.Limits.defaults());
    }

    /** As {@link #start(LocalEngine, int, List, String)}, with other timeouts and bounds. */
    static LocalServer start(LocalEngine engine, int port, List<Credentials> keys, String region,
                             LoopbackHttp.Limits limits) throws IOException {
        LocalServer server = new LocalServer(engine, List.copyOf(keys), region);
        try {
            server.http = LoopbackHttp.start(port, limits, server.new Routes());
        } catch (IOException | RuntimeException e) {
            server.redshift.close();
            server.athena.close();
            server.dremio.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return http.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The transport, for tests that look at its connections. */
    LoopbackHttp http() {
        return http;
    }

    /** What the transport asks of the server: answers, and errors in the shape of the API asked for. */
    private final class Routes implements LoopbackHttp.Handler {
        @Override
        public LoopbackHttp.Response handle(LoopbackHttp.Request request) {
            return serve(request);
        }

        @Override
        public LoopbackHttp.Response refuse(LoopbackHttp.Request request, int status, String code, String message) {
            String requestId = UUID.randomUUID().toString();
            if (request != null && DremioApi.takes(request.path())) {
                Reply reply = DremioApi.refusal(code.equals("ThrottlingException") ? 503 : status, message);
                return new LoopbackHttp.Response(reply.status(), reply.contentType(), reply.body(), List.of());
            }
            if (request != null && S3Route.takes(request)) {
                return s3.refuse(status, code, message, requestId);
            }
            Optional<AwsJsonApi> api = request == null ? Optional.empty() : route(request.header("X-Amz-Target"));
            return response(requestId, error(api, new ApiError(code, status, message, Map.of())));
        }
    }

    private LoopbackHttp.Response serve(LoopbackHttp.Request request) {
        String requestId = UUID.randomUUID().toString();
        if (DremioApi.takes(request.path())) {
            Reply reply;
            try {
                reply = dremio.handle(new DremioRequest(request));
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.ERROR, "request " + requestId + " failed", e);
                reply = DremioApi.refusal(500, "The local server failed to answer (request id " + requestId + ").");
            }
            return new LoopbackHttp.Response(reply.status(), reply.contentType(), reply.body(), List.of());
        }
        if (S3Route.takes(request)) {
            try {
                return s3.handle(request, requestId);
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.ERROR, "request " + requestId + " failed", e);
                return s3.refuse(500, "InternalError", "We encountered an internal error. Please try again.",
                        requestId);
            }
        }
        String target = request.header("X-Amz-Target");
        Optional<AwsJsonApi> api = route(target);
        Reply reply;
        try {
            reply = answer(request, target, api);
        } catch (ApiError e) {
            reply = error(api, e);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.ERROR, "request " + requestId + " failed", e);
            reply = error(api, new ApiError("InternalServerException", 500,
                    "The server failed to process the request (request id " + requestId + ").", Map.of()));
        }
        return response(requestId, reply);
    }

    private static LoopbackHttp.Response response(String requestId, Reply reply) {
        return new LoopbackHttp.Response(reply.status(), reply.contentType(), reply.body(),
                List.of(Map.entry("x-amzn-RequestId", requestId)));
    }

    private Optional<AwsJsonApi> route(String target) {
        return target == null ? Optional.empty()
                : apis.stream().filter(api -> target.startsWith(api.targetPrefix())).findFirst();
    }

    /** An error in the shape of the API asked for; AWS JSON 1.1's own when none matched. */
    private static Reply error(Optional<AwsJsonApi> api, ApiError e) {
        return api.map(a -> new Reply(e.status(), a.contentType(), a.errorBody(e)))
                .orElseGet(() -> new Reply(e.status(), AWS_JSON, AwsJson.encodeError(e.code(), e.getMessage(),
                        e.members())));
    }

    private Reply answer(LoopbackHttp.Request request, String target, Optional<AwsJsonApi> api) {
        SignableRequest head = new SignableRequest(request.method(), request.path(), request.rawQuery(),
                request.headers(), null);
        SigV4Verifier.Authorization authorization = checkHeaders(head, target);
        if (api.isPresent() && !authorization.service().equals(api.get().signingName())) {
            throw new ApiError("InvalidSignatureException", 400, "Credential should be scoped to correct service: '"
                    + api.get().signingName() + "'. ", Map.of());
        }
        String claimed = request.header("x-amz-content-sha256");
        boolean hashSigned = claimed != null && authorization.signs("x-amz-content-sha256")
                && SHA256_HEX.matcher(claimed).matches();
        byte[] body;
        SigV4Verifier.Verified verified;
        if (hashSigned) {
            verified = signature(() -> authorization.verify(head, claimed));
            body = readBody(request);
            if (!sha256Hex(body).equals(claimed)) {
                throw new ApiError("InvalidSignatureException", 400,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.", Map.of());
            }
        } else {
            body = readBody(request);
            verified = signature(() -> authorization.verify(head, sha256Hex(body)));
        }
        if (api.isEmpty()) {
            throw new ApiError("UnknownOperationException", 400,
                    target == null ? "Missing X-Amz-Target header." : "Unknown operation " + target + ".",
                    Map.of());
        }
        AwsJsonApi route = api.get();
        return route.handle(target.substring(route.targetPrefix().length()), parse(body), verified.accessKeyId());
    }

    /**
     * Checks what the headers alone tell, before any of the body is read: the signature's form,
     * date, scope and key, that X-Amz-Target is signed, and the region.
     */
    private SigV4Verifier.Authorization checkHeaders(SignableRequest head, String target) {
        SigV4Verifier.Authorization authorization = signature(() -> verifier.checkHeaders(head));
        if (target != null && !authorization.signs("X-Amz-Target")) {
            throw new ApiError("InvalidSignatureException", 400,
                    "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", Map.of());
        }
        if (!authorization.region().equals(region)) {
            throw new ApiError("InvalidSignatureException", 400,
                    "Credential should be scoped to a valid region, not '" + authorization.region() + "'. This local "
                            + "endpoint serves region '" + region + "'.", Map.of());
        }
        return authorization;
    }

    private static <T> T signature(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (SignatureException e) {
            throw new ApiError(e.code(), e.status(), e.getMessage(), Map.of());
        }
    }

    private static byte[] readBody(LoopbackHttp.Request request) {
        try {
            return request.body(MAX_BODY_BYTES);
        } catch (LoopbackHttp.BodyException e) {
            throw e.tooLarge ? ApiError.validation(e.getMessage()) : ApiError.serialization(e.getMessage());
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.serialization("The request body could not be read.");
        }
    }

    /** A transport request as the Dremio dialect reads it. */
    private record DremioRequest(LoopbackHttp.Request request) implements DremioApi.Request {
        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String path() {
            return request.path();
        }

        @Override
        public String rawQuery() {
            return request.rawQuery();
        }

        @Override
        public String header(String name) {
            return request.header(name);
        }

        @Override
        public byte[] body() {
            try {
                return request.body(MAX_BODY_BYTES);
            } catch (LoopbackHttp.BodyException e) {
                throw dev.quire.local.dremio.DremioException.of(e.tooLarge ? 413 : 400, e.getMessage());
            }
        }
    }

    /** Stops accepting requests, lets running exchanges finish briefly, and stops the workers. */
    @Override
    public void close() {
        http.close();
        redshift.close();
        athena.close();
        dremio.close();
    }
}
