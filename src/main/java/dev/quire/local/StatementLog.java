package dev.quire.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Keeps every statement as an owner-only JSON file, so statements and results survive a restart.
 * A record is replaced atomically; a durable save is on disk before it returns.
 */
final class StatementLog {

    private static final System.Logger LOG = System.getLogger(StatementLog.class.getName());

    private final Path dir;
    private volatile Predicate<StatementSnapshot> failing = s -> false;

    StatementLog(Path dir) throws IOException {
        this.dir = OwnerOnlyFiles.directory(dir);
    }

    /** For tests: the records the predicate accepts fail to be written, as on a full disk. */
    void failWhen(Predicate<StatementSnapshot> failing) {
        this.failing = failing;
    }

    void save(StatementSnapshot statement, boolean durable) {
        try {
            if (failing.test(statement)) {
                throw new IOException("No space left on device");
            }
            byte[] json = Json.object(out -> write(out, statement));
            if (durable) {
                OwnerOnlyFiles.writeDurably(file(statement.id()), out -> out.write(json));
            } else {
                OwnerOnlyFiles.write(file(statement.id()), json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not record statement " + statement.id(), e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every recorded statement; unreadable files are reported and skipped, half-written ones removed. */
    List<StatementSnapshot> loadAll() throws IOException {
        List<StatementSnapshot> statements = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().endsWith(".json.tmp")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                if (!file.getFileName().toString().endsWith(".json")) {
                    continue;
                }
                try {
                    statements.add(read(Json.MAPPER.readTree(file.toFile())));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable statement record " + file, e);
                }
            }
        }
        return statements;
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    private static void write(JsonGenerator out, StatementSnapshot s) throws IOException {
        Submission r = s.request();
        out.writeStringField("id", s.id());
        out.writeStringField("owner", r.owner());
        out.writeArrayFieldStart("sqls");
        for (String sql : r.sqls()) {
            out.writeString(sql);
        }
        out.writeEndArray();
        out.writeBooleanField("batch", r.batch());
        out.writeArrayFieldStart("parameters");
        for (Submission.Parameter p : r.parameters()) {
            out.writeStartObject();
            out.writeStringField("name", p.name());
            out.writeStringField("value", p.value());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeStringField("statementName", r.statementName());
        out.writeStringField("clientToken", r.clientToken());
        out.writeStringField("resultFormat", r.resultFormat().name());
        out.writeStringField("executionMode", r.executionMode().name());
        if (r.sessionKeepAliveSeconds() != null) {
            out.writeNumberField("sessionKeepAliveSeconds", r.sessionKeepAliveSeconds());
        }
        out.writeStringField("requestedSessionId", r.sessionId());
        Submission.Target t = r.target();
        out.writeStringField("database", t.database());
        out.writeStringField("workgroupName", t.workgroupName());
        out.writeStringField("clusterIdentifier", t.clusterIdentifier());
        out.writeStringField("dbUser", t.dbUser());
        out.writeStringField("secretArn", t.secretArn());
        if (t.schema() != null) {
            out.writeStringField("schema", t.schema());
        }
        if (t.catalog() != null) {
            out.writeStringField("catalog", t.catalog());
        }
        if (t.catalogAlias() != null) {
            out.writeStringField("catalogAlias", t.catalogAlias());
        }
        out.writeStringField("parameterStyle", r.parameterStyle().name());
        if (!r.attributes().isEmpty()) {
            out.writeObjectFieldStart("attributes");
            for (var attribute : r.attributes().entrySet()) {
                out.writeStringField(attribute.getKey(), attribute.getValue());
            }
            out.writeEndObject();
        }
        if (r.retention() != null) {
            out.writeNumberField("retentionSeconds", r.retention().toSeconds());
        }
        if (r.resultRetention() != null) {
            out.writeNumberField("resultRetentionSeconds", r.resultRetention().toSeconds());
        }
        writeState(out, s);
        out.writeArrayFieldStart("subStatements");
        for (StatementSnapshot sub : s.subStatements()) {
            out.writeStartObject();
            out.writeStringField("id", sub.id());
            writeState(out, sub);
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeState(JsonGenerator out, StatementSnapshot s) throws IOException {
        out.writeStringField("sql", s.sql());
        out.writeStringField("status", s.status().name());
        out.writeStringField("error", s.error());
        out.writeStringField("createdAt", s.createdAt().toString());
        out.writeStringField("updatedAt", s.updatedAt().toString());
        out.writeNumberField("durationNanos", s.durationNanos());
        out.writeNumberField("resultRows", s.resultRows());
        out.writeNumberField("resultSize", s.resultSize());
        out.writeNumberField("rowBytes", s.rowBytes());
        out.writeBooleanField("hasResultSet", s.hasResultSet());
        out.writeStringField("sessionId", s.sessionId());
        out.writeNumberField("queryId", s.queryId());
        out.writeArrayFieldStart("columns");
        for (ResultColumn column : s.columns()) {
            out.writeStartObject();
            out.writeStringField("name", column.name());
            out.writeStringField("type", column.type());
            out.writeNumberField("precision", column.precision());
            out.writeNumberField("scale", column.scale());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static StatementSnapshot read(JsonNode node) {
        List<String> sqls = new ArrayList<>();
        node.path("sqls").forEach(sql -> sqls.add(sql.asText()));
        List<Submission.Parameter> parameters = new ArrayList<>();
        node.path("parameters").forEach(p -> parameters.add(
                new Submission.Parameter(text(p, "name"), p.path("value").asText())));
        Map<String, String> attributes = new TreeMap<>();
        node.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        Duration retention = seconds(node, "retentionSeconds");
        Duration resultRetention = seconds(node, "resultRetentionSeconds");
        Submission request = new Submission(node.path("owner").asText(), sqls, node.path("batch").asBoolean(),
                parameters, text(node, "statementName"), text(node, "clientToken"),
                Submission.ResultFormat.valueOf(node.path("resultFormat").asText("JSON")),
                Submission.ExecutionMode.valueOf(node.path("executionMode").asText("TRANSACTION")),
                node.hasNonNull("sessionKeepAliveSeconds") ? node.get("sessionKeepAliveSeconds").asInt() : null,
                text(node, "requestedSessionId"),
                new Submission.Target(text(node, "database"), text(node, "workgroupName"),
                        text(node, "clusterIdentifier"), text(node, "dbUser"), text(node, "secretArn"),
                        text(node, "schema"), text(node, "catalog"), text(node, "catalogAlias")),
                Submission.ParameterStyle.valueOf(node.path("parameterStyle").asText("NAMED")), attributes,
                retention, resultRetention);
        List<StatementSnapshot> subs = new ArrayList<>();
        node.path("subStatements").forEach(sub -> subs.add(readState(sub, request, List.of())));
        return readState(node, request, subs);
    }

    private static StatementSnapshot readState(JsonNode node, Submission request, List<StatementSnapshot> subs) {
        List<ResultColumn> columns = new ArrayList<>();
        node.path("columns").forEach(c -> columns.add(new ResultColumn(c.path("name").asText(),
                c.path("type").asText("VARCHAR"), c.path("precision").asInt(), c.path("scale").asInt())));
        return new StatementSnapshot(node.path("id").asText(), request, text(node, "sql"),
                Phase.parse(node.path("status").asText()), text(node, "error"),
                Instant.parse(node.path("createdAt").asText()), Instant.parse(node.path("updatedAt").asText()),
                node.path("durationNanos").asLong(-1), node.path("resultRows").asLong(-1),
                node.path("resultSize").asLong(-1), node.path("rowBytes").asLong(-1),
                node.path("hasResultSet").asBoolean(),
                columns, text(node, "sessionId"), node.path("queryId").asLong(),
                subs);
    }

    private static Duration seconds(JsonNode node, String name) {
        return node.hasNonNull(name) ? Duration.ofSeconds(node.get(name).asLong()) : null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
