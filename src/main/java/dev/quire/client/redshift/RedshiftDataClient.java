package dev.quire.client.redshift;

import static dev.quire.client.http.AwsJsonCalls.object;
import static dev.quire.client.http.AwsJsonCalls.time;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.client.http.AwsJsonCalls;
import dev.quire.client.http.Calls;
import dev.quire.client.http.ClientBuilder;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.Session;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.RedshiftData;
import dev.quire.protocol.redshift.RedshiftData.Action;
import dev.quire.protocol.redshift.RedshiftStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.Response;

/**
 * The Redshift Data API over OkHttp and Jackson: AWS JSON 1.1 calls ({@link AwsJsonCalls}), result
 * pages parsed as they stream in, Redshift's states mapped to the neutral ones.
 */
public final class RedshiftDataClient implements DataApi {

    static final long MAX_WAIT_SECONDS = 30;
    /** The most statements BatchExecuteStatement takes. */
    static final int MAX_BATCH = 40;

    /**
     * Batches of up to 40 statements, each one transaction; long polls; forward-only page tokens,
     * pages bounded by size (100 MB), not rows; 24 hours of history; database, schema, table, with
     * LIKE patterns.
     */
    static final Capabilities CAPABILITIES = new Capabilities(MAX_BATCH, true, true,
            Capabilities.Paging.FORWARD_TOKENS, 0, true, List.of("database", "schema", "table"), true);

    private final AwsJsonCalls calls;
    private final RedshiftTarget target;
    private final ClientBuilder.Options options;

    private RedshiftDataClient(Builder builder) {
        this.target = builder.target;
        this.options = builder.options();
        this.calls = new AwsJsonCalls(target.resolvedEndpoint(), target.region(), RedshiftData.SIGNING_NAME,
                builder.credentials, options.http(), options.retryPolicy());
    }

    /** A client on its own HTTP client, with the standard retry policy. */
    public RedshiftDataClient(RedshiftTarget target, Supplier<Credentials> credentials) {
        this(builder(target, credentials));
    }

    public static Builder builder(RedshiftTarget target, Supplier<Credentials> credentials) {
        return new Builder(target, credentials);
    }

