package dev.quire.ui.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * "Run this in the background, show the latest answer": each request supersedes the ones before
 * it, and what a superseded request answers later is dropped. Answers and failures reach their
 * handlers on the UI executor; a failure comes without the CompletionException around it, a
 * cancelled future as its CancellationException. Used on the UI thread only.
 */
public final class Latest {

    private final Executor ui;
    private long asked;

    public Latest(Executor ui) {
        this.ui = ui;
    }

    /** Shows the future's answer, or its failure, unless a newer request started since. */
    public <T> void show(CompletableFuture<T> future, Consumer<? super T> answer, Consumer<Throwable> failure) {
        show(future, answer, failure, late -> { });
    }

    /** The same; an answer that came too late goes to dropped, which closes what it holds. */
    public <T> void show(CompletableFuture<T> future, Consumer<? super T> answer, Consumer<Throwable> failure,
                         Consumer<? super T> dropped) {
        answer(++asked, future, answer, failure, dropped);
    }

    /**
     * Shows the future's answer, or its failure, as show does, but without superseding the requests
     * before it: for parts of one answer asked for side by side. A drop or a show since drops it.
     */
    public <T> void showAlongside(CompletableFuture<T> future, Consumer<? super T> answer, Consumer<Throwable> failure) {
        answer(asked, future, answer, failure, late -> { });
    }

    private <T> void answer(long mine, CompletableFuture<T> future, Consumer<? super T> answer,
                            Consumer<Throwable> failure, Consumer<? super T> dropped) {
        future.whenComplete((value, error) -> ui.execute(() -> {
            if (mine != asked) {
                if (error == null) {
                    dropped.accept(value);
                }
            } else if (error != null) {
                failure.accept(Failures.cause(error));
            } else {
                answer.accept(value);
            }
        }));
    }

    /** Drops what every request started so far answers. */
    public void drop() {
        asked++;
    }
}
