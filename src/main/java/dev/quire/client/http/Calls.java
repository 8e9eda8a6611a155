package dev.quire.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quire.client.DataApiException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Bridges OkHttp calls to CompletableFutures; cancelling the future cancels the call. */
public final class Calls {

    /** Reads a response on the HTTP thread; the response is closed afterwards. */
    public interface Reader<T> {
        T read(Response response) throws IOException;
    }

    public static <T> CompletableFuture<T> enqueue(OkHttpClient client, Request request, Reader<T> reader) {
        Call call = client.newCall(request);
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                call.cancel();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                future.completeExceptionally(c.isCanceled()
                        ? new java.util.concurrent.CancellationException("call cancelled")
                        : new DataApiException("NetworkError", describe(request, e), e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    future.complete(reader.read(response));
                } catch (JsonProcessingException e) {
                    future.completeExceptionally(new DataApiException("MalformedResponse",
                            "The response from " + request.url().host() + " is not valid: " + e.getOriginalMessage(), e));
                } catch (IOException e) {
                    future.completeExceptionally(new DataApiException("NetworkError", describe(request, e), e));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        });
        return future;
    }

    private static String describe(Request request, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Request to " + request.url().host() + ":" + request.url().port() + " failed: " + reason;
    }

    private Calls() {
    }
}
