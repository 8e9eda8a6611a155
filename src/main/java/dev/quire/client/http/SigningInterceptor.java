package dev.quire.client.http;

import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Signs every attempt of a request with SigV4 on the HTTP thread, just before it is sent: each
 * retry gets a fresh date, and credentials are resolved there (an SSO or STS refresh may do I/O),
 * never on the caller's thread.
 */
public final class SigningInterceptor implements Interceptor {

    private final SigV4Signer signer;
    private final Supplier<Credentials> credentials;
    private final boolean encodedOnce;

    public SigningInterceptor(SigV4Signer signer, Supplier<Credentials> credentials) {
        this(signer, credentials, false);
    }

    private SigningInterceptor(SigV4Signer signer, Supplier<Credentials> credentials, boolean encodedOnce) {
        this.signer = signer;
        this.credentials = credentials;
        this.encodedOnce = encodedOnce;
    }

    /**
     * Signs S3 requests: the path as sent, encoded once (build it with {@link SigV4Signer#uriEncode}),
     * never normalised, and the body left unsigned.
     */
    public static SigningInterceptor s3(String region, Supplier<Credentials> credentials) {
        return new SigningInterceptor(new SigV4Signer(region, "s3").withoutPathNormalization().withUnsignedPayload(),
                credentials, true);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Credentials signing;
        try {
            signing = credentials.get();
        } catch (RuntimeException e) {
            throw new CredentialsUnavailable(e);
        }
        byte[] body = new byte[0];
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", hostHeader(request)));
        RequestBody requestBody = request.body();
        if (requestBody != null) {
            Buffer buffer = new Buffer();
            requestBody.writeTo(buffer);
            body = buffer.readByteArray();
            MediaType type = requestBody.contentType();
            if (type != null) {
                headers.add(Map.entry("Content-Type", type.toString()));
            }
        }
        request.headers().forEach(header -> headers.add(Map.entry(header.getFirst(), header.getSecond())));
        String query = request.url().encodedQuery();
        String path = encodedOnce ? "/" + String.join("/", request.url().pathSegments()) : request.url().encodedPath();
        Map<String, String> auth = signer.sign(new SignableRequest(request.method(), path, query, headers, body),
                signing, Instant.now());
        Request.Builder signed = request.newBuilder();
        auth.forEach(signed::header);
        return chain.proceed(signed.build());
    }

    /** The Host header OkHttp sends: the port only when it is not the scheme's default. */
    private static String hostHeader(Request request) {
        HttpUrl url = request.url();
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    /** Credentials could not be resolved; the call fails without being sent. */
    static final class CredentialsUnavailable extends IOException {
        CredentialsUnavailable(RuntimeException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }
}
