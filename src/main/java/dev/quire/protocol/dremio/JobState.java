package dev.quire.protocol.dremio;

/** Dremio's job states ({@code jobState}); only COMPLETED, CANCELED and FAILED are final. */
public enum JobState {
    NOT_SUBMITTED, STARTING, RUNNING, COMPLETED, CANCELED, FAILED, CANCELLATION_REQUESTED, ENQUEUED, PLANNING,
    PENDING, METADATA_RETRIEVAL, QUEUED, ENGINE_START, EXECUTION_PLANNING, INVALID_STATE;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELED || this == FAILED;
    }
}
