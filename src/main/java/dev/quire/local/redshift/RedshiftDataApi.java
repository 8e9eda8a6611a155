package dev.quire.local.redshift;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.Phase;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission;
import dev.quire.local.Submission.ResultFormat;
import dev.quire.local.http.ApiError;
import dev.quire.local.http.AwsJsonApi;
import dev.quire.local.http.Members;
import dev.quire.local.http.Reply;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.AwsJson;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.RedshiftData;
import dev.quire.protocol.redshift.RedshiftData.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The Redshift dialect: answers the Redshift Data API's actions from the local engine for the caller
 * who signed the request, with Redshift's state names, error wording, type names and pages.
 */
public final class RedshiftDataApi implements AwsJsonApi, AutoCloseable {

    static final String WORKGROUP = "local";
    static final int MAX_SQL_BYTES = 100 * 1024;
    static final int MAX_WAITING_REQUESTS = 32;
    private static final Pattern SESSION_ID = Pattern.compile("[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}");
    private static final int DEFAULT_LIST_STATEMENTS = 100;

    /** The statuses ListStatements filters by. */
    enum StatusFilter { SUBMITTED, PICKED, STARTED, FINISHED, ABORTED, FAILED, ALL }

    private final LocalEngine engine;
    private final CatalogActions catalog;
    private final RedshiftPages pages;
    private final AtomicInteger waiting = new AtomicInteger();
    private final long pid = ProcessHandle.current().pid();

    public RedshiftDataApi(LocalEngine engine) {
        this.engine = engine;
        this.catalog = new CatalogActions(engine);
        this.pages = new RedshiftPages(engine, engine.options().pageBytes());
        engine.onEnded(pages::finished);
    }

    @Override
    public String targetPrefix() {
        return RedshiftData.TARGET_PREFIX + ".";
    }

    @Override
    public String signingName() {
        return RedshiftData.SIGNING_NAME;
    }

    @Override
    public String contentType() {
        return RedshiftData.CONTENT_TYPE;
    }

    @Override
    public Reply handle(String operation, JsonNode body, String caller) {
        Action action = RedshiftData.Action.fromTarget(targetPrefix() + operation)
                .orElseThrow(() -> new ApiError("UnknownOperationException", 400,
                        "Unknown operation " + targetPrefix() + operation + ".", Map.of()));
        try {
            Members members = new Members(body);
            return switch (action) {
                case ExecuteStatement -> execute(members, caller, false);
                case BatchExecuteStatement -> execute(members, caller, true);
                case DescribeStatement -> describe(members, caller);
                case GetStatementResult -> result(members, caller, ResultFormat.JSON);
                case GetStatementResultV2 -> result(members, caller, ResultFormat.CSV);
                case CancelStatement -> cancel(members, caller);
                case ListStatements -> listStatements(members, caller);
                case ListDatabases, ListSchemas, ListTables, DescribeTable -> {
                    target(members, false);
                    yield catalog.handle(action, members);
                }
            };
        } catch (EngineException e) {
            throw map(e);
        }
    }

