package dev.quire.local;

import java.time.Duration;

/**
 * Bytes of heap shared by the requests that hold them for a while (pages being encoded, scans left
 * open between pages): a request takes its share before it allocates and gives it back after, and
 * waits its turn, or is refused, when the budget is spent. What is only worth having (a cache)
 * takes its share with {@link #tryTake}, which gives way to anyone waiting. A share larger than the
 * whole budget takes all of it, so that it can still run, alone.
 */
public final class MemoryBudget {

    private final long total;
    private long used;
    private int waiting;

    public MemoryBudget(long total) {
        if (total <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive");
        }
        this.total = total;
    }

    public long total() {
        return total;
    }

    public synchronized long used() {
        return used;
    }

    /** Takes the bytes at once, or returns null when they are not free or someone waits for memory. */
    public synchronized Lease tryTake(long bytes) {
        long share = share(bytes);
        if (waiting > 0 || used + share > total) {
            return null;
        }
        used += share;
        return new Lease(share);
    }

    /** Takes the bytes, waiting up to the given time for them; null when they did not come free in time. */
    public Lease take(long bytes, Duration wait) throws InterruptedException {
        long share = share(bytes);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            waiting++;
            try {
                while (used + share > total) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } finally {
                waiting--;
            }
            used += share;
        }
        return new Lease(share);
    }

    private long share(long bytes) {
        return Math.max(0, Math.min(bytes, total));
    }

    private synchronized void give(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** Bytes taken from the budget until closed; closing twice gives them back once. */
    public final class Lease implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Lease(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            give(bytes);
        }
    }
}
