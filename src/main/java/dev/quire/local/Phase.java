package dev.quire.local;

/**
 * Where a statement is in its life, in the engine's own words; each dialect names these the way
 * its service does.
 */
public enum Phase {
    QUEUED, PICKED, RUNNING, FINISHED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }

    /** Reads a recorded phase; records written before the engine had its own names use Redshift's. */
    static Phase parse(String name) {
        return switch (name) {
            case "SUBMITTED" -> QUEUED;
            case "STARTED" -> RUNNING;
            case "ABORTED" -> CANCELLED;
            default -> valueOf(name);
        };
    }
}
