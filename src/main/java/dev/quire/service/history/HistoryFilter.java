package dev.quire.service.history;

import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** A query's conditions, tested against an entry and its lower-cased search text. One per search. */
final class HistoryFilter {

    private final String[] words;
    private final Set<RunState> statuses;
    private final String connection;
    /** Connection names lower-cased, few and asked for often. */
    private final Map<String, String> connections = new HashMap<>();

    HistoryFilter(HistoryQuery query) {
        this.words = query.words().toArray(String[]::new);
        this.statuses = query.statuses();
        this.connection = query.connection();
    }

    /**
     * What the words are looked for in besides the connection: SQL, statement name and error,
     * lower-cased. A lone SQL text already in lower case is shared, not copied.
     */
    static String text(HistoryEntry e) {
        if (e.sqls().size() == 1 && e.statementName() == null && e.error() == null) {
            return e.sqls().get(0).toLowerCase(Locale.ROOT);
        }
        StringJoiner text = new StringJoiner("\n");
        e.sqls().forEach(text::add);
        if (e.statementName() != null) {
            text.add(e.statementName());
        }
        if (e.error() != null) {
            text.add(e.error());
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    boolean test(HistoryEntry e, String text) {
        if (connection != null && !connection.equals(e.connection())) {
            return false;
        }
        if (!statuses.isEmpty() && !statuses.contains(e.status())) {
            return false;
        }
        String connectionText = null;
        for (String word : words) {
            if (!text.contains(word)) {
                if (connectionText == null) {
                    connectionText = connections.computeIfAbsent(e.connection(), c -> c.toLowerCase(Locale.ROOT));
                }
                if (!connectionText.contains(word)) {
                    return false;
                }
            }
        }
        return true;
    }
}
