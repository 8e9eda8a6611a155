package dev.quire.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** A query the user saved under a name, in a folder, with the connection it was saved from (or null). */
public record SavedQuery(String name, String folder, String sql, String connection, Instant saved) {

    public SavedQuery {
        name = Objects.requireNonNull(name, "name").strip();
        folder = folder == null ? "" : folder.strip();
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(saved, "saved");
    }

    /** Why the query cannot be saved so, or null. */
    public String problem() {
        if (name.isEmpty()) {
            return "Enter a name.";
        }
        if (sql.isBlank()) {
            return "There is no SQL to save.";
        }
        if (name.length() > 200 || folder.length() > 200) {
            return "Keep the name and the folder under 200 characters.";
        }
        return null;
    }

    /** Whether it is the same entry: the same name in the same folder, in any case. */
    public boolean sameEntry(SavedQuery other) {
        return name.equalsIgnoreCase(other.name) && folder.equalsIgnoreCase(other.folder);
    }

    /** Whether every word of the search is in its name, folder, SQL or connection. */
    public boolean matches(String search) {
        String haystack = (name + "\n" + folder + "\n" + sql + "\n" + Objects.requireNonNullElse(connection, ""))
                .toLowerCase(Locale.ROOT);
        for (String word : search.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!word.isEmpty() && !haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
