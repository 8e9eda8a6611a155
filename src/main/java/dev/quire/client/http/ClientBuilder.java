package dev.quire.client.http;

import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The options every data API client's builder shares: a shared HTTP client, the retry policy and
 * something the client closes with itself.
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {

    /** What a builder was given; http is null when the client is to make its own. */
    public record Options(OkHttpClient http, RetryPolicy retryPolicy, AutoCloseable closeWith) {

        /** Closes what the client was to close with itself, if anything. */
        public void closeResource() {
            if (closeWith != null) {
                try {
                    closeWith.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close " + closeWith, e);
                }
            }
        }
    }

    private OkHttpClient http;
    private RetryPolicy retryPolicy = RetryPolicy.standard();
    private AutoCloseable closeWith;

    /** Runs on a shared HTTP client (its timeouts apply), which closing the client leaves running. */
    public B http(OkHttpClient http) {
        this.http = http;
        return self();
    }

    public B retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return self();
    }

    /** Something the client owns and closes with itself, such as its credentials source. */
    public B closeWith(AutoCloseable resource) {
        this.closeWith = resource;
        return self();
    }

    /** What this builder was given, for the client it builds. */
    public Options options() {
        return new Options(http, retryPolicy, closeWith);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
