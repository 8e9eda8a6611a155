package dev.quire.local;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A submitted statement or batch: its request, its own state and, for a batch, the states of its
 * sub-statements. Cancellation stops the JDBC statement running at the moment.
 */
final class LocalStatement {

    private final Submission request;
    private final StatementState self;
    private final List<StatementState> subs;
    private final String sessionId;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile String cancelReason;
    private Statement running;

    LocalStatement(Submission request, StatementState self, List<StatementState> subs, String sessionId,
                   boolean alreadyEnded) {
        this.request = request;
        this.self = self;
        this.subs = List.copyOf(subs);
        this.sessionId = sessionId;
        if (alreadyEnded) {
            ended.countDown();
        }
    }

    String id() {
        return self.id();
    }

    Submission request() {
        return request;
    }

    StatementState self() {
        return self;
    }

    String sessionId() {
        return sessionId;
    }

    /** The pieces that run: the sub-statements of a batch, or the statement itself. */
    List<StatementState> units() {
        return subs.isEmpty() ? List.of(self) : subs;
    }

    StatementState unit(int index) {
        return index >= 1 && index <= subs.size() ? subs.get(index - 1) : null;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Why the statement was cancelled when the server, not the caller, stopped it. */
    String cancelReason() {
        return cancelReason;
    }

    synchronized void running(Statement jdbc) {
        running = jdbc;
    }

    /** Requests cancellation; false when the statement had already ended. */
    boolean cancel(Instant now, String reason) {
        Statement toCancel;
        synchronized (this) {
            if (self.status().isFinal()) {
                return false;
            }
            cancelReason = reason;
            cancelled = true;
            toCancel = running;
        }
        if (self.abortIfSubmitted(now, reason)) {
            subs.forEach(s -> s.abort(now, 0, reason));
            return true;
        }
        if (toCancel != null) {
            try {
                toCancel.cancel();
            } catch (SQLException e) {
                System.getLogger(LocalStatement.class.getName()).log(System.Logger.Level.DEBUG,
                        "cancel raced with the end of statement " + id(), e);
            }
        }
        return true;
    }

    void markEnded() {
        ended.countDown();
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    StatementSnapshot snapshot() {
        List<StatementSnapshot> subSnapshots = subs.stream()
                .map(s -> s.snapshot(request, sessionId, List.of())).toList();
        return self.snapshot(request, sessionId, subSnapshots);
    }

    StatementSnapshot snapshotOf(StatementState unit) {
        return unit == self ? snapshot() : unit.snapshot(request, sessionId, List.of());
    }
}
