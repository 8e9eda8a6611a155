package dev.quire.local.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Verifier;
import dev.quire.aws.SignableRequest;
import dev.quire.aws.SignatureException;
import dev.quire.local.LocalEngine;
import dev.quire.local.http.ApiError;
import dev.quire.local.http.AwsJsonApi;
import dev.quire.local.http.Reply;
import dev.quire.local.redshift.RedshiftDataApi;
import dev.quire.protocol.AwsJson;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local engine on one loopback port, one route per API: POST / with an X-Amz-Target goes to
 * the AWS JSON API whose prefix it carries (the Redshift Data API). Every request must carry a
 * valid SigV4 signature for that API's signing name.
 */
public final class LocalServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(LocalServer.class.getName());

    static {
        // Small answers on a kept-alive connection otherwise wait for the peer's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final HttpServer http;
    private final ThreadPoolExecutor pool;
    private static final String AWS_JSON = AwsJson.CONTENT_TYPE;

    private final List<AwsJsonApi> apis;
    private final RedshiftDataApi redshift;
    private final SigV4Verifier verifier;
    private final String region;

    private LocalServer(HttpServer http, ThreadPoolExecutor pool, LocalEngine engine, List<Credentials> keys,
                        String region) {
        this.http = http;
        this.pool = pool;
        this.redshift = new RedshiftDataApi(engine);
        this.apis = List.of(redshift);
        this.region = region;
        this.verifier = new SigV4Verifier(
                id -> keys.stream().filter(key -> key.accessKeyId().equals(id)).findFirst(),
                Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /**
     * Starts serving on 127.0.0.1; port 0 picks a free port. Every request must be signed with one
     * of the given keys for the given region; each key is a caller with its own statements.
     */
    public static LocalServer start(LocalEngine engine, int port, List<Credentials> keys, String region)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(48, 48, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(512), r -> {
                    Thread t = new Thread(r, "quire-server-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        LocalServer server = new LocalServer(http, pool, engine, List.copyOf(keys), region);
        http.createContext("/", server::serve);
        http.setExecutor(pool);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private void serve(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        Optional<AwsJsonApi> api = route(target);
        Reply reply;
        try {
            reply = answer(exchange, target, api);
        } catch (ApiError e) {
            reply = error(api, e);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.ERROR, "request " + requestId + " failed", e);
            reply = error(api, new ApiError("InternalServerException", 500,
                    "The server failed to process the request (request id " + requestId + ").", Map.of()));
        }
        send(exchange, requestId, reply);
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

    private Reply answer(HttpExchange exchange, String target, Optional<AwsJsonApi> api) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new ApiError("UnknownOperationException", 400,
                    "Only POST / with an X-Amz-Target header is served here.", Map.of());
        }
        byte[] body = readBody(exchange);
        SigV4Verifier.Verified verified = authenticate(exchange, body);
        if (api.isEmpty()) {
            throw new ApiError("UnknownOperationException", 400,
                    target == null ? "Missing X-Amz-Target header." : "Unknown operation " + target + ".",
                    Map.of());
        }
        AwsJsonApi route = api.get();
        if (!verified.service().equals(route.signingName())) {
            throw new ApiError("InvalidSignatureException", 400, "Credential should be scoped to correct service: '"
                    + route.signingName() + "'. ", Map.of());
        }
        return route.handle(target.substring(route.targetPrefix().length()), parse(body), verified.accessKeyId());
    }

    /** Verifies the request's signature and its region. */
    private SigV4Verifier.Verified authenticate(HttpExchange exchange, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        URI uri = exchange.getRequestURI();
        SignableRequest request = new SignableRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                headers, body);
        SigV4Verifier.Verified verified;
        try {
            verified = verifier.verify(request);
        } catch (SignatureException e) {
            throw new ApiError(e.code(), e.status(), e.getMessage(), Map.of());
        }
        if (!verified.region().equals(region)) {
            throw new ApiError("InvalidSignatureException", 400,
                    "Credential should be scoped to a valid region, not '" + verified.region() + "'. This local "
                            + "endpoint serves region '" + region + "'.", Map.of());
        }
        return verified;
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

    private static byte[] readBody(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw ApiError.validation("The request body exceeds " + MAX_BODY_BYTES + " bytes.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiError.serialization("The request body could not be read: " + e.getMessage());
        }
    }

    private static void send(HttpExchange exchange, String requestId, Reply reply) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        } catch (IOException e) {
            LOG.log(Logger.Level.DEBUG, "client went away before request " + requestId + " was answered", e);
        }
    }

    /** Stops accepting requests, lets running exchanges finish briefly, and stops the pool. */
    @Override
    public void close() {
        http.stop(1);
        redshift.close();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
