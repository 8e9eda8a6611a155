package dev.quire.service;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Background work on the spill store (a view's sort, an export) whose future can be cancelled:
 * cancelling stops the DuckDB statement it is running. {@link #ended()} completes once the work
 * has let go of the store, however it finished, so a cursor can free its table after it.
 */
final class Job<T> extends CompletableFuture<T> {

    interface Work<T> {
        T run(Job<T> job) throws Exception;
    }

    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private Statement running;

    /** Runs the work on the pool unless the job is already done (cancelled, or failed before starting). */
    void start(Executor pool, Work<T> work) {
        try {
            pool.execute(() -> {
                try {
                    if (!isDone()) {
                        complete(work.run(this));
                    }
                } catch (Throwable e) {
                    completeExceptionally(e);
                } finally {
                    watch(null);
                    ended.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            completeExceptionally(new IllegalStateException("the spill store is closed", e));
            ended.complete(null);
        }
    }

    /** Ends a job that will not start. */
    void abandon(Throwable cause) {
        completeExceptionally(cause);
        ended.complete(null);
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The statement the work runs now; a cancel stops it. */
    synchronized void watch(Statement statement) {
        running = statement;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Statement statement;
        synchronized (this) {
            statement = running;
        }
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                System.getLogger(Job.class.getName()).log(System.Logger.Level.DEBUG, "cancelling a statement", e);
            }
        }
        return cancelled;
    }
}
