package dev.quire.protocol.redshift;

import dev.quire.model.RunState;

/**
 * The Redshift Data API's statement states (StatusString): SUBMITTED, PICKED, STARTED, then
 * FINISHED, FAILED or ABORTED, each with the neutral state it stands for.
 */
public enum RedshiftStatus {
    SUBMITTED(RunState.QUEUED), PICKED(RunState.QUEUED), STARTED(RunState.RUNNING), FINISHED(RunState.FINISHED),
    FAILED(RunState.FAILED), ABORTED(RunState.CANCELLED);

    private final RunState state;

    RedshiftStatus(RunState state) {
        this.state = state;
    }

    public RunState state() {
        return state;
    }

    /** The neutral state of a status name on the wire; UNKNOWN for null or a name a newer server may send. */
    public static RunState stateOf(String name) {
        if (name != null) {
            for (RedshiftStatus status : values()) {
                if (status.name().equals(name)) {
                    return status.state;
                }
            }
        }
        return RunState.UNKNOWN;
    }
}
