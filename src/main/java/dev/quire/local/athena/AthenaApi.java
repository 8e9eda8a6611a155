package dev.quire.local.athena;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.Phase;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission;
import dev.quire.local.http.ApiError;
import dev.quire.local.http.AwsJsonApi;
import dev.quire.local.http.Members;
import dev.quire.local.http.Reply;
import dev.quire.model.SqlScript;
import dev.quire.protocol.AwsJson;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Athena dialect: answers Amazon Athena's query and catalog actions from the local engine for
 * the caller who signed the request. One data catalog, {@code AwsDataCatalog}; one workgroup,
 * {@code primary}, whose results go to {@code s3://quire-local/athena-results/}. A query runs in
 * the DuckDB schema its QueryExecutionContext names as Database ({@code public} when none), its
 * ExecutionParameters bound to its {@code ?} marks; queries and results are kept 45 days, across
 * restarts. Athena's queries belong to the caller's Athena scope (see {@link #owner}), so the
 * Redshift route never lists or reads them, nor this route the Redshift route's statements.
 */
public final class AthenaApi implements AwsJsonApi, AutoCloseable {

    public static final String TARGET_PREFIX = "AmazonAthena";
    public static final String SIGNING_NAME = "athena";
    public static final String RESULT_BUCKET = "quire-local";
    static final String WORKGROUP = "primary";
    static final String DEFAULT_OUTPUT = "s3://" + RESULT_BUCKET + "/athena-results/";
    static final Duration RETENTION = Duration.ofDays(45);
    static final int MAX_QUERY_CHARS = 262_144;
    private static final Pattern WORKGROUP_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final Pattern QUERY_ID = Pattern.compile("\\S+");
    private static final Pattern OUTPUT_LOCATION = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final String WORKGROUP_ATTRIBUTE = "athena.workGroup";
    private static final String OUTPUT_ATTRIBUTE = "athena.outputLocation";
    private static final String CATALOG_ATTRIBUTE = "athena.catalog";
    private static final String DATABASE_ATTRIBUTE = "athena.database";
    private static final String QUERIES = "queries";

    /** The actions served. */
    enum Action {
        BatchGetQueryExecution, GetDataCatalog, GetDatabase, GetQueryExecution, GetQueryResults, GetTableMetadata,
        GetWorkGroup, ListDataCatalogs, ListDatabases, ListQueryExecutions, ListTableMetadata, ListWorkGroups,
        StartQueryExecution, StopQueryExecution
    }

    enum ResultType { DATA_ROWS, DATA_MANIFEST }

    /** A result CSV as S3 serves it. */
    public record ResultObject(Path file, long length, String eTag, String crc32, Instant lastModified,
                               String contentType) {
    }

    private final LocalEngine engine;
    private final AthenaPages pages;
    private final AthenaCatalog catalog;
    private final ResultCsv csv;
    private final String engineVersion;
    private final Instant created;

    public AthenaApi(LocalEngine engine) throws IOException {
        this.engine = engine;
        this.pages = new AthenaPages(engine);
        this.catalog = new AthenaCatalog(engine);
        this.csv = new ResultCsv(engine);
        this.engineVersion = "DuckDB " + duckdbVersion(engine);
        this.created = Files.readAttributes(engine.options().dataDir(), BasicFileAttributes.class).creationTime()
                .toInstant();
        csv.clean();
        engine.onRemoved(dropped -> csv.delete(dropped.id()));
    }

    private static String duckdbVersion(LocalEngine engine) {
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version()")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("the local engine does not answer", e);
        }
    }

    /** The engine owner of a caller's Athena queries: its own scope, apart from its Redshift statements. */
    static String owner(String caller) {
        return "athena/" + caller;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX + ".";
    }

    @Override
    public String signingName() {
        return SIGNING_NAME;
    }

    @Override
    public String contentType() {
        return AwsJson.CONTENT_TYPE;
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return AwsJson.encodeError(error.code(), error.getMessage(), error.members());
    }

    @Override
    public Reply handle(String operation, JsonNode body, String caller) {
        Action action = Arrays.stream(Action.values()).filter(a -> a.name().equals(operation)).findFirst()
                .orElseThrow(() -> new ApiError("UnknownOperationException", 400, "Unknown operation "
                        + targetPrefix() + operation + ".", Map.of()));
        String owner = owner(caller);
        try {
            Members in = new Members(body);
            return json(switch (action) {
                case StartQueryExecution -> start(in, owner);
                case GetQueryExecution -> getQuery(in, owner);
                case BatchGetQueryExecution -> batchGet(in, owner);
                case StopQueryExecution -> stop(in, owner);
                case GetQueryResults -> results(in, owner);
                case ListQueryExecutions -> listQueries(in, owner);
                case ListDataCatalogs -> listCatalogs(in);
                case GetDataCatalog -> getCatalog(in);
                case ListDatabases -> listDatabases(in);
                case GetDatabase -> getDatabase(in);
                case ListTableMetadata -> listTables(in);
                case GetTableMetadata -> getTable(in);
                case ListWorkGroups -> listWorkGroups(in);
                case GetWorkGroup -> getWorkGroup(in);
            });
        } catch (EngineException e) {
            throw AthenaErrors.of(e);
        } catch (ApiError e) {
            if (e.code().equals("ValidationException")) {
                throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, e.getMessage());
            }
            throw e;
        }
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    private byte[] start(Members in, String owner) {
        String sql = in.requiredString("QueryString", 1, MAX_QUERY_CHARS, null);
        String token = in.optionalString("ClientRequestToken", 32, 128, null);
        String workGroup = workGroup(in, "WorkGroup");
        Members context = in.optionalObject("QueryExecutionContext");
        String database = context == null ? null : context.optionalString("Database", 1, 255, null);
        String catalogName = context == null ? null
                : context.optionalString("Catalog", 1, 256, AthenaCatalog.CATALOG_NAME);
        if (catalogName != null && !AthenaCatalog.isCatalog(catalogName)) {
            throw AthenaErrors.invalidRequest(AthenaErrors.NOT_FOUND, "Catalog " + catalogName + " does not exist. "
                    + "The local engine has one data catalog: " + AthenaCatalog.CATALOG + ".");
        }
        Members result = in.optionalObject("ResultConfiguration");
        String output = outputLocation(result == null ? null : result.optionalString("OutputLocation", 0, 1024, null));
        if (result != null) {
            result.optionalObject("EncryptionConfiguration");
            result.optionalString("ExpectedBucketOwner", 12, 12, Pattern.compile("\\d{12}"));
        }
        Members reuse = in.optionalObject("ResultReuseConfiguration");
        Members byAge = reuse == null ? null : reuse.optionalObject("ResultReuseByAgeConfiguration");
        if (byAge != null) {
            byAge.optionalBoolean("Enabled");
            byAge.optionalInt("MaxAgeInMinutes", 0, 10080);
        }
        List<String> literals = in.has("ExecutionParameters")
                ? in.requiredStrings("ExecutionParameters", 1, Integer.MAX_VALUE, 1024) : List.of();
        if (SqlScript.split(sql).size() > 1) {
            throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "Only one sql statement is allowed. Got: "
                    + sql);
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(WORKGROUP_ATTRIBUTE, workGroup);
        attributes.put(OUTPUT_ATTRIBUTE, output);
        if (catalogName != null) {
            attributes.put(CATALOG_ATTRIBUTE, catalogName);
        }
        if (database != null) {
            attributes.put(DATABASE_ATTRIBUTE, database);
        }
        Submission request = new Submission(owner, List.of(sql), false,
                literals.stream().map(Submission.Parameter::literal).toList(), null, token, null, null, null, null,
                Submission.Target.inSchema(LocalEngine.DATABASE, database, AthenaCatalog.CATALOG),
                Submission.ParameterStyle.POSITIONAL, attributes, RETENTION);
        StatementSnapshot submitted = engine.submit(request);
        return Json.object(out -> out.writeStringField("QueryExecutionId", submitted.id()));
    }

    /** The workgroup a request names, {@code primary} when it names none; the only one there is. */
    private static String workGroup(Members in, String member) {
        String name = in.optionalString(member, 1, 128, WORKGROUP_NAME);
        if (name != null && !name.equals(WORKGROUP)) {
            throw AthenaErrors.invalidRequest(AthenaErrors.NOT_FOUND, "WorkGroup " + name + " is not found. The "
                    + "local engine has one workgroup: " + WORKGROUP + ".");
        }
        return WORKGROUP;
    }

    /** An s3://bucket/prefix/ location, with the slash added when it is missing; the workgroup's when absent. */
    private static String outputLocation(String given) {
        if (given == null || given.isEmpty()) {
            return DEFAULT_OUTPUT;
        }
        if (!OUTPUT_LOCATION.matcher(given).matches()) {
            throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "The output location " + given + " is "
                    + "not a valid S3 location: give s3://bucket/prefix/ with a bucket name of 3 to 63 lower-case "
                    + "letters, digits, dots and hyphens.");
        }
        return given.endsWith("/") ? given : given + "/";
    }

    private static String queryId(Members in) {
        return in.requiredString("QueryExecutionId", 1, 128, QUERY_ID);
    }

    private byte[] getQuery(Members in, String owner) {
        StatementSnapshot query = engine.describe(owner, queryId(in));
        return Json.object(out -> {
            out.writeFieldName("QueryExecution");
            writeQuery(out, query);
        });
    }

    private byte[] batchGet(Members in, String owner) {
        List<String> ids = in.requiredStrings("QueryExecutionIds", 1, 50, 128);
        List<StatementSnapshot> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!QUERY_ID.matcher(id).matches()) {
                throw Members.constraint(id, "QueryExecutionIds", "Member must satisfy regular expression pattern: "
                        + QUERY_ID.pattern());
            }
            try {
                found.add(engine.describe(owner, id));
            } catch (EngineException e) {
                if (e.kind() != EngineException.Kind.NOT_FOUND) {
                    throw e;
                }
                missing.add(id);
            }
        }
        return Json.object(out -> {
            out.writeArrayFieldStart("QueryExecutions");
            for (StatementSnapshot query : found) {
                writeQuery(out, query);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("UnprocessedQueryExecutionIds");
            for (String id : missing) {
                out.writeStartObject();
                out.writeStringField("QueryExecutionId", id);
                out.writeStringField("ErrorCode", AthenaErrors.INVALID_INPUT);
                out.writeStringField("ErrorMessage", AthenaErrors.queryNotFound(id).getMessage());
                out.writeEndObject();
            }
            out.writeEndArray();
        });
    }

    /** Stops a query that runs or waits (its DuckDB statement is cancelled); one that has ended stays as it is. */
    private byte[] stop(Members in, String owner) {
        engine.cancel(owner, queryId(in));
        return Json.object(out -> { });
    }

    private byte[] results(Members in, String owner) {
        String id = queryId(in);
        String token = in.optionalString("NextToken", 1, 1024, null);
        Integer max = in.optionalInt("MaxResults", 1, 1000);
        ResultType type = in.optionalEnum("QueryResultType", ResultType.class);
        StatementSnapshot query = engine.describe(owner, id);
        switch (query.status()) {
            case QUEUED, PICKED, RUNNING -> throw AthenaErrors.invalidRequest(AthenaErrors.QUERY_NOT_FINISHED,
                    "Query has not yet finished. Current state: " + state(query.status()));
            case FAILED -> throw AthenaErrors.invalidRequest(AthenaErrors.QUERY_FAILED,
                    AthenaErrors.failure(query.error()).reason());
            case CANCELLED -> throw AthenaErrors.invalidRequest(AthenaErrors.QUERY_CANCELLED,
                    "Query was cancelled: " + AthenaErrors.cancelled(query.error()).reason());
            case FINISHED -> {
                // its result follows
            }
        }
        if (type == ResultType.DATA_MANIFEST) {
            throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "Query " + id + " wrote no data files, so "
                    + "it has no data manifest: ask for DATA_ROWS.");
        }
        long from = 0;
        if (token != null) {
            String[] parts = Tokens.decode(token, AthenaPages.LISTING, 2);
            from = Tokens.number(parts[1]);
            if (!parts[0].equals(id) || from > Math.max(0, query.resultRows())) {
                throw Tokens.invalid();
            }
        }
        boolean header = token == null && query.hasResultSet() && StatementKind.of(query.sql()) == StatementKind.DML;
        return pages.page(owner, query, from, max == null ? 1000 : max, header);
    }

    private byte[] listQueries(Members in, String owner) {
        Integer max = in.optionalInt("MaxResults", 0, 50);
        int limit = max == null || max == 0 ? 50 : max;
        String token = in.optionalString("NextToken", 1, 1024, null);
        String workGroup = workGroup(in, "WorkGroup");
        String after = null;
        if (token != null) {
            String[] parts = Tokens.decode(token, QUERIES, 2);
            if (!parts[0].equals(workGroup)) {
                throw Tokens.invalid();
            }
            after = parts[1];
        }
        List<String> ids = new ArrayList<>();
        String last = null;
        boolean past = after == null;
        boolean more = false;
        for (StatementSnapshot query : engine.statements(owner)) {
            String position = query.createdAt() + "/" + query.id();
            if (!past) {
                past = position.equals(after);
                continue;
            }
            if (!workGroup.equals(query.request().attributes().get(WORKGROUP_ATTRIBUTE))) {
                continue;
            }
            if (ids.size() == limit) {
                more = true;
                break;
            }
            ids.add(query.id());
            last = position;
        }
        if (!past) {
            throw AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "The NextToken points at a query that no "
                    + "longer exists: list from the start.");
        }
        String next = more ? Tokens.encode(QUERIES, workGroup, last) : null;
        return Json.object(out -> {
            writeStrings(out, "QueryExecutionIds", ids);
            writeIfSet(out, "NextToken", next);
        });
    }

    /** A query as QueryExecution describes it. */
    private void writeQuery(JsonGenerator out, StatementSnapshot query) throws IOException {
        Map<String, String> attributes = query.request().attributes();
        StatementKind kind = StatementKind.of(query.sql());
        out.writeStartObject();
        out.writeStringField("QueryExecutionId", query.id());
        out.writeStringField("Query", query.sql());
        out.writeStringField("StatementType", kind.name());
        out.writeStringField("SubstatementType", StatementKind.substatement(query.sql()));
        out.writeObjectFieldStart("ResultConfiguration");
        out.writeStringField("OutputLocation", attributes.getOrDefault(OUTPUT_ATTRIBUTE, DEFAULT_OUTPUT) + query.id()
                + ".csv");
        out.writeEndObject();
        out.writeObjectFieldStart("ResultReuseConfiguration");
        out.writeObjectFieldStart("ResultReuseByAgeConfiguration");
        out.writeBooleanField("Enabled", false);
        out.writeEndObject();
        out.writeEndObject();
        out.writeObjectFieldStart("QueryExecutionContext");
        writeIfSet(out, "Database", attributes.get(DATABASE_ATTRIBUTE));
        writeIfSet(out, "Catalog", attributes.get(CATALOG_ATTRIBUTE));
        out.writeEndObject();
        writeStatus(out, query);
        writeStatistics(out, query);
        out.writeStringField("WorkGroup", attributes.getOrDefault(WORKGROUP_ATTRIBUTE, WORKGROUP));
        writeEngineVersion(out);
        if (!query.request().parameters().isEmpty()) {
            writeStrings(out, "ExecutionParameters", query.request().parameters().stream()
                    .map(Submission.Parameter::value).toList());
        }
        out.writeEndObject();
    }

    private static void writeStatus(JsonGenerator out, StatementSnapshot query) throws IOException {
        out.writeObjectFieldStart("Status");
        out.writeStringField("State", state(query.status()));
        writeTime(out, "SubmissionDateTime", query.createdAt());
        if (query.isFinal()) {
            writeTime(out, "CompletionDateTime", query.updatedAt());
        }
        AthenaErrors.Failure failure = query.status() == Phase.FAILED ? AthenaErrors.failure(query.error())
                : query.status() == Phase.CANCELLED ? AthenaErrors.cancelled(query.error()) : null;
        if (failure != null) {
            out.writeStringField("StateChangeReason", failure.reason());
            out.writeObjectFieldStart("AthenaError");
            out.writeNumberField("ErrorCategory", failure.category());
            out.writeNumberField("ErrorType", failure.type());
            out.writeBooleanField("Retryable", failure.retryable());
            out.writeStringField("ErrorMessage", failure.reason());
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    /**
     * Times from the statement's own: the engine's run time, the wait before it (while it runs,
     * the time from submission to its start), and the whole; data scanned is the stored result's size.
     */
    private static void writeStatistics(JsonGenerator out, StatementSnapshot query) throws IOException {
        long total = Duration.between(query.createdAt(), query.isFinal() ? query.updatedAt() : Instant.now())
                .toMillis();
        long engineMillis = query.durationNanos() >= 0 ? query.durationNanos() / 1_000_000 : 0;
        long queued = switch (query.status()) {
            case QUEUED, PICKED -> total;
            case RUNNING -> Duration.between(query.createdAt(), query.updatedAt()).toMillis();
            default -> Math.max(0, total - engineMillis);
        };
        out.writeObjectFieldStart("Statistics");
        out.writeNumberField("EngineExecutionTimeInMillis", query.isFinal() ? engineMillis : Math.max(0,
                total - queued));
        out.writeNumberField("DataScannedInBytes", query.status() == Phase.FINISHED && query.hasResultSet()
                ? Math.max(0, query.resultSize()) : 0);
        out.writeNumberField("TotalExecutionTimeInMillis", Math.max(0, total));
        out.writeNumberField("QueryQueueTimeInMillis", Math.max(0, queued));
        out.writeObjectFieldStart("ResultReuseInformation");
        out.writeBooleanField("ReusedPreviousResult", false);
        out.writeEndObject();
        out.writeEndObject();
    }

    /** Athena's name for an engine phase. */
    static String state(Phase phase) {
        return switch (phase) {
            case QUEUED, PICKED -> "QUEUED";
            case RUNNING -> "RUNNING";
            case FINISHED -> "SUCCEEDED";
            case FAILED -> "FAILED";
            case CANCELLED -> "CANCELLED";
        };
    }

    // ---- catalogs, databases, tables, workgroups ---------------------------------------------------------------

    private byte[] listCatalogs(Members in) {
        workGroup(in, "WorkGroup");
        Window<String> page = Window.of(in, 2, List.of(AthenaCatalog.CATALOG), "catalogs");
        return page.answer("DataCatalogsSummary", (out, name) -> {
            out.writeStartObject();
            out.writeStringField("CatalogName", name);
            out.writeStringField("Type", "GLUE");
            out.writeEndObject();
        });
    }

    private byte[] getCatalog(Members in) {
        String name = in.requiredString("Name", 1, 256, AthenaCatalog.CATALOG_NAME);
        workGroup(in, "WorkGroup");
        if (!AthenaCatalog.isCatalog(name)) {
            throw AthenaErrors.invalidRequest(AthenaErrors.NOT_FOUND, "Catalog " + name + " does not exist. The "
                    + "local engine has one data catalog: " + AthenaCatalog.CATALOG + ".");
        }
        return Json.object(out -> {
            out.writeObjectFieldStart("DataCatalog");
            out.writeStringField("Name", AthenaCatalog.CATALOG);
            out.writeStringField("Description", "The local engine's schemas, tables and views");
            out.writeStringField("Type", "GLUE");
            out.writeObjectFieldStart("Parameters");
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private byte[] listDatabases(Members in) {
        AthenaCatalog.requireCatalog(in);
        workGroup(in, "WorkGroup");
        Window<AthenaCatalog.Database> page = Window.of(in, 1, catalog.databases(), "databases");
        return page.answer("DatabaseList", AthenaCatalog::writeDatabase);
    }

    private byte[] getDatabase(Members in) {
        AthenaCatalog.requireCatalog(in);
        String name = in.requiredString("DatabaseName", 1, 128, null);
        workGroup(in, "WorkGroup");
        AthenaCatalog.Database database = catalog.database(name);
        return Json.object(out -> {
            out.writeFieldName("Database");
            AthenaCatalog.writeDatabase(out, database);
        });
    }

    private byte[] listTables(Members in) {
        AthenaCatalog.requireCatalog(in);
        String name = in.requiredString("DatabaseName", 1, 128, null);
        String expression = in.optionalString("Expression", 0, 256, null);
        workGroup(in, "WorkGroup");
        AthenaCatalog.Database database = catalog.database(name);
        Window<AthenaCatalog.Table> page = Window.of(in, 1, catalog.tables(database, expression), "tables",
                database.name(), expression);
        return page.answer("TableMetadataList", AthenaCatalog::writeTable);
    }

    private byte[] getTable(Members in) {
        AthenaCatalog.requireCatalog(in);
        String databaseName = in.requiredString("DatabaseName", 1, 128, null);
        String tableName = in.requiredString("TableName", 1, 128, null);
        workGroup(in, "WorkGroup");
        AthenaCatalog.Table table = catalog.table(catalog.database(databaseName), tableName);
        return Json.object(out -> {
            out.writeFieldName("TableMetadata");
            AthenaCatalog.writeTable(out, table);
        });
    }

    private byte[] listWorkGroups(Members in) {
        Window<String> page = Window.of(in, 1, List.of(WORKGROUP), "workgroups");
        return page.answer("WorkGroups", (out, name) -> {
            out.writeStartObject();
            writeWorkGroupSummary(out, name);
            writeEngineVersion(out);
            out.writeEndObject();
        });
    }

    private byte[] getWorkGroup(Members in) {
        in.requiredString("WorkGroup", 1, 128, WORKGROUP_NAME);
        String name = workGroup(in, "WorkGroup");
        return Json.object(out -> {
            out.writeObjectFieldStart("WorkGroup");
            writeWorkGroupSummary(out, name);
            out.writeObjectFieldStart("Configuration");
            out.writeObjectFieldStart("ResultConfiguration");
            out.writeStringField("OutputLocation", DEFAULT_OUTPUT);
            out.writeEndObject();
            out.writeBooleanField("EnforceWorkGroupConfiguration", false);
            out.writeBooleanField("PublishCloudWatchMetricsEnabled", false);
            out.writeBooleanField("RequesterPaysEnabled", false);
            writeEngineVersion(out);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private void writeWorkGroupSummary(JsonGenerator out, String name) throws IOException {
        out.writeStringField("Name", name);
        out.writeStringField("State", "ENABLED");
        out.writeStringField("Description", "The local engine's workgroup");
        writeTime(out, "CreationTime", created);
    }

    private void writeEngineVersion(JsonGenerator out) throws IOException {
        out.writeObjectFieldStart("EngineVersion");
        out.writeStringField("SelectedEngineVersion", "AUTO");
        out.writeStringField("EffectiveEngineVersion", engineVersion);
        out.writeEndObject();
    }

    /** Writes one item of a list. */
    private interface ItemWriter<T> {
        void write(JsonGenerator out, T item) throws IOException;
    }

    /** One page of a list, by an offset token bound to the listing and its filters. */
    private record Window<T>(List<T> items, String next) {

        /** The answer: the page's items under the member's name, and the token for the rest. */
        byte[] answer(String member, ItemWriter<T> item) {
            return Json.object(out -> {
                out.writeArrayFieldStart(member);
                for (T value : items) {
                    item.write(out, value);
                }
                out.writeEndArray();
                writeIfSet(out, "NextToken", next);
            });
        }

        static <T> Window<T> of(Members in, int minResults, List<T> all, String listing, String... filters) {
            Integer max = in.optionalInt("MaxResults", minResults, 50);
            int size = max == null ? 50 : max;
            String token = in.optionalString("NextToken", 1, 1024, null);
            String bound = String.join("\u0000", Arrays.stream(filters).map(f -> f == null ? "-" : "+" + f).toList());
            int from = 0;
            if (token != null) {
                String[] parts = Tokens.decode(token, listing, 2);
                if (!parts[0].equals(Integer.toHexString(bound.hashCode()))) {
                    throw Tokens.invalid();
                }
                from = (int) Math.min(Tokens.number(parts[1]), all.size());
            }
            int to = Math.min(all.size(), from + size);
            String next = to < all.size() ? Tokens.encode(listing, Integer.toHexString(bound.hashCode()),
                    Integer.toString(to)) : null;
            return new Window<>(all.subList(from, to), next);
        }
    }

    // ---- the result CSV, for S3 ----------------------------------------------------------------------------------

    /**
     * The object at bucket/key for a caller: a succeeded query's CSV at its output location plus
     * {@code <QueryExecutionId>.csv}. NoSuchBucket for a bucket no query of the caller writes to
     * (but {@code quire-local}), NoSuchKey for any other key.
     */
    public ResultObject resultObject(String caller, String bucket, String key) {
        String owner = owner(caller);
        String location = "s3://" + bucket + "/";
        if (!bucket.equals(RESULT_BUCKET) && engine.statements(owner).stream().noneMatch(query -> query.request()
                .attributes().getOrDefault(OUTPUT_ATTRIBUTE, "").startsWith(location))) {
            throw new ApiError("NoSuchBucket", 404, "The specified bucket does not exist",
                    Map.of("BucketName", bucket));
        }
        ApiError noSuchKey = new ApiError("NoSuchKey", 404, "The specified key does not exist.", Map.of("Key", key));
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        if (!name.endsWith(".csv")) {
            throw noSuchKey;
        }
        String id = name.substring(0, name.length() - ".csv".length());
        StatementSnapshot query;
        try {
            query = id.isEmpty() ? null : engine.describe(owner, id);
        } catch (EngineException e) {
            throw noSuchKey;
        }
        String prefix = location + key.substring(0, slash + 1);
        if (query == null || query.status() != Phase.FINISHED
                || !prefix.equals(query.request().attributes().get(OUTPUT_ATTRIBUTE))) {
            throw noSuchKey;
        }
        boolean header = query.hasResultSet() && StatementKind.of(query.sql()) == StatementKind.DML;
        ResultCsv.Written written;
        try {
            written = csv.get(owner, query, header);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.GONE) {
                throw new ApiError("NoSuchKey", 404, e.getMessage(), Map.of("Key", key));
            }
            throw e;
        }
        return new ResultObject(written.file(), written.length(), "\"" + written.md5Hex() + "\"",
                written.crc32Base64(), written.lastModified(), "text/csv");
    }

    @Override
    public void close() {
        pages.close();
    }

    // ---- JSON ----------------------------------------------------------------------------------------------------

    private static Reply json(byte[] body) {
        return new Reply(200, AwsJson.CONTENT_TYPE, body);
    }

    private static void writeStrings(JsonGenerator out, String name, List<String> values) throws IOException {
        out.writeArrayFieldStart(name);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    private static void writeTime(JsonGenerator out, String name, Instant time) throws IOException {
        out.writeFieldName(name);
        out.writeNumber(time.getEpochSecond() + time.getNano() / 1_000_000 / 1000.0);
    }
}
