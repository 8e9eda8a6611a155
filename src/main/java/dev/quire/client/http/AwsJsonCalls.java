package dev.quire.client.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.SigV4Signer;
import dev.quire.client.DataApiException;
import dev.quire.protocol.AwsJson;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls to an AWS JSON 1.1 service (the Redshift Data API, Athena): POST / with the action in
 * X-Amz-Target, every attempt signed with SigV4 on the HTTP thread, retried by a {@link RetryPolicy},
 * and error answers decoded as the AWS SDKs decode them.
 */
public final class AwsJsonCalls implements AutoCloseable {

    private static final MediaType JSON_1_1 = MediaType.get(AwsJson.CONTENT_TYPE);

    private final Calls calls;
    private final HttpUrl url;

    /** Calls signed for the service's signing name; on a shared HTTP client when http is not null (left running on close). */
    public AwsJsonCalls(URI endpoint, String region, String signingName, Supplier<Credentials> credentials,
                        OkHttpClient http, RetryPolicy retryPolicy) {
        this.url = HttpUrl.get(endpoint.resolve("/"));
        OkHttpClient base = http != null ? http : HttpClients.create();
        OkHttpClient signing = base.newBuilder()
                .addInterceptor(new SigningInterceptor(new SigV4Signer(region, signingName), credentials))
                .build();
        this.calls = new Calls(signing, http == null, retryPolicy);
    }

    /** Sends one action; a success is read by reader on the HTTP thread, an error answer fails the future. */
    public <T> CompletableFuture<T> call(String target, byte[] body, Calls.Reader<T> reader) {
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON_1_1))
                .header(AwsJson.TARGET_HEADER, target)
                .build();
        return calls.call(request, response -> {
            if (!response.isSuccessful()) {
                throw error(response);
            }
            return reader.read(response);
        });
    }

    /** The error an answer that is not a success stands for: the code and message as the SDKs find them. */
    static DataApiException error(Response response) throws IOException {
        JsonNode body;
        String text = response.body() == null ? "" : response.body().string();
        try {
            body = text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            body = null;
        }
        String code = AwsJson.errorCode(response.header("X-Amzn-Errortype"), body);
        String message = AwsJson.errorMessage(response.header("x-amzn-error-message"), body);
        if (code == null) {
            code = "Http" + response.code();
            message = message != null ? message : "HTTP " + response.code() + " " + response.message();
        }
        return new DataApiException(code, message, response.code(), response.header("x-amzn-RequestId"));
    }

    /** A success's body, which must be one JSON object. */
    public static JsonNode object(Response response) throws IOException {
        try (InputStream in = response.body().byteStream()) {
            JsonNode node = Json.MAPPER.readTree(in);
            if (node == null || !node.isObject()) {
                throw new JsonParseException(null, "malformed response: expected a JSON object");
            }
            return node;
        }
    }

    /** A timestamp as AWS JSON 1.1 sends it, in epoch seconds with a fraction; null when absent. */
    public static Instant time(JsonNode seconds) {
        if (seconds == null || !seconds.isNumber()) {
            return null;
        }
        BigDecimal value = seconds.decimalValue();
        BigDecimal whole = value.setScale(0, RoundingMode.FLOOR);
        return Instant.ofEpochSecond(whole.longValueExact(),
                value.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** Cancels every open call and stops the retry thread (and the HTTP client when it is this one's own). */
    @Override
    public void close() {
        calls.close();
    }
}
