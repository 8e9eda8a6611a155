package dev.quire.model;

/**
 * The built-in snippets: a statement around the table named under the caret. Each answers the
 * text that replaces the name and where the caret goes in it.
 */
public final class SqlSnippets {

    /** A snippet put in place of the name from start to end; the caret goes to caret (in the new text). */
    public record Edit(int start, int end, String text, int caret) {
    }

    public enum Snippet {
        FIRST_ROWS("Select first rows"), COUNT_BY("Count by column");

        public final String label;

        Snippet(String label) {
            this.label = label;
        }
    }

    private static final String PLACEHOLDER = "table_name";

    private SqlSnippets() {
    }

    /** The snippet around the table name at the caret (letters, digits, _, $, dots and quoted parts), or around a placeholder. */
    public static Edit around(Snippet snippet, String text, int caret) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, caret - 1)) + 1;
        int lineEnd = text.indexOf('\n', caret) < 0 ? text.length() : text.indexOf('\n', caret);
        int start = caret;
        while (start > lineStart) {
            char c = text.charAt(start - 1);
            int open = c == '"' ? text.lastIndexOf('"', start - 2) : -1;
            if (bare(c)) {
                start--;
            } else if (open >= lineStart) {
                start = open;
            } else {
                break;
            }
        }
        int end = caret;
        while (end < lineEnd) {
            char c = text.charAt(end);
            int close = c == '"' ? text.indexOf('"', end + 1) : -1;
            if (bare(c)) {
                end++;
            } else if (close >= 0 && close < lineEnd) {
                end = close + 1;
            } else {
                break;
            }
        }
        String name = text.substring(start, end).strip();
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean named = !name.isEmpty() && !name.startsWith(".");
        String table = named ? name : PLACEHOLDER;
        return switch (snippet) {
            case FIRST_ROWS -> new Edit(start, end, "select * from " + table + " limit 100",
                    named ? ("select * from " + table + " limit 100").length() : "select * from ".length());
            case COUNT_BY -> new Edit(start, end, "select , count(*) as count from " + table
                    + " group by 1 order by 2 desc", "select ".length());
        };
    }

    private static boolean bare(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }
}
