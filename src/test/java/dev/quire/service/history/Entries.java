package dev.quire.service.history;

import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** History entries for tests. */
final class Entries {

    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    static HistoryEntry finished(String connection, String sql, int minute) {
        Instant at = START.plus(Duration.ofMinutes(minute));
        return new HistoryEntry(UUID.randomUUID().toString(), connection, UUID.randomUUID().toString(), List.of(sql),
                null, RunState.FINISHED, at, at.plusMillis(40), Duration.ofMillis(40), 1, null, false);
    }

    static HistoryEntry with(HistoryEntry e, String statementName, RunState status, String error) {
        return new HistoryEntry(e.id(), e.connection(), e.statementId(), e.sqls(), statementName, status,
                e.submittedAt(), e.endedAt(), e.duration(), e.resultRows(), error, e.batch());
    }

    private Entries() {
    }
}
