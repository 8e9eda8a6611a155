package dev.quire.service.history;

import dev.quire.model.HistoryEntry;

/** A statement in a connection's merged history, and where it is known from. */
public record HistoryRow(HistoryEntry entry, Source source) {

    public enum Source {
        /** Only in the local history: older than the server keeps, or never accepted by it. */
        LOCAL,
        /** Only on the server: run from another tool, or from Quire before its history was kept. */
        SERVER,
        /** Run from Quire and still listed by the server. */
        BOTH
    }
}
