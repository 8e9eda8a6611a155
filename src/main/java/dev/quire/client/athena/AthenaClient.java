package dev.quire.client.athena;

import static dev.quire.client.http.AwsJsonCalls.object;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.client.http.AwsJsonCalls;
import dev.quire.client.http.Calls;
import dev.quire.client.http.ClientBuilder;
import dev.quire.client.http.HttpClients;
import dev.quire.client.http.Recent;
import dev.quire.client.http.Steps;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * Amazon Athena over OkHttp and Jackson: AWS JSON 1.1 calls ({@link AwsJsonCalls}, target prefix
 * AmazonAthena, signed for athena), Athena's states mapped to the neutral ones, and results read
 * from their CSV file on S3 where that works, else through GetQueryResults, 1,000 rows a call
 * ({@link #resultSource(String)} tells which, and why).
 *
 * <p>The catalog is data catalog, database, then tables and views. The flat listings see the
 * connection's data catalog: its databases, each database its own one schema.
 */
public final class AthenaClient implements DataApi {

    public static final String TARGET_PREFIX = "AmazonAthena";
    public static final String SIGNING_NAME = "athena";
    /** The most rows GetQueryResults returns in one call, and the rows of a page read from S3. */
    static final int PAGE_ROWS = 1000;
    /** The most items a catalog, history or workgroup listing returns in one call. */
    static final int LIST_MAX = 50;
    /** The database Athena runs in when none is named. */
    public static final String DEFAULT_DATABASE = "default";
    private static final int REMEMBERED = 256;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    /**
     * No batches (a script runs statement by statement), no long polls, forward-only page tokens of
     * at most 1,000 rows, 45 days of history, catalog, database, table; listings filter by LIKE
     * patterns here, page by page.
     */
    static final Capabilities CAPABILITIES = new Capabilities(0, false, false, Capabilities.Paging.FORWARD_TOKENS,
            PAGE_ROWS, true, List.of("catalog", "database", "table"), true);

    enum Action {
        StartQueryExecution, GetQueryExecution, BatchGetQueryExecution, StopQueryExecution, GetQueryResults,
        ListQueryExecutions, ListDataCatalogs, ListDatabases, ListTableMetadata, GetTableMetadata, ListWorkGroups;

        String target() {
            return TARGET_PREFIX + "." + name();
        }
    }

    private final AthenaTarget target;
    private final OkHttpClient ownHttp;
    private final AwsJsonCalls calls;
    private final S3Results s3;
    private final PagesAhead ahead = new PagesAhead(this::queryResultsPage);
    private final ClientBuilder.Options options;
    /** Executions that ended, by id: their description does not change. */
    private final Map<String, Execution> ended = Recent.map(REMEMBERED);
    private final Map<String, ResultSource> sources = Recent.map(REMEMBERED);
    private final Map<String, S3Results.ResultFile> files = Recent.map(REMEMBERED);

    private AthenaClient(Builder builder) {
        this.target = builder.target;
        this.options = builder.options();
        this.ownHttp = options.http() == null ? HttpClients.create() : null;
        OkHttpClient http = options.http() != null ? options.http() : ownHttp;
        this.calls = new AwsJsonCalls(target.resolvedEndpoint(), target.region(), SIGNING_NAME, builder.credentials,
                http, options.retryPolicy());
        this.s3 = builder.readFromS3 ? new S3Results(http, target.endpoint(), target.region(), builder.credentials,
                options.retryPolicy(), PAGE_ROWS) : null;
    }

    /** A client on its own HTTP client, with the standard retry policy, reading results from S3 where it can. */
    public AthenaClient(AthenaTarget target, Supplier<Credentials> credentials) {
        this(builder(target, credentials));
    }

    public static Builder builder(AthenaTarget target, Supplier<Credentials> credentials) {
        return new Builder(target, credentials);
    }

    /** Options for a client; only the target and credentials are required. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final AthenaTarget target;
        private final Supplier<Credentials> credentials;
        private boolean readFromS3 = true;

        private Builder(AthenaTarget target, Supplier<Credentials> credentials) {
            this.target = Objects.requireNonNull(target, "target");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** Whether results are read from their CSV file on S3 where they can be (the default), or always through GetQueryResults. */
        public Builder readFromS3(boolean readFromS3) {
            this.readFromS3 = readFromS3;
            return this;
        }

        public AthenaClient build() {
            return new AthenaClient(this);
        }
    }

    public AthenaTarget target() {
        return target;
    }

    @Override
    public ParameterStyle parameterStyle() {
        return ParameterStyle.POSITIONAL;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Starts the query with an idempotency token (the request's own, or a new one for each call),
     * sent again as it is on every retry, so that a retry after a lost answer finds the query
     * already started instead of starting it twice. Parameters are positional: named 1 to n, one
     * for each ? in order; a number goes as it is, anything else as a string literal.
     */
    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        if (request.isBatch()) {
            return CompletableFuture.failedFuture(invalid("Athena runs one statement at a time; run the "
                    + request.sqls().size() + " statements one by one."));
        }
        List<String> parameters;
        try {
            parameters = executionParameters(request.parameters());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(invalid(e.getMessage()));
        }
        String token = request.clientToken() != null ? request.clientToken() : UUID.randomUUID().toString();
        if (token.length() < 32 || token.length() > 128) {
            return CompletableFuture.failedFuture(invalid("A ClientRequestToken has 32 to 128 characters, not "
                    + token.length() + "."));
        }
        byte[] body = Json.object(out -> {
            out.writeStringField("QueryString", request.sqls().get(0));
            out.writeStringField("ClientRequestToken", token);
            out.writeObjectFieldStart("QueryExecutionContext");
            out.writeStringField("Catalog", target.catalog());
            writeIfSet(out, "Database", target.database());
            out.writeEndObject();
            out.writeStringField("WorkGroup", target.workgroup());
            if (target.outputLocation() != null) {
                out.writeObjectFieldStart("ResultConfiguration");
                out.writeStringField("OutputLocation", target.outputLocation());
                out.writeEndObject();
            }
            if (!parameters.isEmpty()) {
                out.writeArrayFieldStart("ExecutionParameters");
                for (String parameter : parameters) {
                    out.writeString(parameter);
                }
                out.writeEndArray();
            }
        });
        return call(Action.StartQueryExecution, body, response -> text(object(response), "QueryExecutionId"));
    }

    /**
     * The request's parameters as ExecutionParameters: named 1 to n, in that order, each a SQL
     * literal (a number as it is, anything else quoted).
     */
    static List<String> executionParameters(Map<String, String> parameters) {
        List<String> literals = new ArrayList<>(Collections.nCopies(parameters.size(), null));
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            int position;
            try {
                position = Integer.parseInt(parameter.getKey());
            } catch (NumberFormatException e) {
                position = 0;
            }
            if (position < 1 || position > parameters.size()) {
                throw new IllegalArgumentException("Athena's parameters are positional, one for each ? in order: "
                        + "name them 1 to " + parameters.size() + ", not '" + parameter.getKey() + "'.");
            }
            String value = parameter.getValue();
            literals.set(position - 1, NUMBER.matcher(value).matches() ? value : SqlDialect.literal(value));
        }
        return literals;
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return execution(id).thenApply(Execution::info);
    }

    /** GetQueryExecution, remembered once the query ended. */
    private CompletableFuture<Execution> execution(String id) {
        Execution known;
        synchronized (ended) {
            known = ended.get(id);
        }
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        byte[] body = Json.object(out -> out.writeStringField("QueryExecutionId", id));
        return call(Action.GetQueryExecution, body, response -> {
            JsonNode execution = object(response).path("QueryExecution");
            if (!execution.isObject()) {
                throw new JsonParseException(null, "malformed response: no QueryExecution");
            }
            Execution read = Execution.read(execution);
            if (read.runState().isFinal()) {
                synchronized (ended) {
                    ended.put(id, read);
                }
            }
            return read;
        });
    }

    /**
     * One page of a finished query's result. The first page decides where the rows come from: the
     * CSV result file on S3, when the query has one and it can be read, else GetQueryResults (see
     * {@link #resultSource(String)}); the pages after it continue from the same place.
     */
    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef page) {
        if (page instanceof PageRef.Offset) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "Athena result pages are read in order, by token, not at an offset"));
        }
        if (page == null) {
            return firstPage(id);
        }
        PageRef.Token token = (PageRef.Token) page;
        if (!S3Results.isToken(token.token())) {
            return ahead.page(id, token.token(), token.row());
        }
        long offset;
        try {
            offset = S3Results.offsetOf(token.token(), id);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(invalid("Not a page of this query's result: " + e.getMessage()));
        }
        if (s3 == null) {
            return CompletableFuture.failedFuture(invalid("This client does not read results from S3."));
        }
        return s3.page(id, offset, token.row(), () -> {
            Steps<S3Results.ResultFile> steps = new Steps<>();
            return steps.of(steps.step(execution(id)).thenCompose(execution -> execution.csvLocation() == null
                    ? CompletableFuture.failedFuture(invalid("Query " + id + " has no CSV result file."))
                    : steps.step(resultFile(id, execution.csvLocation()))));
        });
    }

    /** Where the rows of the query's result were read from, once its first page was fetched. */
    public Optional<ResultSource> resultSource(String id) {
        synchronized (sources) {
            return Optional.ofNullable(sources.get(id));
        }
    }

    private CompletableFuture<ResultPage> firstPage(String id) {
        Steps<ResultPage> steps = new Steps<>();
        return steps.of(steps.step(execution(id)).thenCompose(execution -> {
            String location = execution.csvLocation();
            if (!execution.succeeded()) {
                return steps.step(queryResults(id, null, 0, execution.isDml()));
            }
            if (location == null || s3 == null) {
                String why = s3 == null ? "reading from S3 is off" : execution.outputLocation() == null
                        ? "the query names no result file" : "the result file is not CSV";
                remember(id, ResultSource.queryResults(execution.outputLocation(), why));
                return steps.step(queryResults(id, null, 0, execution.isDml()));
            }
            return steps.step(resultFile(id, location))
                    .thenCompose(file -> steps.step(s3.first(id, file)))
                    .handle((page, error) -> {
                        if (error == null) {
                            remember(id, ResultSource.s3(location));
                            return CompletableFuture.completedFuture(page);
                        }
                        remember(id, ResultSource.queryResults(location, why(Steps.unwrap(error))));
                        return steps.step(queryResults(id, null, 0, true));
                    }).thenCompose(first -> first);
        }));
    }

    /** Why reading from S3 failed, in a few words: "S3 said AccessDenied", "S3 could not be reached: ...". */
    static String why(Throwable error) {
        if (error instanceof DataApiException e) {
            if (e.status() > 0) {
                return "S3 said " + e.code();
            }
            return switch (e.code()) {
                case DataApiException.MALFORMED_RESPONSE, S3Results.INVALID_LOCATION -> e.getMessage();
                case DataApiException.TIMEOUT -> "S3 did not answer in time";
                default -> "S3 could not be reached: " + e.getMessage();
            };
        }
        return "S3 could not be read: " + error;
    }

    private void remember(String id, ResultSource source) {
        synchronized (sources) {
            sources.put(id, source);
        }
    }

    /** The result file and its column types, from a GetQueryResults call of one row, remembered. */
    private CompletableFuture<S3Results.ResultFile> resultFile(String id, String location) {
        S3Results.ResultFile known;
        synchronized (files) {
            known = files.get(id);
        }
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        byte[] body = Json.object(out -> {
            out.writeStringField("QueryExecutionId", id);
            out.writeNumberField("MaxResults", 1);
        });
        return call(Action.GetQueryResults, body, response -> {
            QueryResults.Answer answer = QueryResults.read(response.body().byteStream());
            S3Results.ResultFile file = new S3Results.ResultFile(location, answer.columns(), answer.types());
            synchronized (files) {
                files.put(id, file);
            }
            return file;
        });
    }

    /** A query's first GetQueryResults page (its header row dropped when it is a DML query's); the next one follows. */
    private CompletableFuture<ResultPage> queryResults(String id, String token, long firstRow, boolean dropHeader) {
        return typedResults(id, token, dropHeader, ahead.after(id)).thenApply(page -> page.at(firstRow));
    }

    private CompletableFuture<QueryResults.Typed> queryResultsPage(String id, String token,
                                                                  Consumer<String> onToken) {
        return typedResults(id, token, false, onToken);
    }

    /** A GetQueryResults page's rows, typed; onToken is told its NextToken as soon as it is read. */
    private CompletableFuture<QueryResults.Typed> typedResults(String id, String token, boolean dropHeader,
                                                              Consumer<String> onToken) {
        byte[] body = Json.object(out -> {
            out.writeStringField("QueryExecutionId", id);
            out.writeNumberField("MaxResults", PAGE_ROWS);
            writeIfSet(out, "NextToken", token);
        });
        return call(Action.GetQueryResults, body,
                response -> QueryResults.read(response.body().byteStream(), onToken).typed(dropHeader));
    }

    /** Stops the query when it is still running (true); a query that ended already answers false. */
    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        Steps<Boolean> steps = new Steps<>();
        return steps.of(steps.step(execution(id)).thenCompose(execution -> {
            if (execution.runState().isFinal()) {
                return CompletableFuture.completedFuture(false);
            }
            byte[] body = Json.object(out -> out.writeStringField("QueryExecutionId", id));
            return steps.step(call(Action.StopQueryExecution, body, response -> true));
        }));
    }

    /** The workgroup's queries, newest first: ListQueryExecutions, then BatchGetQueryExecution of the page. */
    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        Steps<Page<StatementSummary>> steps = new Steps<>();
        return steps.of(steps.step(listing(Action.ListQueryExecutions,
                out -> out.writeStringField("WorkGroup", target.workgroup()), pageToken, "QueryExecutionIds",
                JsonNode::asText)).thenCompose(ids -> {
            if (ids.items().isEmpty()) {
                return CompletableFuture.completedFuture(new Page<>(List.of(), ids.nextToken()));
            }
            byte[] batch = Json.object(out -> {
                out.writeArrayFieldStart("QueryExecutionIds");
                for (String id : ids.items()) {
                    out.writeString(id);
                }
                out.writeEndArray();
            });
            return steps.step(call(Action.BatchGetQueryExecution, batch, response -> {
                Map<String, Execution> byId = new HashMap<>();
                for (JsonNode execution : object(response).path("QueryExecutions")) {
                    Execution read = Execution.read(execution);
                    byId.put(read.id(), read);
                }
                List<StatementSummary> listed = new ArrayList<>();
                for (String id : ids.items()) {
                    Execution execution = byId.get(id);
                    if (execution != null) {
                        listed.add(execution.summary());
                    }
                }
                return new Page<>(listed, ids.nextToken());
            }));
        }));
    }

    /** The workgroups the caller can see, for the connection dialog; follow the token for every page. */
    public CompletableFuture<Page<WorkGroup>> listWorkGroups(String pageToken) {
        return listing(Action.ListWorkGroups, out -> { }, pageToken, "WorkGroups", group -> new WorkGroup(
                text(group, "Name"), group.path("State").asText(null), group.path("Description").asText(null),
                group.path("EngineVersion").path("EffectiveEngineVersion").asText(null)));
    }

    /** The databases of the connection's data catalog. */
    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        return databases(target.catalog(), pageToken);
    }

    /** An Athena database is its own one schema: the database, when it matches the pattern. */
    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        String name = database(database);
        return CompletableFuture.completedFuture(new Page<>(like(schemaPattern).test(name) ? List.of(name)
                : List.of(), null));
    }

    /** The tables and views of a database of the connection's data catalog whose names match the LIKE pattern. */
    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        String name = database(database);
        if (!like(schemaPattern).test(name)) {
            return CompletableFuture.completedFuture(new Page<>(List.of(), null));
        }
        Predicate<String> matches = like(tablePattern);
        return tables(target.catalog(), name, pageToken).thenApply(page -> new Page<>(
                page.items().stream().filter(table -> matches.test(table.name())).toList(), page.nextToken()));
    }

    /** The columns of a table of the connection's data catalog (the schema, when given, is its database). */
    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                        String pageToken) {
        String name = schema == null || schema.isBlank() ? database(database) : schema;
        return tableColumns(target.catalog(), name, table, pageToken);
    }

    /** Data catalogs, then their databases, then the tables and views of a database; a table has no children. */
    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        return switch (parent.depth()) {
            case 0 -> dataCatalogs(parent, pageToken);
            case 1 -> databases(parent.name(0), pageToken).thenApply(page -> {
                List<CatalogEntry> entries = new ArrayList<>(page.items().size());
                page.items().forEach(name -> entries.add(CatalogEntry.container(parent.child(name), "DATABASE")));
                return new Page<>(entries, page.nextToken());
            });
            case 2 -> tables(parent.name(0), parent.name(1), pageToken).thenApply(page -> {
                List<CatalogEntry> entries = new ArrayList<>(page.items().size());
                for (TableInfo table : page.items()) {
                    entries.add(new CatalogEntry(parent.child(table.name()), table.isView() ? CatalogEntry.Kind.VIEW
                            : CatalogEntry.Kind.TABLE, table.type(), false));
                }
                return new Page<>(entries, page.nextToken());
            });
            default -> CompletableFuture.failedFuture(invalid("An Athena table has no children: " + parent));
        };
    }

    /** GetTableMetadata: the columns, then the partition keys. */
    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        if (table.depth() != 3) {
            return CompletableFuture.failedFuture(invalid("An Athena table's path is data catalog, database, table: "
                    + table));
        }
        return tableColumns(table.name(0), table.name(1), table.name(2), pageToken);
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.ATHENA;
    }

    private CompletableFuture<Page<CatalogEntry>> dataCatalogs(CatalogPath root, String pageToken) {
        return listing(Action.ListDataCatalogs, out -> out.writeStringField("WorkGroup", target.workgroup()),
                pageToken, "DataCatalogsSummary", catalog -> CatalogEntry.container(
                        root.child(text(catalog, "CatalogName")), catalog.path("Type").asText(null)));
    }

    private CompletableFuture<Page<String>> databases(String catalog, String pageToken) {
        return listing(Action.ListDatabases, out -> {
            out.writeStringField("CatalogName", catalog);
            out.writeStringField("WorkGroup", target.workgroup());
        }, pageToken, "DatabaseList", database -> text(database, "Name"));
    }

    /** ListTableMetadata of a database: each table with its TableType (EXTERNAL_TABLE, VIRTUAL_VIEW...). */
    private CompletableFuture<Page<TableInfo>> tables(String catalog, String database, String pageToken) {
        return listing(Action.ListTableMetadata, out -> {
            out.writeStringField("CatalogName", catalog);
            out.writeStringField("DatabaseName", database);
            out.writeStringField("WorkGroup", target.workgroup());
        }, pageToken, "TableMetadataList",
                table -> new TableInfo(database, text(table, "Name"), table.path("TableType").asText(null)));
    }

    /** Reads one item of a listing. */
    private interface Item<T> {
        T read(JsonNode node) throws IOException;
    }

    /** One page of a listing action: its members, MaxResults and NextToken sent, the list member's items read. */
    private <T> CompletableFuture<Page<T>> listing(Action action, Json.Members members, String pageToken,
                                                   String list, Item<T> item) {
        byte[] body = Json.object(out -> {
            members.write(out);
            out.writeNumberField("MaxResults", LIST_MAX);
            writeIfSet(out, "NextToken", pageToken);
        });
        return call(action, body, response -> {
            JsonNode node = object(response);
            List<T> items = new ArrayList<>();
            for (JsonNode each : node.path(list)) {
                items.add(item.read(each));
            }
            return new Page<>(items, node.path("NextToken").asText(null));
        });
    }

    private CompletableFuture<Page<Column>> tableColumns(String catalog, String database, String table,
                                                         String pageToken) {
        if (pageToken != null) {
            return CompletableFuture.failedFuture(invalid("A table's columns come in one page; there is no page "
                    + pageToken));
        }
        byte[] body = Json.object(out -> {
            out.writeStringField("CatalogName", catalog);
            out.writeStringField("DatabaseName", database);
            out.writeStringField("TableName", table);
            out.writeStringField("WorkGroup", target.workgroup());
        });
        return call(Action.GetTableMetadata, body, response -> {
            JsonNode metadata = object(response).path("TableMetadata");
            List<Column> columns = new ArrayList<>();
            for (String member : List.of("Columns", "PartitionKeys")) {
                for (JsonNode column : metadata.path(member)) {
                    columns.add(Column.of(text(column, "Name"), column.path("Type").asText("")));
                }
            }
            return new Page<>(columns, null);
        });
    }

    /** The named database, else the connection's, else Athena's default. */
    private String database(String database) {
        if (database != null && !database.isBlank()) {
            return database;
        }
        return target.database() != null ? target.database() : DEFAULT_DATABASE;
    }

    /** A LIKE pattern (% any run, _ one character, \ escapes) as a test of whole names; null or blank matches all. */
    static Predicate<String> like(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.equals("%")) {
            return name -> true;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return name -> compiled.matcher(name).matches();
    }

    /** A member that must be a non-empty string. */
    private static String text(JsonNode node, String member) throws JsonParseException {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new JsonParseException(null, "malformed response: no " + member);
        }
        return value.asText();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            out.writeStringField(name, value);
        }
    }

    private static DataApiException invalid(String message) {
        return new DataApiException("InvalidRequestException", message, 0, null);
    }

    private <T> CompletableFuture<T> call(Action action, byte[] body, Calls.Reader<T> reader) {
        return calls.call(action.target(), body, reader);
    }


    /** Downloads of result files kept open between pages (for tests). */
    int openDownloads() {
        return s3 == null ? 0 : s3.openDownloads();
    }

    @Override
    public void close() {
        ahead.close();
        if (s3 != null) {
            s3.close();
        }
        calls.close();
        if (ownHttp != null) {
            HttpClients.shutdown(ownHttp);
        }
        options.closeResource();
    }
}
