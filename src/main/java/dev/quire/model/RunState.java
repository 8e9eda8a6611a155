package dev.quire.model;

/**
 * Where a statement is, in words every backend shares: QUEUED, RUNNING, then FINISHED, FAILED or
 * CANCELLED; UNKNOWN for a state a client does not know. Each backend's own state name travels
 * with it for display (see {@link StatementInfo#statusName()}).
 */
public enum RunState {
    QUEUED, RUNNING, FINISHED, FAILED, CANCELLED, UNKNOWN;

    public boolean isFinal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }

    /** The state of this name; UNKNOWN for null or a name it does not have. */
    public static RunState parse(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
