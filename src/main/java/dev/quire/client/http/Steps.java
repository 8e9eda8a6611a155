package dev.quire.client.http;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The result of a call made of several calls one after another: cancelling it cancels the call
 * under way, and it fails with the failing step's own error, not a wrapper.
 */
public final class Steps<T> extends CompletableFuture<T> {

    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();

    /** A call of this result's: cancelled with it. */
    public <S> CompletableFuture<S> step(CompletableFuture<S> call) {
        running.add(call);
        call.whenComplete((value, error) -> running.remove(call));
        if (isCancelled()) {
            call.cancel(true);
        }
        return call;
    }

    /** Completes this result as the outcome completes. */
    public Steps<T> of(CompletableFuture<T> outcome) {
        outcome.whenComplete((value, error) -> {
            if (error != null) {
                completeExceptionally(unwrap(error));
            } else {
                complete(value);
            }
        });
        return this;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        running.forEach(call -> call.cancel(mayInterruptIfRunning));
        return cancelled;
    }

    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
