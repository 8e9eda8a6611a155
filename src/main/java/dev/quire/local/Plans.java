package dev.quire.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.SqlDialect;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EXPLAIN in each API's own form, from DuckDB's plan: on the Redshift API a plain {@code EXPLAIN}
 * answers Redshift's shape, one {@code QUERY PLAN} row per line, each step with its estimated rows
 * (DuckDB estimates no costs, so none are given); Dremio's {@code EXPLAIN PLAN FOR} and Athena's
 * {@code EXPLAIN (FORMAT JSON)} answer DuckDB's JSON plan.
 */
final class Plans {

    private static final Pattern REDSHIFT = Pattern.compile("(?is)\\s*explain\\s+(?:verbose\\s+)?(?!analyze\\b|\\()(.+)");
    private static final Pattern PLAN_FOR = Pattern.compile("(?is)\\s*explain\\s+plan\\s+for\\s+(.+)");

    private Plans() {
    }

    /** The statement a Redshift {@code EXPLAIN} asks about, if the text is one. */
    static Optional<String> redshiftExplained(String sql) {
        Matcher m = REDSHIFT.matcher(sql);
        return m.matches() && !PLAN_FOR.matcher(sql).matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Dremio's {@code EXPLAIN PLAN FOR x} as DuckDB's JSON plan of x; other text as it is. */
    static String dremioExplain(String sql) {
        Matcher m = PLAN_FOR.matcher(sql);
        return m.matches() ? "EXPLAIN (FORMAT JSON) " + m.group(1) : sql;
    }

    /** A query that answers the plan's lines as Redshift's one column {@code QUERY PLAN}. */
    static String redshiftRows(String duckJson) throws IOException {
        JsonNode plan = Json.MAPPER.readTree(duckJson);
        List<String> lines = new ArrayList<>();
        for (JsonNode root : plan.isArray() ? plan : List.of(plan)) {
            lines(root, 0, lines);
        }
        StringBuilder sql = new StringBuilder("select * from (values ");
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('(').append(SqlDialect.literal(lines.get(i))).append(')');
        }
        return sql.append(") as plan(\"QUERY PLAN\")").toString();
    }

    private static void lines(JsonNode node, int depth, List<String> out) {
        JsonNode extra = node.path("extra_info");
        String rows = extra.path("Estimated Cardinality").asText(null);
        String indent = depth == 0 ? "" : " ".repeat(6 * (depth - 1) + 2) + "->  ";
        out.add(indent + "XN " + title(node) + (rows == null ? "" : "  (rows=" + rows + ")"));
        String detail = " ".repeat(depth == 0 ? 2 : 6 * depth + 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!List.of("Estimated Cardinality", "Table", "Type").contains(field.getKey())) {
                out.add(detail + field.getKey() + ": " + text(field.getValue()));
            }
        }
        for (JsonNode child : node.path("children")) {
            lines(child, depth + 1, out);
        }
    }

    /** DuckDB's operator name as words ("Seq Scan on trips", "Hash Group By"). */
    private static String title(JsonNode node) {
        StringBuilder words = new StringBuilder();
        for (String word : node.path("name").asText("STEP").toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                words.append(words.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        String table = node.path("extra_info").path("Table").asText(null);
        if (table != null) {
            words.append(" on ").append(table.substring(table.lastIndexOf('.') + 1));
        }
        return words.toString();
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return String.join(", ", parts);
        }
        return value.asText().replace('\n', ' ');
    }
}
