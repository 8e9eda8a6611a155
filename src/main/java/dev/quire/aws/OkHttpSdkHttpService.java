package dev.quire.aws;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The AWS SDK's HTTP client SPI on OkHttp, found by the SDK's service loader. The STS, SSO and SSO
 * OIDC clients that credential providers build for themselves run on it, so Quire ships none of the
 * SDK's own HTTP clients. Where one of those is on the class path too, the SDK prefers it.
 */
public final class OkHttpSdkHttpService implements SdkHttpService {

    @Override
    public SdkHttpClient.Builder<?> createHttpClientBuilder() {
        return new ClientBuilder();
    }

    static final class ClientBuilder implements SdkHttpClient.Builder<ClientBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            AttributeMap options = serviceDefaults.merge(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS);
            Duration idle = options.get(SdkHttpConfigurationOption.CONNECTION_MAX_IDLE_TIMEOUT);
            OkHttpClient http = new OkHttpClient.Builder()
                    .connectTimeout(options.get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT))
                    .readTimeout(options.get(SdkHttpConfigurationOption.READ_TIMEOUT))
                    .writeTimeout(options.get(SdkHttpConfigurationOption.WRITE_TIMEOUT))
                    .connectionPool(new ConnectionPool(4, idle.toMillis(), TimeUnit.MILLISECONDS))
                    .retryOnConnectionFailure(false)
                    .followRedirects(false)
                    .build();
            return new Client(http);
        }
    }

    /** Sends the SDK's requests as they are (signed already) and hands back status, headers and body. */
    static final class Client implements SdkHttpClient {

        private final OkHttpClient http;

        Client(OkHttpClient http) {
            this.http = http;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                private volatile Call sent;
                private volatile boolean aborted;

                @Override
                public HttpExecuteResponse call() throws IOException {
                    Call call = http.newCall(toOkHttp(request));
                    sent = call;
                    if (aborted) {
                        call.cancel();
                    }
                    Response response = call.execute();
                    SdkHttpResponse.Builder head = SdkHttpResponse.builder()
                            .statusCode(response.code())
                            .statusText(response.message());
                    response.headers().forEach(h -> head.appendHeader(h.getFirst(), h.getSecond()));
                    return HttpExecuteResponse.builder()
                            .response(head.build())
                            .responseBody(AbortableInputStream.create(response.body().byteStream(), response::close))
                            .build();
                }

                @Override
                public void abort() {
                    aborted = true;
                    Call started = sent;
                    if (started != null) {
                        started.cancel();
                    }
                }
            };
        }

        private static Request toOkHttp(HttpExecuteRequest request) throws IOException {
            SdkHttpRequest sdk = request.httpRequest();
            Request.Builder builder = new Request.Builder().url(sdk.getUri().toString());
            sdk.forEachHeader((name, values) -> values.forEach(value -> builder.addHeader(name, value)));
            String method = sdk.method().name();
            RequestBody body = null;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                byte[] bytes = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        bytes = in.readAllBytes();
                    }
                }
                body = RequestBody.create(bytes, null);
            }
            return builder.method(method, body).build();
        }

        @Override
        public String clientName() {
            return "OkHttp";
        }

        @Override
        public void close() {
            http.connectionPool().evictAll();
        }
    }
}
