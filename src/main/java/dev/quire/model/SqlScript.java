package dev.quire.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SQL text scanning that respects quotes, comments and dollar quotes: splitting a script into
 * statements, and turning {@code :name} parameters into positional {@code ?} markers.
 */
public final class SqlScript {

    /** A statement's text and where it stands in the script (end exclusive, before its semicolon). */
    public record Statement(String sql, int start, int end) {
    }

    public static List<Statement> split(String text) {
        List<Statement> statements = new ArrayList<>();
        int[] start = {0};
        forEachCode(text, i -> {
            if (text.charAt(i) == ';') {
                add(statements, text, start[0], i);
                start[0] = i + 1;
            }
        });
        add(statements, text, start[0], text.length());
        return statements;
    }

    /** The statement under the caret: the one containing it, else the nearest before it. */
    public static Statement at(String text, int caret) {
        Statement best = null;
        for (Statement statement : split(text)) {
            if (statement.start() <= caret) {
                best = statement;
            }
            if (caret <= statement.end() + 1 && caret >= statement.start()) {
                return statement;
            }
        }
        return best;
    }

    /**
     * The values a statement asks for: its distinct {@code :name} placeholders in order of first use
     * (named), or 1 to n for its {@code ?} marks (positional), outside quotes and comments.
     */
    public static List<String> parameterNames(String text, boolean positional) {
        if (positional) {
            List<String> numbers = new ArrayList<>();
            for (int i = 1; i <= positionalMarkers(text); i++) {
                numbers.add(Integer.toString(i));
            }
            return numbers;
        }
        return positional(text).names().stream().distinct().toList();
    }

    /** SQL with each :name placeholder replaced by ?, and the names in marker order. */
    public record Positional(String sql, List<String> names) {
    }