    private Reply execute(Members in, String caller, boolean batch) {
        List<String> sqls = batch ? in.requiredStrings("Sqls", 1, 40, Integer.MAX_VALUE)
                : List.of(in.requiredString("Sql", 1, Integer.MAX_VALUE, null));
        long bytes = sqls.stream().mapToLong(RedshiftDataApi::utf8Length).sum();
        if (bytes > MAX_SQL_BYTES) {
            throw ApiError.validation("Cannot process query string larger than 100kB");
        }
        String sessionId = in.optionalString("SessionId", 36, 36, SESSION_ID);
        Submission.Target target = target(in, sessionId != null);
        Integer keepAlive = in.optionalInt("SessionKeepAliveSeconds", 0, 86400);
        Integer wait = in.optionalInt("WaitTimeSeconds", 0, 30);
        in.optionalBoolean("WithEvent");
        List<Submission.Parameter> parameters = in.parameters();
        long withParameters = bytes + parameters.stream()
                .mapToLong(p -> utf8Length(p.name()) + utf8Length(p.value())).sum();
        if (withParameters > MAX_SQL_BYTES) {
            throw ApiError.validation("Cannot process query string larger than 100kB: the SQL and its parameters"
                    + " (names and values) count together.");
        }
        Submission request = new Submission(caller, sqls, batch, parameters,
                in.optionalString("StatementName", 0, 500, null), in.optionalString("ClientToken", 1, 64, null),
                in.optionalEnum("ResultFormat", ResultFormat.class),
                batch ? in.optionalEnum("ExecutionMode", Submission.ExecutionMode.class) : null,
                keepAlive, sessionId, target);
        StatementSnapshot submitted = engine.submit(request);
        StatementSnapshot s = wait == null || wait == 0 ? submitted
                : waitFor(() -> engine.await(caller, submitted.id(), Duration.ofSeconds(wait)));
        return json(Json.object(out -> {
            out.writeStringField("Id", s.id());
            writeTime(out, "CreatedAt", s.createdAt());
            writeTarget(out, s.request().target());
            out.writeArrayFieldStart("DbGroups");
            out.writeEndArray();
            writeIfSet(out, "SessionId", s.sessionId());
            if (wait != null && wait > 0) {
                out.writeStringField("Status", status(s.status()));
                out.writeBooleanField("HasResultSet", s.hasResultSet());
                out.writeNumberField("RedshiftPid", pid);
            }
        }));
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The connection members: the one local workgroup and database; clusters do not exist here. */
    private static Submission.Target target(Members in, boolean inSession) {
        String workgroup = in.optionalString("WorkgroupName", 3, 128, null);
        String cluster = in.optionalString("ClusterIdentifier", 1, 63, null);
        String database = in.optionalString("Database", 1, 127, null);
        String dbUser = in.optionalString("DbUser", 1, 128, null);
        String secretArn = in.optionalString("SecretArn", 1, 2048, null);
        if (workgroup != null && cluster != null) {
            throw ApiError.validation("Only one of ClusterIdentifier or WorkgroupName can be specified.");
        }
        if (!inSession && workgroup == null && cluster == null) {
            throw ApiError.validation("Either ClusterIdentifier or WorkgroupName needs to be specified.");
        }
        if (cluster != null) {
            throw new ApiError("ResourceNotFoundException", 400, "Cluster " + cluster + " not found.",
                    Map.of("ResourceId", cluster));
        }
        if (workgroup != null && !workgroup.equals(WORKGROUP)) {
            throw new ApiError("ResourceNotFoundException", 400, "Workgroup " + workgroup + " not found.",
                    Map.of("ResourceId", workgroup));
        }
        if (!inSession && database == null) {
            throw ApiError.validation("A database name (Database) is required when connecting with temporary credentials.");
        }
        return new Submission.Target(database, workgroup, cluster, dbUser, secretArn);
    }

    private Reply describe(Members in, String caller) {
        String id = statementId(in);
        Integer wait = in.optionalInt("WaitTimeSeconds", 0, 30);
        StatementSnapshot s = wait == null || wait == 0 ? engine.describe(caller, id)
                : waitFor(() -> engine.await(caller, id, Duration.ofSeconds(wait)));
        return json(Json.object(out -> {
            out.writeStringField("Id", s.id());
            out.writeStringField("Status", status(s.status()));
            out.writeStringField("QueryString", s.sql());
            writeTime(out, "CreatedAt", s.createdAt());
            writeTime(out, "UpdatedAt", s.updatedAt());
            out.writeNumberField("Duration", s.durationNanos());
            out.writeNumberField("ResultRows", s.resultRows());
            out.writeNumberField("ResultSize", s.resultSize());
            out.writeBooleanField("HasResultSet", s.hasResultSet());
            out.writeNumberField("RedshiftPid", pid);
            out.writeNumberField("RedshiftQueryId", s.queryId());
            writeTarget(out, s.request().target());
            out.writeStringField("ResultFormat", s.request().resultFormat().name());
            writeIfSet(out, "SessionId", s.sessionId());
            writeIfSet(out, "Error", s.error());
            writeParameters(out, s.request().parameters());
            if (s.isBatch() && !s.subStatements().isEmpty()) {
                out.writeStringField("ExecutionMode", s.request().executionMode().name());
                out.writeArrayFieldStart("SubStatements");
                for (StatementSnapshot sub : s.subStatements()) {
                    out.writeStartObject();
                    out.writeStringField("Id", sub.id());
                    out.writeStringField("Status", status(sub.status()));
                    out.writeStringField("QueryString", sub.sql());
                    writeTime(out, "CreatedAt", sub.createdAt());
                    writeTime(out, "UpdatedAt", sub.updatedAt());
                    out.writeNumberField("Duration", sub.durationNanos());
                    out.writeNumberField("ResultRows", sub.resultRows());
                    out.writeNumberField("ResultSize", sub.resultSize());
                    out.writeBooleanField("HasResultSet", sub.hasResultSet());
                    out.writeNumberField("RedshiftQueryId", sub.queryId());
                    writeIfSet(out, "Error", sub.error());
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
        }));
    }

    private Reply result(Members in, String caller, ResultFormat format) {
        String id = statementId(in);
        String token = in.optionalString("NextToken", 0, 4096, null);
        Integer wait = in.optionalInt("WaitTimeSeconds", 0, 30);
        long from = token == null || token.isEmpty() ? 0 : rowOf(token, id);
        StatementSnapshot statement;
        if (wait != null && wait > 0) {
            statement = waitFor(() -> engine.await(caller, id, Duration.ofSeconds(wait)));
            if (!statement.isFinal()) {
                throw new ApiError("QueryTimeoutException", 400, "The statement did not finish within "
                        + wait + " seconds. Current status: " + status(statement.status()), Map.of());
            }
        } else {
            statement = engine.describe(caller, id);
        }
        checkResult(statement, id, format);
        if (from < 0 || from >= Math.max(1, statement.resultRows())) {
            throw ApiError.validation("Invalid NextToken.");
        }
        return pages.withPage(caller, statement, from, format, page -> reply(page, statement, id, format));
    }

    /** GetStatementResult's answer around one page. */
    private static Reply reply(RedshiftPages.Page page, StatementSnapshot statement, String id, ResultFormat format) {
        boolean json = format == ResultFormat.JSON;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512 + 384 * page.columns().size()
                + (json ? 0 : page.length() + page.length() / 8));
        try {
            try (JsonGenerator out = Json.FACTORY.createGenerator(buffer)) {
                if (format == ResultFormat.CSV) {
                    out.writeRaw("{\"Records\":[{\"CSVRecords\":");
                    out.writeString(new String(page.records(), StandardCharsets.UTF_8));
                    out.writeRaw("}],\"ResultFormat\":\"CSV\"");
                }
                out.writeRaw(",\"ColumnMetadata\":");
                out.writeStartArray();
                for (ColumnMetadata column : page.columns()) {
                    column.write(out);
                }
                out.writeEndArray();
                out.writeRaw(",\"TotalNumRows\":" + statement.resultRows());
                if (page.nextRow() >= 0) {
                    out.writeRaw(",\"NextToken\":\"" + tokenOf(id, page.nextRow()) + "\"");
                }
                out.writeRaw('}');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!json) {
            return new Reply(200, RedshiftData.CONTENT_TYPE, buffer.toByteArray());
        }
        // the records go straight from the page's buffer into the answer: one copy of the page
        byte[] head = RECORDS_HEAD;
        byte[] body = new byte[head.length + page.length() + 1 + buffer.size()];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(page.buffer(), 0, body, head.length, page.length());
        body[head.length + page.length()] = ']';
        byte[] tail = buffer.toByteArray();
        System.arraycopy(tail, 0, body, head.length + page.length() + 1, tail.length);
        return new Reply(200, RedshiftData.CONTENT_TYPE, body);
    }

    private static final byte[] RECORDS_HEAD = "{\"Records\":[".getBytes(StandardCharsets.US_ASCII);

    /** Refuses, in Redshift's words, to read a result that is not there to read. */
    private static void checkResult(StatementSnapshot statement, String id, ResultFormat format) {
        if (statement.isBatch() && !id.contains(":")) {
            throw ApiError.validation("Statement " + id + " is a batch: get the result of one of its "
                    + "sub-statements, " + id + ":1 to " + id + ":" + statement.subStatements().size() + ".");
        }
        if (statement.status() != Phase.FINISHED) {
            throw ApiError.validation("Query does not have result. Please check query status with "
                    + "DescribeStatement. Current status: " + status(statement.status()));
        }
        if (!statement.hasResultSet()) {
            throw ApiError.validation("Query does not have result. Please check query status with "
                    + "DescribeStatement.");
        }
        if (statement.request().resultFormat() != format) {
            throw ApiError.validation(format == ResultFormat.JSON
                    ? "The statement's result format is CSV: use GetStatementResultV2."
                    : "The statement's result format is JSON: use GetStatementResult.");
        }
    }

    /** Redshift's name for an engine phase. */
    static String status(Phase phase) {
        return switch (phase) {
            case QUEUED -> "SUBMITTED";
            case PICKED -> "PICKED";
            case RUNNING -> "STARTED";
            case FINISHED -> "FINISHED";
            case FAILED -> "FAILED";
            case CANCELLED -> "ABORTED";
        };
    }

    private Reply cancel(Members in, String caller) {
        boolean cancelled = engine.cancel(caller, statementId(in));
        return json(Json.object(out -> out.writeBooleanField("Status", cancelled)));
    }

    private Reply listStatements(Members in, String caller) {
        Integer max = in.optionalInt("MaxResults", 0, 100);
        int limit = max == null || max == 0 ? DEFAULT_LIST_STATEMENTS : max;
        String token = in.optionalString("NextToken", 0, 4096, null);
        String name = in.optionalString("StatementName", 0, 500, null);
        StatusFilter status = in.optionalEnum("Status", StatusFilter.class);
        StatusFilter wanted = status == null ? StatusFilter.FINISHED : status;
        in.optionalBoolean("RoleLevel");
        String database = in.optionalString("Database", 1, 127, null);
        String cluster = in.optionalString("ClusterIdentifier", 1, 63, null);
        String workgroup = in.optionalString("WorkgroupName", 3, 128, null);
        String filter = wanted + "|" + name + "|" + database + "|" + cluster + "|" + workgroup;
        String after = token == null || token.isEmpty() ? null : listPosition(token, filter);
        List<StatementSnapshot> page = new ArrayList<>(limit);
        boolean more = false;
        boolean past = after == null;
        for (StatementSnapshot s : engine.statements(caller)) {
            if (!past) {
                past = position(s).equals(after);
                continue;
            }
            if (!matches(s, wanted, name, database, cluster, workgroup)) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(s);
        }
        if (!past) {
            throw ApiError.validation("Invalid NextToken: the statement it points at no longer exists.");
        }
        String next = more ? listToken(position(page.get(page.size() - 1)), filter) : null;
        return json(Json.object(out -> {
            out.writeArrayFieldStart("Statements");
            for (StatementSnapshot s : page) {
                out.writeStartObject();
                out.writeStringField("Id", s.id());
                out.writeStringField("Status", status(s.status()));
                if (s.isBatch()) {
                    out.writeArrayFieldStart("QueryStrings");
                    for (String sql : s.request().sqls()) {
                        out.writeString(sql);
                    }
                    out.writeEndArray();
                } else {
                    out.writeStringField("QueryString", s.sql());
                }
                out.writeBooleanField("IsBatchStatement", s.isBatch());
                writeTime(out, "CreatedAt", s.createdAt());
                writeTime(out, "UpdatedAt", s.updatedAt());
                writeIfSet(out, "StatementName", s.request().statementName());
                writeIfSet(out, "SecretArn", s.request().target().secretArn());
                writeIfSet(out, "SessionId", s.sessionId());
                out.writeStringField("ResultFormat", s.request().resultFormat().name());
                writeParameters(out, s.request().parameters());
                out.writeEndObject();
            }
            out.writeEndArray();
            writeIfSet(out, "NextToken", next);
        }));
    }

    private static boolean matches(StatementSnapshot s, StatusFilter status, String name, String database,
                                   String cluster, String workgroup) {
        Submission.Target t = s.request().target();
        return (status == StatusFilter.ALL || status.name().equals(status(s.status())))
                && (name == null || (s.request().statementName() != null
                        && s.request().statementName().startsWith(name)))
                && (database == null || database.equals(t.database()))
                && (cluster == null || cluster.equals(t.clusterIdentifier()))
                && (workgroup == null || workgroup.equals(t.workgroupName()));
    }

    private static String position(StatementSnapshot s) {
        return s.createdAt().toString() + "/" + s.id();
    }

    private static String listToken(String position, String filter) {
        return encode(position + "|" + Integer.toHexString(filter.hashCode()));
    }

    private static String listPosition(String token, String filter) {
        String decoded = decode(token);
        int bar = decoded.lastIndexOf('|');
        if (bar < 0 || !decoded.substring(bar + 1).equals(Integer.toHexString(filter.hashCode()))) {
            throw ApiError.validation("Invalid NextToken: it was issued for a request with other filters.");
        }
        return decoded.substring(0, bar);
    }

    private <T> T waitFor(java.util.function.Supplier<T> call) {
        if (waiting.incrementAndGet() > MAX_WAITING_REQUESTS) {
            waiting.decrementAndGet();
            throw new ApiError("ActiveWaitingRequestsExceededException", 400,
                    "The number of waiting requests exceeds " + MAX_WAITING_REQUESTS + ". Retry without "
                            + "WaitTimeSeconds or later.", Map.of());
        }
        try {
            return call.get();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static String statementId(Members in) {
        return in.requiredString("Id", 1, 128, RedshiftData.STATEMENT_ID);
    }

    /** A result page's token: the statement and the row its page starts at. */
    static String tokenOf(String id, long row) {
        return encode(id + "#" + row);
    }

    static long rowOf(String token, String id) {
        String decoded = decode(token);
        int hash = decoded.lastIndexOf('#');
        if (hash > 0 && decoded.substring(0, hash).equals(id)) {
            try {
                return Long.parseLong(decoded.substring(hash + 1));
            } catch (NumberFormatException e) {
                throw ApiError.validation("Invalid NextToken.");
            }
        }
        throw ApiError.validation("Invalid NextToken.");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.validation("Invalid NextToken.");
        }
    }

    static ApiError map(EngineException e) {
        return switch (e.kind()) {
            case VALIDATION, CONFLICT -> ApiError.validation(e.getMessage());
            case NOT_FOUND, GONE -> new ApiError("ResourceNotFoundException", 400, e.getMessage(),
                    Map.of("ResourceId", e.resourceId() == null ? "" : e.resourceId()));
            case ACTIVE_STATEMENTS_EXCEEDED -> new ApiError("ActiveStatementsExceededException", 400,
                    e.getMessage(), Map.of());
            case INTERNAL -> new ApiError("InternalServerException", 500, e.getMessage(), Map.of());
        };
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return AwsJson.encodeError(error.code(), error.getMessage(), error.members());
    }

    @Override
    public void close() {
        pages.close();
    }

    private static void writeTarget(JsonGenerator out, Submission.Target target) throws IOException {
        writeIfSet(out, "Database", target.database() == null ? LocalEngine.DATABASE : target.database());
        writeIfSet(out, "WorkgroupName", target.workgroupName());
        writeIfSet(out, "ClusterIdentifier", target.clusterIdentifier());
        writeIfSet(out, "DbUser", target.dbUser());
        writeIfSet(out, "SecretArn", target.secretArn());
    }

    private static void writeParameters(JsonGenerator out, List<Submission.Parameter> parameters) throws IOException {
        if (parameters.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart("QueryParameters");
        for (Submission.Parameter p : parameters) {
            out.writeStartObject();
            out.writeStringField("name", p.name());
            out.writeStringField("value", p.value());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    private static Reply json(byte[] body) {
        return new Reply(200, RedshiftData.CONTENT_TYPE, body);
    }

    private static void writeTime(JsonGenerator out, String name, Instant time) throws IOException {
        out.writeFieldName(name);
        out.writeNumber(time.getEpochSecond() + time.getNano() / 1_000_000 / 1000.0);
    }

}
