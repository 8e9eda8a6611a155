package dev.quire.local.athena;

import dev.quire.model.SqlScript;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Athena's StatementType of a query: DML for queries and changes (SELECT, INSERT, CREATE TABLE AS
 * ...), DDL for what defines objects (CREATE, DROP, ALTER), UTILITY for the rest (SHOW, DESCRIBE,
 * EXPLAIN, SET ...).
 */
enum StatementKind {
    DDL, DML, UTILITY;

    private static final Set<String> DML_WORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "INSERT",
            "UPDATE", "DELETE", "MERGE", "UNLOAD", "PIVOT", "UNPIVOT");
    private static final Set<String> DDL_WORDS = Set.of("CREATE", "DROP", "ALTER", "COMMENT", "MSCK", "TRUNCATE",
            "ATTACH", "DETACH", "REFRESH");
    private static final Pattern CREATE_AS = Pattern.compile("(?is)CREATE\\s+(OR\\s+REPLACE\\s+)?"
            + "((TEMP|TEMPORARY)\\s+)?TABLE\\b.*?\\bAS\\s*(\\(|SELECT\\b|WITH\\b|VALUES\\b|FROM\\b|TABLE\\b).*");

    static StatementKind of(String sql) {
        String text = SqlScript.summary(sql);
        int start = 0;
        while (start < text.length() && (text.charAt(start) == '(' || Character.isWhitespace(text.charAt(start)))) {
            start++;
        }
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String word = text.substring(start, end).toUpperCase(Locale.ROOT);
        if (DML_WORDS.contains(word)) {
            return DML;
        }
        if (word.equals("CREATE") && CREATE_AS.matcher(text.substring(start)).matches()) {
            return DML;
        }
        return DDL_WORDS.contains(word) ? DDL : UTILITY;
    }

    /** The kind of statement Athena's SubstatementType names: the first words, upper case. */
    static String substatement(String sql) {
        String[] words = SqlScript.summary(sql).replaceAll("^[(\\s]+", "").split("[^A-Za-z]+", 3);
        String first = words.length > 0 ? words[0].toUpperCase(Locale.ROOT) : "";
        String second = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        return switch (first) {
            case "CREATE", "DROP", "ALTER", "SHOW", "DESCRIBE" -> second.isEmpty() ? first : first + "_" + second;
            default -> first;
        };
    }
}
