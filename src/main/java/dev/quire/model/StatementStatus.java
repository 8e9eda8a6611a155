package dev.quire.model;

/** Lifecycle of a statement: SUBMITTED, PICKED, STARTED, then FINISHED, FAILED or ABORTED. */
public enum StatementStatus {
    SUBMITTED, PICKED, STARTED, FINISHED, FAILED, ABORTED, UNKNOWN;

    public boolean isFinal() {
        return this == FINISHED || this == FAILED || this == ABORTED;
    }

    /** Tolerates values a newer server may send. */
    public static StatementStatus parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
