package dev.quire.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light SQL formatter: keywords in lower case, each major clause on its own line, select lists
 * one item a line. Quoted text, identifiers and comments are left exactly as written.
 */
public final class SqlFormatter {

    private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group by", "order by", "having",
            "limit", "offset", "union", "union all", "intersect", "except", "values", "set", "with", "window",
            "insert into", "update", "delete from", "join", "left join", "right join", "full join", "inner join",
            "cross join", "left outer join", "right outer join", "full outer join", "on", "using");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<comment>--[^\\n]*|/\\*(?s:.*?)\\*/)|(?<string>'(?:[^']|'')*')|(?<ident>\"(?:[^\"]|\"\")*\")"
                    + "|(?<word>[A-Za-z_][A-Za-z0-9_$]*)|(?<space>\\s+)|(?<other>.)");
    private static final Pattern CLAUSE = Pattern.compile("(?i)\\b(group\\s+by|order\\s+by|union\\s+all|"
            + "insert\\s+into|delete\\s+from|(?:left|right|full)(?:\\s+outer)?\\s+join|inner\\s+join|cross\\s+join)\\b");

    public static String format(String sql) {
        StringBuilder out = new StringBuilder();
        for (SqlScript.Statement statement : SqlScript.split(sql)) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(formatOne(statement.sql())).append(';');
        }
        return out.append('\n').toString();
    }

    private static String formatOne(String sql) {
        String joined = CLAUSE.matcher(sql).replaceAll(m -> m.group(1).replaceAll("\\s+", "_"));
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN.matcher(joined);
        int depth = 0;
        boolean inSelect = false;
        while (m.find()) {
            if (m.group("space") != null) {
                appendSpace(out);
            } else if (m.group("word") != null) {
                String word = m.group("word");
                String lower = word.replace('_', ' ').toLowerCase(Locale.ROOT);
                if (depth == 0 && CLAUSES.contains(lower)) {
                    newLine(out);
                    out.append(word.contains("_") ? lower : word.toLowerCase(Locale.ROOT));
                    inSelect = lower.equals("select");
                    if (inSelect) {
                        out.append("\n    ");
                    }
                } else {
                    out.append(KEYWORDS.contains(word.toLowerCase(Locale.ROOT)) ? word.toLowerCase(Locale.ROOT) : word);
                }
            } else if (m.group("other") != null) {
                char c = m.group("other").charAt(0);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                if (c == ',' && depth == 0 && inSelect) {
                    trimEnd(out);
                    out.append(",\n    ");
                    continue;
                }
                out.append(c);
            } else {
                out.append(m.group());
            }
        }
        return out.toString().strip();
    }

    private static final Set<String> KEYWORDS = Set.of("as", "and", "or", "not", "in", "is", "null", "like",
            "ilike", "between", "case", "when", "then", "else", "end", "distinct", "all", "asc", "desc", "true",
            "false", "over", "partition", "by", "cast", "exists", "any", "some", "interval", "nulls", "first", "last");

    private static void appendSpace(StringBuilder out) {
        if (out.length() > 0 && !Character.isWhitespace(out.charAt(out.length() - 1))
                && out.charAt(out.length() - 1) != '(') {
            out.append(' ');
        }
    }

    private static void newLine(StringBuilder out) {
        trimEnd(out);
        if (out.length() > 0) {
            out.append('\n');
        }
    }

    private static void trimEnd(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }

    private SqlFormatter() {
    }
}