    /** Rewrites :name placeholders outside quotes and comments; {@code ::type} casts are left alone. */
    public static Positional positional(String text) {
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int next = skipIgnored(text, i);
            if (next > i) {
                // a quoted string or a comment, copied as it is
            } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
                next = i + 2;
            } else if (c == ':' && i + 1 < n && isNameChar(text.charAt(i + 1))
                    && (i == 0 || text.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < n && isNameChar(text.charAt(end))) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                sql.append('?');
                i = end;
                continue;
            } else {
                next = i + 1;
            }
            sql.append(text, i, next);
            i = next;
        }
        return new Positional(sql.toString(), List.copyOf(names));
    }

    /**
     * The text with a catalog's name left out where it begins a three-part name ({@code catalog.schema.table},
     * each part bare or quoted, the catalog in any case), outside quotes and comments.
     */
    public static String withoutCatalog(String text, String catalog) {
        StringBuilder sql = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            int next = skipIgnored(text, i);
            boolean nameStart = next == i ? isNameChar(text.charAt(i)) : text.charAt(i) == '"';
            if (nameStart && (i == 0 || !continuesName(text.charAt(i - 1)))) {
                int end = nameEnd(text, i);
                int second = afterDot(text, end);
                int third = second < 0 ? -1 : afterDot(text, nameEnd(text, second));
                if (third >= 0 && unquoted(text.substring(i, end)).equalsIgnoreCase(catalog)) {
                    i = second;
                    continue;
                }
                sql.append(text, i, end);
                i = end;
                continue;
            }
            if (next == i) {
                next = i + 1;
            }
            sql.append(text, i, next);
            i = next;
        }
        return sql.toString();
    }

    private static boolean continuesName(char c) {
        return isNameChar(c) || c == '.' || c == '"' || c == '$';
    }

    /** The end of the bare or quoted name at i; i when none starts there. */
    private static int nameEnd(String text, int i) {
        if (i >= text.length()) {
            return i;
        }
        if (text.charAt(i) == '"') {
            return skipQuoted(text, i, '"');
        }
        int end = i;
        while (end < text.length() && (isNameChar(text.charAt(end)) || text.charAt(end) == '$')) {
            end++;
        }
        return end;
    }

    /** Where the name after a dot at i (spaces allowed around it) starts; -1 when no dot and name follow. */
    private static int afterDot(String text, int i) {
        int at = i;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        if (at >= text.length() || text.charAt(at) != '.') {
            return -1;
        }
        at++;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() && nameEnd(text, at) > at ? at : -1;
    }

    private static String unquoted(String name) {
        return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    /** How many positional {@code ?} markers stand outside quotes and comments. */
    public static int positionalMarkers(String text) {
        int[] count = {0};
        forEachCode(text, i -> count[0] += text.charAt(i) == '?' ? 1 : 0);
        return count[0];
    }

    /** Calls the visitor with the index of each character that stands outside quotes and comments. */
    private static void forEachCode(String text, IntConsumer visitor) {
        int i = 0;
        while (i < text.length()) {
            int skipped = skipIgnored(text, i);
            if (skipped > i) {
                i = skipped;
            } else {
                visitor.accept(i);
                i++;
            }
        }
    }

    /**
     * A statement on one line for lists: without the comments before its first token, whitespace
     * runs as one space. A text of comments only is kept whole, so it still reads as something.
     */
    private static final java.util.regex.Pattern FROM_TABLE = java.util.regex.Pattern.compile(
            "(?is)^(?:with\\b.*?\\)\\s*)?select\\b.*?\\bfrom\\s+((?:\"[^\"]+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\w$]+))*)");

    /**
     * A short name for a statement's result: the table a query reads first ({@code trips} for
     * {@code select * from taxi.trips}), else its first words ({@code create table t …}), at most
     * about 30 characters.
     */
    public static String resultName(String sql) {
        String text = summary(sql);
        java.util.regex.Matcher from = FROM_TABLE.matcher(text);
        if (from.find()) {
            String[] parts = from.group(1).split("\\s*\\.\\s*");
            String table = parts[parts.length - 1];
            return table.startsWith("\"") ? table.substring(1, table.length() - 1) : table;
        }
        String[] words = text.split(" ");
        StringBuilder name = new StringBuilder();
        for (String word : words) {
            if (name.length() + word.length() > 28) {
                break;
            }
            name.append(name.isEmpty() ? "" : " ").append(word);
        }
        if (name.isEmpty()) {
            name.append(text, 0, Math.min(28, text.length()));
        }
        return name.length() < text.length() ? name + " …" : name.toString();
    }

    public static String summary(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        String rest = i < n ? sql.substring(i) : sql;
        return rest.strip().replaceAll("\\s+", " ");
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
    }

    private static void add(List<Statement> statements, String text, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        String sql = text.substring(start, end);
        if (!onlyComments(sql)) {
            statements.add(new Statement(sql, start, end));
        }
    }

    private static boolean onlyComments(String sql) {
        String rest = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        return rest.isBlank();
    }

    /**
     * The index just past the quoted string, quoted name, comment or dollar quote that starts at i;
     * i itself when none starts there.
     */
    private static int skipIgnored(String text, int i) {
        int n = text.length();
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            return skipQuoted(text, i, c);
        }
        if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
            int eol = text.indexOf('\n', i);
            return eol < 0 ? n : eol + 1;
        }
        if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
            int close = text.indexOf("*/", i + 2);
            return close < 0 ? n : close + 2;
        }
        if (c == '$') {
            int end = skipDollarQuoted(text, i);
            return end == i + 1 ? i : end;
        }
        return i;
    }

    private static int skipQuoted(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int skipDollarQuoted(String text, int open) {
        int close = text.indexOf('$', open + 1);
        if (close < 0) {
            return open + 1;
        }
        String tag = text.substring(open, close + 1);
        if (!tag.matches("\\$[A-Za-z_]*\\$")) {
            return open + 1;
        }
        int end = text.indexOf(tag, close + 1);
        return end < 0 ? text.length() : end + tag.length();
    }

    private SqlScript() {
    }
}
