package dev.quire.local;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A submitted statement or batch: its request, its own state and, for a batch, the states of its
 * sub-statements. Cancellation stops the JDBC statement running at the moment. Snapshots are taken
 * under the statement's lock, so an end that is being recorded is seen only once it is recorded.
 */
final class LocalStatement {

    /** Why a statement that a stop left running ends as FAILED: whether it took effect is not known. */
    static final String UNKNOWN = "unknown: the local server stopped while the statement ran; it may or may not "
            + "have taken effect. Check before running it again.";

    private final Submission request;
    private final StatementState self;
    private final List<StatementState> subs;
    private final String sessionId;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile String cancelReason;
    private Statement running;
    private StatementSnapshot recorded;
    private boolean recordedDurably;
    private boolean changesData;

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
        interrupt(toCancel);
        return true;
    }

    private void interrupt(Statement jdbc) {
        if (jdbc == null) {
            return;
        }
        try {
            jdbc.cancel();
        } catch (SQLException e) {
            System.getLogger(LocalStatement.class.getName()).log(System.Logger.Level.DEBUG,
                    "cancel raced with the end of statement " + id(), e);
        }
    }

    /**
     * Cancels again what is still running after a cancel: a cancel that lands just before DuckDB
     * starts a statement is lost, as DuckDB clears it when the statement starts.
     */
    void repeatCancel() {
        if (!cancelled) {
            return;
        }
        Statement toCancel;
        synchronized (this) {
            if (!cancelled || self.status().isFinal()) {
                return;
            }
            toCancel = running;
        }
        interrupt(toCancel);
    }

    /** Notes that a piece about to run may change data: its records from now on are saved durably. */
    synchronized void changesData() {
        changesData = true;
    }

    synchronized boolean mayHaveChangedData() {
        return changesData;
    }

    /**
     * Saves the statement as it is now, unless that is what was saved last; durably when asked.
     * Throws when the record cannot be written.
     */
    synchronized void record(StatementLog log, boolean durable) {
        StatementSnapshot now = snapshotNow();
        if (now.equals(recorded) && (recordedDurably || !durable)) {
            return;
        }
        log.save(now, durable);
        recorded = now;
        recordedDurably = durable;
    }

    /**
     * Applies an end (of a piece or of the whole) and records it before any snapshot can show it.
     * When the record cannot be written the end still stands; after a crash the statement then reads
     * as it was last recorded.
     */
    synchronized void end(Runnable change, StatementLog log, boolean durable) {
        change.run();
        try {
            record(log, durable);
        } catch (UncheckedIOException e) {
            System.getLogger(LocalStatement.class.getName()).log(System.Logger.Level.WARNING,
                    "could not record the end of statement " + id(), e);
        }
    }

    /**
     * Ends what a stop (a crash, or a close that could not wait) left unfinished, saying only what is
     * known: a piece that never started did not run (CANCELLED); one that may have run and committed
     * is FAILED with {@link #UNKNOWN}, never CANCELLED. True when anything changed.
     */
    synchronized boolean settleAfterStop(Instant now) {
        if (self.status().isFinal()) {
            return false;
        }
        if (subs.isEmpty()) {
            if (self.status() == Phase.QUEUED) {
                self.stop(now, Phase.CANCELLED, LocalEngine.STOPPED);
            } else {
                self.stop(now, Phase.FAILED, UNKNOWN);
            }
            return true;
        }
        boolean allFinished = subs.stream().allMatch(s -> s.status() == Phase.FINISHED);
        if (request.executionMode() == Submission.ExecutionMode.TRANSACTION) {
            // the batch commits after its last piece: until then a stop rolls all of it back
            if (allFinished) {
                self.stop(now, Phase.FAILED, "unknown: the local server stopped while the batch committed; it may "
                        + "or may not have taken effect. Check before running it again.");
            } else {
                subs.forEach(s -> s.stop(now, Phase.CANCELLED, LocalEngine.STOPPED));
                self.stop(now, Phase.CANCELLED, LocalEngine.STOPPED);
            }
            return true;
        }
        if (allFinished) {
            self.finishBatch(now, 0, subs.stream().anyMatch(StatementState::hasResultSet));
            return true;
        }
        int started = 0;
        Integer unknown = null;
        for (int i = 0; i < subs.size(); i++) {
            StatementState sub = subs.get(i);
            if (sub.status() == Phase.QUEUED) {
                sub.stop(now, Phase.CANCELLED, LocalEngine.STOPPED);
                continue;
            }
            started++;
            if (sub.stop(now, Phase.FAILED, UNKNOWN)) {
                unknown = i + 1;
            }
        }
        if (started == 0) {
            self.stop(now, Phase.CANCELLED, LocalEngine.STOPPED);
        } else if (unknown != null) {
            self.stop(now, Phase.FAILED, "unknown: the local server stopped while sub-statement " + unknown
                    + " ran; it may or may not have taken effect, those before it ended as they show, those after "
                    + "it did not run.");
        } else {
            self.stop(now, Phase.FAILED, "The local server stopped during the batch: the sub-statements that ran "
                    + "ended as they show, the others did not run.");
        }
        return true;
    }

    void markEnded() {
        ended.countDown();
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    synchronized StatementSnapshot snapshot() {
        return snapshotNow();
    }

    synchronized StatementSnapshot snapshotOf(StatementState unit) {
        return unit == self ? snapshotNow() : unit.snapshot(request, sessionId, List.of());
    }

    private StatementSnapshot snapshotNow() {
        List<StatementSnapshot> subSnapshots = subs.stream()
                .map(s -> s.snapshot(request, sessionId, List.of())).toList();
        return self.snapshot(request, sessionId, subSnapshots);
    }
}
