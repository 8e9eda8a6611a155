package dev.quire.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quire.client.DataApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs requests on OkHttp as CompletableFutures and retries them by a {@link RetryPolicy}. The
 * wait before a retry is a task on one scheduler thread, so no thread blocks on it. Cancelling a
 * future cancels the call in flight and any retry still waiting. Every attempt is limited by the
 * client's call timeout. Failures complete the future with a {@link DataApiException} that counts
 * the attempts made.
 *
 * <p>A request is sent again as it is, so it must be safe to repeat: reads are, and a statement
 * submission is when it carries an idempotency token.
 */
public final class Calls implements AutoCloseable {

    /** Reads a response on the HTTP thread; the response is closed afterwards. */
    public interface Reader<T> {
        T read(Response response) throws IOException;
    }

    /**
     * Thrown by an interceptor that refuses to send a request (no token to sign in with, a login
     * refused): the call fails with the error, as it is.
     */
    public static final class Refused extends IOException {
        private final transient DataApiException error;

        public Refused(DataApiException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        public DataApiException error() {
            return error;
        }
    }

    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final RetryPolicy policy;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<Attempts<?>> open = ConcurrentHashMap.newKeySet();

    /** Calls on the given client; when {@code ownsHttp}, {@link #close()} also shuts the client down. */
    public Calls(OkHttpClient http, boolean ownsHttp, RetryPolicy policy) {
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.policy = policy;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "quire-retry");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public <T> CompletableFuture<T> call(Request request, Reader<T> reader) {
        return start(new Attempts<>(request, reader, false, true));
    }

    /**
     * As {@link #call}, but sent once whatever happens: for a request that is not safe to repeat,
     * such as a submission without an idempotency token.
     */
    public <T> CompletableFuture<T> callOnce(Request request, Reader<T> reader) {
        return start(new Attempts<>(request, reader, false, false));
    }

    /**
     * As {@link #call}, but the value the reader returns takes the response over (a stream read on
     * later, such as an S3 object): the response stays open until the value is closed. A value that
     * comes too late, after a cancel, is closed at once; when the reader fails, the response is closed.
     */
    public <T extends AutoCloseable> CompletableFuture<T> open(Request request, Reader<T> reader) {
        return start(new Attempts<>(request, reader, true, true));
    }

    private <T> CompletableFuture<T> start(Attempts<T> attempts) {
        open.add(attempts);
        attempts.whenComplete((value, error) -> open.remove(attempts));
        attempts.send();
        return attempts;
    }

    /** Cancels every open call and stops the retry thread (and the HTTP client when owned). */
    @Override
    public void close() {
        open.forEach(attempts -> attempts.cancel(false));
        scheduler.shutdownNow();
        if (ownsHttp) {
            HttpClients.shutdown(http);
        }
    }

    private final class Attempts<T> extends CompletableFuture<T> implements Callback {

        private final Request request;
        private final Reader<T> reader;
        private final boolean keepsResponse;
        private final boolean retries;
        /** Written before each send; sends follow one another, each after the last one's end. */
        private int attempt;
        private volatile Call current;
        private volatile Future<?> retry;

        Attempts(Request request, Reader<T> reader, boolean keepsResponse, boolean retries) {
            this.request = request;
            this.reader = reader;
            this.keepsResponse = keepsResponse;
            this.retries = retries;
        }

        void send() {
            attempt++;
            Call call = http.newCall(request);
            current = call;
            if (!isDone()) {
                call.enqueue(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Future<?> waiting = retry;
            if (waiting != null) {
                waiting.cancel(false);
            }
            Call call = current;
            if (call != null) {
                call.cancel();
            }
            return cancelled;
        }

        @Override
        public void onFailure(Call call, IOException e) {
            failed(ioError(e));
        }

        @Override
        public void onResponse(Call call, Response response) {
            boolean handedOver = false;
            try {
                T value = reader.read(response);
                handedOver = keepsResponse;
                if (!complete(value) && keepsResponse) {
                    ((AutoCloseable) value).close();
                }
            } catch (DataApiException e) {
                failed(e);
            } catch (JsonProcessingException e) {
                failed(new DataApiException(DataApiException.MALFORMED_RESPONSE, "The response from "
                        + where() + " is not valid: " + e.getOriginalMessage(), e));
            } catch (IOException e) {
                failed(ioError(e));
            } catch (RuntimeException e) {
                completeExceptionally(e);
            } catch (Exception e) {
                completeExceptionally(new IllegalStateException("could not close an answer nobody took", e));
            } finally {
                if (!handedOver) {
                    response.close();
                }
            }
        }

        private void failed(DataApiException error) {
            if (isDone()) {
                return;
            }
            if (!retries || attempt >= policy.maxAttempts() || !policy.retries(error)) {
                completeExceptionally(error.afterAttempts(attempt));
                return;
            }
            long delay = policy.delay(attempt, policy.isThrottling(error)).toNanos();
            try {
                retry = scheduler.schedule(this::send, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                completeExceptionally(error.afterAttempts(attempt));
                return;
            }
            if (isDone()) {
                retry.cancel(false);
            }
        }

        private DataApiException ioError(IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof Refused refused) {
                return refused.error();
            }
            if (e instanceof SigningInterceptor.CredentialsUnavailable) {
                return new DataApiException(DataApiException.CREDENTIALS_ERROR,
                        "No AWS credentials to sign the request to " + where() + ": " + reason, e.getCause());
            }
            if (e instanceof InterruptedIOException) {
                return new DataApiException(DataApiException.TIMEOUT, "Request to " + where() + " timed out: "
                        + reason + " (limits: " + http.callTimeoutMillis() + " ms a call, "
                        + http.readTimeoutMillis() + " ms between reads)", e);
            }
            return new DataApiException(DataApiException.NETWORK_ERROR, "Request to " + where() + " failed: " + reason, e);
        }

        private String where() {
            return request.url().host() + ":" + request.url().port();
        }
    }
}
