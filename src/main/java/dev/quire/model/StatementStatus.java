package dev.quire.model;

/**
 * The Redshift Data API's statement states (SUBMITTED, PICKED, STARTED, then FINISHED, FAILED or
 * ABORTED), kept here for the local engine until it names its states itself. Clients and the
 * service use {@link RunState}; the client side's copy is {@code protocol.redshift.RedshiftStatus}.
 */
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
