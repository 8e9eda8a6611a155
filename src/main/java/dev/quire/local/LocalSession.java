package dev.quire.local;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** A connection kept between statements, so temporary tables and settings survive; one statement at a time. */
final class LocalSession {

    private final String id;
    private final String owner;
    private final Connection connection;
    private int keepAliveSeconds;
    private int keepAliveBefore;
    private Instant expiresAt;
    private boolean busy;
    private boolean closed;

    LocalSession(String id, String owner, Connection connection, int keepAliveSeconds, Instant now) {
        this.id = id;
        this.owner = owner;
        this.connection = connection;
        this.keepAliveSeconds = keepAliveSeconds;
        this.expiresAt = now.plusSeconds(keepAliveSeconds);
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    Connection connection() {
        return connection;
    }

    /** Takes the session for one statement; false when it is busy or gone. */
    synchronized boolean acquire(Integer newKeepAliveSeconds) {
        if (busy || closed) {
            return false;
        }
        busy = true;
        keepAliveBefore = keepAliveSeconds;
        if (newKeepAliveSeconds != null) {
            keepAliveSeconds = newKeepAliveSeconds;
        }
        return true;
    }

    /** Gives the session back after a statement; a keep-alive of 0 ends it. */
    synchronized void release(Instant now) {
        busy = false;
        expiresAt = now.plusSeconds(keepAliveSeconds);
        if (keepAliveSeconds == 0) {
            close();
        }
    }

    /** Gives the session back unused, as it was before it was taken (a submission that failed). */
    synchronized void abandon() {
        busy = false;
        keepAliveSeconds = keepAliveBefore;
    }

    synchronized boolean isOpen() {
        return !closed;
    }

    /** Closes the session when its keep-alive has run out; true when it is closed. */
    synchronized boolean closeIfExpired(Instant now) {
        if (!closed && !busy && !now.isBefore(expiresAt)) {
            close();
        }
        return closed;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            System.getLogger(LocalSession.class.getName()).log(System.Logger.Level.WARNING,
                    "closing session " + id + " failed", e);
        }
    }
}
