package dev.quire.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement's plan as a tree of steps, each with the rows and cost the backend estimates (null
 * where it gives none) and its details, read from whatever form the backend's EXPLAIN answers:
 * Redshift's (PostgreSQL's) indented text, a JSON plan (Athena's Trino or the local engine's
 * DuckDB), or Dremio's numbered text.
 */
public record QueryPlan(List<Step> roots) {

    /** One step of a plan. */
    public record Step(String name, String rows, String cost, List<String> details, List<Step> children) {

        public Step {
            details = List.copyOf(details);
            children = List.copyOf(children);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PG_ESTIMATE = Pattern.compile(
            "\\s*\\((?:cost=(\\S+?)\\s*)?(?:rows=(\\d+))?(?:\\s*width=\\d+)?\\)\\s*$");
    private static final Pattern DREMIO = Pattern.compile("(\\d+-\\d+)(\\s+)(.*)");
    private static final Pattern DREMIO_ROWS = Pattern.compile("rowcount = ([0-9.Ee+-]+)");
    private static final Pattern DREMIO_COST = Pattern.compile("cumulative cost = \\{([^}]*)}");

    public QueryPlan {
        roots = List.copyOf(roots);
    }

    /**
     * Reads the rows an EXPLAIN answered: a JSON cell anywhere, else the first column's lines.
     * Fails with IllegalArgumentException when there is no plan in them.
     */
    public static QueryPlan parse(List<Object[]> rows) {
        for (Object[] row : rows) {
            for (Object cell : row) {
                String text = cell == null ? "" : cell.toString().strip();
                if (text.startsWith("[") || text.startsWith("{")) {
                    return json(text);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (Object[] row : rows) {
            if (row.length > 0 && row[0] != null) {
                lines.addAll(row[0].toString().lines().toList());
            }
        }
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The EXPLAIN answered no plan.");
        }
        return DREMIO.matcher(lines.get(0)).matches() ? dremio(lines) : indented(lines);
    }

    private static QueryPlan json(String text) {
        JsonNode plan;
        try {
            plan = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The plan is not JSON: " + e.getOriginalMessage(), e);
        }
        List<Step> roots = new ArrayList<>();
        if (plan.isArray()) {
            plan.forEach(node -> roots.add(jsonStep(node)));
        } else if (plan.has("name")) {
            roots.add(jsonStep(plan));
        } else {
            // Trino's distributed plan: one tree per fragment
            plan.fields().forEachRemaining(fragment -> roots.add(new Step("Fragment " + fragment.getKey(), null, null,
                    List.of(), List.of(jsonStep(fragment.getValue())))));
        }
        return new QueryPlan(roots);
    }

    private static Step jsonStep(JsonNode node) {
        List<String> details = new ArrayList<>();
        String rows = null;
        String cost = null;
        JsonNode extra = node.path("extra_info");
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("Estimated Cardinality")) {
                rows = field.getValue().asText();
            } else {
                details.add(field.getKey() + ": " + flat(field.getValue()));
            }
        }
        JsonNode estimate = node.path("estimates").path(0);
        if (!estimate.isMissingNode()) {
            rows = number(estimate.path("outputRowCount"));
            String cpu = number(estimate.path("cpuCost"));
            cost = cpu == null ? null : "cpu " + cpu;
        }
        node.path("descriptor").fields().forEachRemaining(field -> details.add(field.getKey() + ": "
                + flat(field.getValue())));
        node.path("details").forEach(detail -> details.add(detail.asText()));
        List<Step> children = new ArrayList<>();
        node.path("children").forEach(child -> children.add(jsonStep(child)));
        return new Step(node.path("name").asText("step"), rows, cost, details, children);
    }

    /** A JSON estimate: NaN and infinities (Trino's "unknown") as none. */
    private static String number(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        double n = value.asDouble(Double.NaN);
        if (Double.isNaN(n) || Double.isInfinite(n)) {
            return null;
        }
        return n == Math.rint(n) && Math.abs(n) < 1e15 ? String.format(java.util.Locale.ROOT, "%,d", (long) n)
                : String.valueOf(n);
    }

    private static String flat(JsonNode value) {
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
            return String.join(", ", parts);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** PostgreSQL's form, as Redshift writes it: the first line and each "->" line a step, deeper by indent. */
    private static QueryPlan indented(List<String> lines) {
        List<Step> roots = new ArrayList<>();
        List<Builder> open = new ArrayList<>();
        for (String line : lines) {
            int indent = line.length() - line.stripLeading().length();
            String text = line.strip();
            boolean step = open.isEmpty() || text.startsWith("->");
            if (step) {
                String body = text.startsWith("->") ? text.substring(2).strip() : text;
                int depth = text.startsWith("->") ? indent + 2 : indent;
                while (!open.isEmpty() && open.get(open.size() - 1).depth >= depth) {
                    close(open, roots);
                }
                open.add(new Builder(body, depth));
            } else {
                while (open.size() > 1 && open.get(open.size() - 1).depth >= indent + 2) {
                    close(open, roots);
                }
                open.get(open.size() - 1).details.add(text);
            }
        }
        while (!open.isEmpty()) {
            close(open, roots);
        }
        return new QueryPlan(roots);
    }

    /** Dremio's form: "00-01      Project(...) : rowType = ...: rowcount = 1.0, cumulative cost = {...}, id = 7". */
    private static QueryPlan dremio(List<String> lines) {
        List<Step> roots = new ArrayList<>();
        List<Builder> open = new ArrayList<>();
        for (String line : lines) {
            Matcher m = DREMIO.matcher(line);
            if (!m.matches()) {
                if (!open.isEmpty()) {
                    open.get(open.size() - 1).details.add(line.strip());
                }
                continue;
            }
            int depth = m.group(2).length();
            String text = m.group(3);
            while (!open.isEmpty() && open.get(open.size() - 1).depth >= depth) {
                close(open, roots);
            }
            int colon = text.indexOf(" : ");
            Builder step = new Builder(colon < 0 ? text : text.substring(0, colon), depth);
            Matcher rows = DREMIO_ROWS.matcher(text);
            Matcher cost = DREMIO_COST.matcher(text);
            step.rows = rows.find() ? rows.group(1) : null;
            step.cost = cost.find() ? cost.group(1) : null;
            step.details.add(m.group(1));
            open.add(step);
        }
        while (!open.isEmpty()) {
            close(open, roots);
        }
        return new QueryPlan(roots);
    }

    private static void close(List<Builder> open, List<Step> roots) {
        Step done = open.remove(open.size() - 1).build();
        if (open.isEmpty()) {
            roots.add(done);
        } else {
            open.get(open.size() - 1).children.add(done);
        }
    }

    private static final class Builder {
        final int depth;
        final List<String> details = new ArrayList<>();
        final List<Step> children = new ArrayList<>();
        String name;
        String rows;
        String cost;

        Builder(String text, int depth) {
            this.depth = depth;
            Matcher estimate = PG_ESTIMATE.matcher(text);
            if (estimate.find() && (estimate.group(1) != null || estimate.group(2) != null)) {
                name = text.substring(0, estimate.start()).strip();
                cost = estimate.group(1);
                rows = estimate.group(2);
            } else {
                name = text;
            }
        }

        Step build() {
            return new Step(name, rows, cost, details, children);
        }
    }
}
