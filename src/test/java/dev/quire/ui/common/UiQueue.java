package dev.quire.ui.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The UI thread of a unit test: work handed to it waits in a queue until the test's own thread
 * runs it, so a view model is only ever touched by one thread, as on the FX thread.
 */
public final class UiQueue implements Executor {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        tasks.add(command);
        notifyAll();
    }

    /** Runs the queued work, waiting for more, until the condition holds; fails after a minute. */
    public void runUntil(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            Runnable next = next(deadline);
            if (next == null) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what.get());
            }
            next.run();
        }
    }

    /** Waits, without running anything, until this many tasks are queued; fails after a minute. */
    public synchronized void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (tasks.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(tasks.size() + " tasks queued, not " + count);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Runs what is queued now, and what that queues, without waiting for more; returns how many ran. */
    public int runQueued() {
        int ran = 0;
        for (Runnable next = poll(); next != null; next = poll()) {
            next.run();
            ran++;
        }
        return ran;
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }

    private synchronized Runnable next(long deadline) throws InterruptedException {
        while (tasks.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return tasks.poll();
    }
}