    /** Options for a client; only the target and credentials are required. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final RedshiftTarget target;
        private final Supplier<Credentials> credentials;

        private Builder(RedshiftTarget target, Supplier<Credentials> credentials) {
            this.target = Objects.requireNonNull(target, "target");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        public RedshiftDataClient build() {
            return new RedshiftDataClient(this);
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Submits the statement with an idempotency token (the request's own, or a new one), so that a
     * retry after a lost answer finds the statement already submitted instead of running it twice.
     */
    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        Action action = request.isBatch() ? Action.BatchExecuteStatement : Action.ExecuteStatement;
        String clientToken = request.clientToken() != null ? request.clientToken() : UUID.randomUUID().toString();
        byte[] body = Json.object(out -> {
            if (request.isBatch()) {
                out.writeArrayFieldStart("Sqls");
                for (String sql : request.sqls()) {
                    out.writeString(sql);
                }
                out.writeEndArray();
            } else {
                out.writeStringField("Sql", request.sqls().get(0));
            }
            Session session = request.session();
            if (session != null && session.id() != null) {
                out.writeStringField("SessionId", session.id());
            } else {
                writeTarget(out);
            }
            if (session != null) {
                out.writeNumberField("SessionKeepAliveSeconds", session.keepAliveSeconds());
            }
            if (!request.parameters().isEmpty()) {
                out.writeArrayFieldStart("Parameters");
                for (Map.Entry<String, String> p : request.parameters().entrySet()) {
                    out.writeStartObject();
                    out.writeStringField("name", p.getKey());
                    out.writeStringField("value", p.getValue());
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            if (request.statementName() != null) {
                out.writeStringField("StatementName", request.statementName());
            }
            out.writeStringField("ClientToken", clientToken);
        });
        return call(action, body, response -> {
            JsonNode answer = object(response);
            if (request.session() != null) {
                request.session().opened(answer.path("SessionId").asText(null));
            }
            return answer.path("Id").asText();
        });
    }

    /** Statements sent with one {@link Session} share its temporary tables. */
    @Override
    public boolean sessions() {
        return true;
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return describe(id, Duration.ZERO);
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id, Duration wait) {
        long seconds = Math.min(MAX_WAIT_SECONDS, wait.toSeconds());
        byte[] body = Json.object(out -> {
            out.writeStringField("Id", id);
            if (seconds > 0) {
                out.writeNumberField("WaitTimeSeconds", seconds);
            }
        });
        return call(Action.DescribeStatement, body, response -> describeFrom(object(response)));
    }

    /** Pages come by forward-only tokens; a page's first row is the one its token was given for. */
    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef page) {
        if (page instanceof PageRef.Offset) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "Redshift result pages are read in order, by token, not at an offset"));
        }
        String token = page == null ? null : ((PageRef.Token) page).token();
        long firstRow = page == null ? 0 : page.row();
        byte[] body = Json.object(out -> {
            out.writeStringField("Id", id);
            if (token != null) {
                out.writeStringField("NextToken", token);
            }
        });
        return call(Action.GetStatementResult, body, response -> pageFrom(response, firstRow));
    }

    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        byte[] body = Json.object(out -> out.writeStringField("Id", id));
        return call(Action.CancelStatement, body, response -> object(response).path("Status").asBoolean(false));
    }

    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        byte[] body = Json.object(out -> {
            writeTarget(out);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(Action.ListDatabases, body, response -> strings(object(response), "Databases"));
    }

    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        byte[] body = Json.object(out -> {
            writeTarget(out, database);
            writeIfSet(out, "SchemaPattern", schemaPattern);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(Action.ListSchemas, body, response -> strings(object(response), "Schemas"));
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        byte[] body = Json.object(out -> {
            writeTarget(out, database);
            writeIfSet(out, "SchemaPattern", schemaPattern);
            writeIfSet(out, "TablePattern", tablePattern);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(Action.ListTables, body, response -> {
            JsonNode node = object(response);
            List<TableInfo> tables = new ArrayList<>();
            for (JsonNode table : node.path("Tables")) {
                tables.add(new TableInfo(table.path("schema").asText(null), table.path("name").asText(),
                        table.path("type").asText(null)));
            }
            return new Page<>(tables, node.path("NextToken").asText(null));
        });
    }

    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                        String pageToken) {
        return describeColumns(database, schema, table, pageToken, column -> true);
    }

    private CompletableFuture<Page<Column>> describeColumns(String database, String schema, String table,
                                                            String pageToken,
                                                            Predicate<ColumnMetadata> keep) {
        byte[] body = Json.object(out -> {
            writeTarget(out, database);
            writeIfSet(out, "Schema", schema);
            writeIfSet(out, "Table", table);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(Action.DescribeTable, body, response -> {
            JsonNode node = object(response);
            List<Column> columns = new ArrayList<>();
            for (JsonNode column : node.path("ColumnList")) {
                ColumnMetadata metadata = ColumnMetadata.read(column);
                if (keep.test(metadata)) {
                    columns.add(metadata.toColumn());
                }
            }
            return new Page<>(columns, node.path("NextToken").asText(null));
        });
    }

    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        byte[] body = Json.object(out -> {
            out.writeStringField("Status", "ALL");
            out.writeNumberField("MaxResults", 100);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(Action.ListStatements, body, response -> {
            JsonNode node = object(response);
            List<StatementSummary> statements = new ArrayList<>();
            for (JsonNode s : node.path("Statements")) {
                List<String> sqls = new ArrayList<>();
                if (s.has("QueryStrings")) {
                    s.get("QueryStrings").forEach(q -> sqls.add(q.asText()));
                } else {
                    sqls.add(s.path("QueryString").asText(""));
                }
                statements.add(new StatementSummary(s.path("Id").asText(),
                        RedshiftStatus.stateOf(s.path("Status").asText(null)), s.path("Status").asText(null), sqls,
                        s.path("StatementName").asText(null), time(s.get("CreatedAt")), time(s.get("UpdatedAt")),
                        s.path("IsBatchStatement").asBoolean(false)));
            }
            return new Page<>(statements, node.path("NextToken").asText(null));
        });
    }

    /** The catalog as database, schema, then tables and views; a table's path has no children. */
    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        return switch (parent.depth()) {
            case 0 -> listDatabases(pageToken).thenApply(page -> containers(parent, page, "DATABASE"));
            case 1 -> listSchemas(parent.name(0), null, pageToken)
                    .thenApply(page -> containers(parent, page, "SCHEMA"));
            case 2 -> listTables(parent.name(0), likeLiteral(parent.name(1)), "%", pageToken).thenApply(page -> {
                List<CatalogEntry> tables = new ArrayList<>();
                for (TableInfo table : page.items()) {
                    if (table.schema() == null || table.schema().equals(parent.name(1))) {
                        tables.add(new CatalogEntry(parent.child(table.name()), kindOf(table.type()), table.type(),
                                false));
                    }
                }
                return new Page<>(tables, page.nextToken());
            });
            default -> CompletableFuture.failedFuture(new DataApiException("ValidationException",
                    "A Redshift table has no children: " + parent, 0, null));
        };
    }

    /**
     * DescribeTable of the path's database, schema and table. The service matches Schema and Table
     * like patterns, so only the columns of exactly this table are kept.
     */
    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        if (table.depth() != 3) {
            return CompletableFuture.failedFuture(new DataApiException("ValidationException",
                    "A Redshift table's path is database, schema, table: " + table, 0, null));
        }
        String schema = table.name(1);
        String name = table.name(2);
        return describeColumns(table.name(0), schema, name, pageToken,
                column -> (column.schemaName().isEmpty() || column.schemaName().equals(schema))
                        && (column.tableName().isEmpty() || column.tableName().equals(name)));
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.REDSHIFT;
    }

    private static Page<CatalogEntry> containers(CatalogPath parent, Page<String> names, String type) {
        List<CatalogEntry> entries = new ArrayList<>(names.items().size());
        names.items().forEach(name -> entries.add(CatalogEntry.container(parent.child(name), type)));
        return new Page<>(entries, names.nextToken());
    }

    /** ListTables' type words (TABLE, VIEW, SYSTEM TABLE, EXTERNAL TABLE...) as a kind. */
    static CatalogEntry.Kind kindOf(String type) {
        String word = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (word.startsWith("SYSTEM")) {
            return CatalogEntry.Kind.SYSTEM_TABLE;
        }
        return word.contains("VIEW") ? CatalogEntry.Kind.VIEW : CatalogEntry.Kind.TABLE;
    }

    /** A name as a LIKE pattern that matches only itself. */
    static String likeLiteral(String name) {
        return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Page<String> strings(JsonNode node, String member) {
        List<String> values = new ArrayList<>();
        node.path(member).forEach(value -> values.add(value.asText()));
        return new Page<>(values, node.path("NextToken").asText(null));
    }

    /** The connection members for a catalog call on the given database (null: the connected one). */
    private void writeTarget(JsonGenerator out, String database) throws IOException {
        String listed = database == null ? target.database() : database;
        writeIfSet(out, "Database", listed);
        if (listed != null && !listed.equals(target.database())) {
            writeIfSet(out, "ConnectedDatabase", target.database());
        }
        writeConnection(out);
    }

    private void writeTarget(JsonGenerator out) throws IOException {
        writeIfSet(out, "Database", target.database());
        writeConnection(out);
    }

    private void writeConnection(JsonGenerator out) throws IOException {
        writeIfSet(out, "WorkgroupName", target.workgroupName());
        writeIfSet(out, "ClusterIdentifier", target.clusterIdentifier());
        writeIfSet(out, "DbUser", target.dbUser());
        writeIfSet(out, "SecretArn", target.secretArn());
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            out.writeStringField(name, value);
        }
    }

    private <T> CompletableFuture<T> call(Action action, byte[] body, Calls.Reader<T> reader) {
        return calls.call(action.target(), body, reader);
    }

    static StatementInfo describeFrom(JsonNode node) {
        List<StatementInfo> subs = new ArrayList<>();
        for (JsonNode sub : node.path("SubStatements")) {
            subs.add(describeFrom(sub));
        }
        String status = node.path("Status").asText(null);
        return new StatementInfo(node.path("Id").asText(), RedshiftStatus.stateOf(status), status,
                node.path("Error").asText(null), node.path("QueryString").asText(null),
                time(node.get("CreatedAt")), time(node.get("UpdatedAt")), node.path("Duration").asLong(-1),
                node.path("ResultRows").asLong(-1), node.path("ResultSize").asLong(-1),
                node.path("HasResultSet").asBoolean(false), subs);
    }

    /** A GetStatementResult page whose first row is firstRow; the total is unknown when TotalNumRows is absent. */
    static ResultPage pageFrom(Response response, long firstRow) throws IOException {
        try (InputStream body = response.body().byteStream()) {
            return new PageReader(body).read(firstRow);
        }
    }

    @Override
    public void close() {
        calls.close();
        options.closeResource();
    }
}
