package dev.quire.service.history;

import dev.quire.model.RunState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What to look for in the history: words that must all appear (any case) in the SQL, statement
 * name, connection or error; optional statuses and connection; and which page of the matches,
 * newest first.
 */
public record HistoryQuery(String text, Set<RunState> statuses, String connection, int offset, int limit) {

    /** Rows a page holds unless asked otherwise, as in the Redshift query editor. */
    public static final int PAGE = 25;

    public HistoryQuery {
        text = text == null ? "" : text;
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 or more");
        }
    }

    /** The first page of every entry. */
    public static HistoryQuery all() {
        return new HistoryQuery("", Set.of(), null, 0, PAGE);
    }

    /** The first page of the entries holding every word of the text. */
    public static HistoryQuery of(String text) {
        return new HistoryQuery(text, Set.of(), null, 0, PAGE);
    }

    public HistoryQuery withStatuses(RunState... statuses) {
        return new HistoryQuery(text, Set.of(statuses), connection, offset, limit);
    }

    public HistoryQuery withConnection(String connection) {
        return new HistoryQuery(text, statuses, connection, offset, limit);
    }

    public HistoryQuery page(int offset, int limit) {
        return new HistoryQuery(text, statuses, connection, offset, limit);
    }

    /** The next page after this one. */
    public HistoryQuery next() {
        return page(offset + limit, limit);
    }

    List<String> words() {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
