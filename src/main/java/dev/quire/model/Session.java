package dev.quire.model;

import java.time.Duration;

/**
 * A backend session that one tab's statements share (Redshift's {@code SessionId}): opened by the
 * first statement, kept alive between statements, so a temporary table made by one is seen by the
 * next. Thread-safe; the id is set from the client's HTTP thread.
 */
public final class Session {

    private final int keepAliveSeconds;
    private volatile String id;

    public Session(Duration keepAlive) {
        long seconds = keepAlive.toSeconds();
        if (seconds < 1 || seconds > 86_400) {
            throw new IllegalArgumentException("a session is kept alive from 1 s to 24 h, not " + keepAlive);
        }
        this.keepAliveSeconds = (int) seconds;
    }

    /** How long the backend keeps the session after a statement ends. */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /** The backend's id, null until the first statement opened the session or after it expired. */
    public String id() {
        return id;
    }

    /** Remembers the id the backend answered with. */
    public void opened(String sessionId) {
        if (sessionId != null && !sessionId.isBlank()) {
            id = sessionId;
        }
    }

    /** Forgets the session: the next statement opens a new one. */
    public void forget() {
        id = null;
    }

    @Override
    public String toString() {
        return "Session[" + (id == null ? "not open" : id) + ", keep alive " + keepAliveSeconds + " s]";
    }
}
