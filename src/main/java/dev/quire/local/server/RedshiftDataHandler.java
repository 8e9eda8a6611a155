package dev.quire.local.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.ResultPageBytes;
import dev.quire.local.StatementSnapshot;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.ErrorShape;
import dev.quire.protocol.redshift.Json;
import dev.quire.protocol.redshift.RedshiftData;
import dev.quire.protocol.redshift.RedshiftData.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Answers the Redshift Data API actions from the local engine. */
final class RedshiftDataHandler {

    static final String WORKGROUP = "local";
    private static final int MAX_SQL_BYTES = 100 * 1024;

    private final LocalEngine engine;

    RedshiftDataHandler(LocalEngine engine) {
        this.engine = engine;
    }

    Reply handle(Action action, JsonNode body) {
        try {
            Members members = new Members(body);
            return switch (action) {
                case ExecuteStatement -> execute(members);
                case DescribeStatement -> describe(members);
                case GetStatementResult -> result(members);
                case CancelStatement -> cancel(members);
                case ListDatabases, ListSchemas, ListTables, DescribeTable ->
                        new CatalogActions(engine).handle(action, members);
                default -> throw new ApiError("UnknownOperationException", 400,
                        "The operation " + action.name() + " is not supported by this server yet.", Map.of());
            };
        } catch (EngineException e) {
            throw map(e);
        }
    }

    private Reply execute(Members in) {
        String sql = in.requiredString("Sql", 1, Integer.MAX_VALUE, null);
        if (sql.getBytes(StandardCharsets.UTF_8).length > MAX_SQL_BYTES) {
            throw ApiError.validation("Cannot process query string larger than 100kB");
        }
        String name = in.optionalString("StatementName", 0, 2048, null);
        StatementSnapshot statement = engine.submit(sql, name);
        return json(Json.object(out -> {
            out.writeStringField("Id", statement.id());
            writeTime(out, "CreatedAt", statement.createdAt());
            out.writeStringField("Database", LocalEngine.DATABASE);
            out.writeStringField("WorkgroupName", WORKGROUP);
            out.writeArrayFieldStart("DbGroups");
            out.writeEndArray();
        }));
    }

    private Reply describe(Members in) {
        StatementSnapshot s = engine.describe(statementId(in));
        return json(Json.object(out -> {
            out.writeStringField("Id", s.id());
            out.writeStringField("Status", s.status().name());
            out.writeStringField("QueryString", s.sql());
            writeTime(out, "CreatedAt", s.createdAt());
            writeTime(out, "UpdatedAt", s.updatedAt());
            out.writeNumberField("Duration", s.durationNanos());
            out.writeNumberField("ResultRows", s.resultRows());
            out.writeNumberField("ResultSize", s.resultSize());
            out.writeBooleanField("HasResultSet", s.hasResultSet());
            out.writeStringField("Database", LocalEngine.DATABASE);
            out.writeStringField("WorkgroupName", WORKGROUP);
            out.writeNumberField("RedshiftPid", ProcessHandle.current().pid());
            out.writeStringField("ResultFormat", "JSON");
            if (s.error() != null) {
                out.writeStringField("Error", s.error());
            }
        }));
    }

    private Reply result(Members in) {
        String id = statementId(in);
        String token = in.optionalString("NextToken", 0, 4096, null);
        int page = token == null || token.isEmpty() ? 0 : pageOf(token, id);
        ResultPageBytes bytes = engine.page(id, page);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.records().length + 1024);
        try {
            buffer.write("{\"Records\":[".getBytes(StandardCharsets.US_ASCII));
            buffer.write(bytes.records());
            buffer.write(']');
            try (JsonGenerator out = Json.FACTORY.createGenerator(buffer)) {
                out.writeRaw(",\"ColumnMetadata\":");
                out.writeStartArray();
                for (ColumnMetadata column : bytes.columns()) {
                    column.write(out);
                }
                out.writeEndArray();
                out.writeRaw(",\"TotalNumRows\":" + bytes.totalRows());
                if (bytes.nextPage() >= 0) {
                    out.writeRaw(",\"NextToken\":\"" + tokenOf(id, bytes.nextPage()) + "\"");
                }
                out.writeRaw('}');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reply(200, RedshiftData.CONTENT_TYPE, buffer.toByteArray());
    }

    private Reply cancel(Members in) {
        boolean cancelled = engine.cancel(statementId(in));
        return json(Json.object(out -> out.writeBooleanField("Status", cancelled)));
    }

    private static String statementId(Members in) {
        return in.requiredString("Id", 1, 128, RedshiftData.STATEMENT_ID);
    }

    static String tokenOf(String id, int page) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((id + "#" + page).getBytes(StandardCharsets.UTF_8));
    }

    static int pageOf(String token, String id) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int hash = decoded.lastIndexOf('#');
            if (hash > 0 && decoded.substring(0, hash).equals(id)) {
                return Integer.parseInt(decoded.substring(hash + 1));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.validation("Invalid NextToken.");
        }
        throw ApiError.validation("Invalid NextToken.");
    }

    static ApiError map(EngineException e) {
        return switch (e.kind()) {
            case VALIDATION -> ApiError.validation(e.getMessage());
            case NOT_FOUND -> new ApiError("ResourceNotFoundException", 400, e.getMessage(),
                    Map.of("ResourceId", e.resourceId() == null ? "" : e.resourceId()));
            case ACTIVE_STATEMENTS_EXCEEDED -> new ApiError("ActiveStatementsExceededException", 400,
                    e.getMessage(), Map.of());
            case INTERNAL -> new ApiError("InternalServerException", 500, e.getMessage(), Map.of());
        };
    }

    static byte[] errorBody(ApiError error) {
        return ErrorShape.encode(error.code(), error.getMessage(), error.members());
    }

    private static Reply json(byte[] body) {
        return new Reply(200, RedshiftData.CONTENT_TYPE, body);
    }

    private static void writeTime(JsonGenerator out, String name, Instant time) throws IOException {
        out.writeFieldName(name);
        out.writeNumber(time.getEpochSecond() + time.getNano() / 1_000_000 / 1000.0);
    }

}
