package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
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
import dev.quire.model.RunState;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Dremio's REST API v3 over OkHttp and Jackson: a statement is a job submitted once by POST /sql
 * (never sent again: Dremio has no idempotency token), followed by GET /job/{id}, and its result
 * read by offset, at most 500 rows a call, several pages at once while they are read in order
 * ({@link ReadAhead}); any row can be read first. GETs are retried on 5xx and broken connections.
 *
 * <p>The catalog is a tree of any depth: the home space, spaces and sources, their folders, then
 * datasets (physical or virtual) and their fields, every page through pageToken. The history is
 * {@code sys.jobs_recent}, where the server has it; the flat listings are INFORMATION_SCHEMA, a
 * schema being a container's dot-joined path as Dremio writes it.
 */
public final class DremioClient implements DataApi {

    /** Children asked for in one catalog call. */
    static final int CATALOG_PAGE = 100;
    /** Pages of one result in flight at once, by default. */
    public static final int DEFAULT_PARALLEL_PAGES = 4;
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int REMEMBERED = 256;
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    /**
     * No batches (a script runs statement by statement), no long polls, random access in pages of
     * at most 500 rows, history from sys.jobs_recent; the catalog is of any depth.
     */
    static final Capabilities CAPABILITIES = new Capabilities(0, false, false, Capabilities.Paging.RANDOM_ACCESS,
            DremioWire.MAX_LIMIT, true, List.of("source or space", "folder", "dataset"), true);

    private final HttpUrl api;
    private final List<String> context;
    private final DremioLogin login;
    private final OkHttpClient ownHttp;
    private final DremioAuth auth;
    private final Calls calls;
    private final ReadAhead readAhead;
    private final ClientBuilder.Options options;
    private final ScheduledThreadPoolExecutor poller;
    /** Jobs that ended, by id: their status does not change. */
    private final Map<String, JobStatus> ended = Recent.map(REMEMBERED);
    /** The SQL of the jobs this client submitted, by id. */
    private final Map<String, String> submitted = Recent.map(REMEMBERED);
    private volatile boolean noHistory;

    private DremioClient(Builder builder) {
        this.options = builder.options();
        this.login = builder.login;
        this.context = List.copyOf(builder.context);
        this.ownHttp = options.http() == null ? HttpClients.create() : null;
        OkHttpClient base = options.http() != null ? options.http() : ownHttp;
        HttpUrl root = root(builder.baseUrl);
        this.api = builder.projectId == null ? root.newBuilder().addPathSegments(DremioWire.API).build()
                : root.newBuilder().addPathSegment("v0").addPathSegment("projects").addPathSegment(builder.projectId)
                        .build();
        this.auth = new DremioAuth(login, base, root.newBuilder().addPathSegments(DremioWire.LOGIN).build(),
                builder.clock);
        this.calls = new Calls(base.newBuilder().addInterceptor(auth).build(), false, options.retryPolicy());
        this.readAhead = new ReadAhead(builder.parallelPages, DremioWire.MAX_LIMIT,
                (id, offset) -> results(id, offset, DremioWire.MAX_LIMIT));
        this.poller = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "quire-dremio-poll");
            t.setDaemon(true);
            return t;
        });
        poller.setRemoveOnCancelPolicy(true);
    }

    public static Builder builder(URI baseUrl, DremioLogin login) {
        return new Builder(baseUrl, login);
    }

    /** Options for a client; only the URL and the login are required. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final URI baseUrl;
        private final DremioLogin login;
        private String projectId;
        private List<String> context = List.of();
        private int parallelPages = DEFAULT_PARALLEL_PAGES;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder(URI baseUrl, DremioLogin login) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.login = Objects.requireNonNull(login, "login");
        }

        /** A Dremio Cloud project: the API is /v0/projects/{id}, signed in with a personal access token. */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** The space and folders unqualified names resolve in. */
        public Builder context(List<String> context) {
            this.context = List.copyOf(context);
            return this;
        }

        /** Pages of one result fetched at once while it is read in order; 1 fetches one page at a time. */
        public Builder parallelPages(int pages) {
            if (pages < 1 || pages > HttpClients.MAX_REQUESTS) {
                throw new IllegalArgumentException("1 to " + HttpClients.MAX_REQUESTS + " pages at once, not " + pages);
            }
            this.parallelPages = pages;
            return this;
        }

        /** The clock a session token's expiry is read against (for tests). */
        Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        public DremioClient build() {
            if (projectId != null && login.usesPassword()) {
                throw new IllegalArgumentException("Dremio Cloud signs in with a personal access token, not a password.");
            }
            return new DremioClient(this);
        }
    }

    /** The base URL with the path it names, ending in a slash. */
    private static HttpUrl root(URI baseUrl) {
        HttpUrl url = HttpUrl.get(baseUrl);
        HttpUrl.Builder root = url.newBuilder().encodedPath("/").query(null).fragment(null);
        for (String segment : url.pathSegments()) {
            if (!segment.isEmpty()) {
                root.addPathSegment(segment);
            }
        }
        return root.build();
    }

    @Override
    public ParameterStyle parameterStyle() {
        return ParameterStyle.NONE;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.DREMIO;
    }

    /** Logins sent so far (for tests). */
    int logins() {
        return auth.logins();
    }

    /** Pages fetched ahead and not asked for yet (for tests). */
    int pagesAhead() {
        return readAhead.ahead();
    }

    // ---- jobs

    /**
     * Submits the statement once, with the connection's context. An answer lost on the way fails
     * the call without sending it again (the job may have started; the history shows it).
     */
    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        if (request.isBatch()) {
            return CompletableFuture.failedFuture(DremioErrors.invalid("Dremio runs one statement at a time; run the "
                    + request.sqls().size() + " statements one by one."));
        }
        if (!request.parameters().isEmpty()) {
            return CompletableFuture.failedFuture(DremioErrors.invalid(
                    "Dremio's REST API takes no parameters; write the values into the statement."));
        }
        String sql = request.sqls().get(0);
        return submit(sql).thenApply(id -> {
            synchronized (submitted) {
                submitted.put(id, sql);
            }
            return id;
        });
    }

    private CompletableFuture<String> submit(String sql) {
        byte[] body = Json.object(out -> {
            out.writeStringField("sql", sql);
            if (!context.isEmpty()) {
                out.writeArrayFieldStart("context");
                for (String name : context) {
                    out.writeString(name);
                }
                out.writeEndArray();
            }
        });
        Request request = new Request.Builder().url(url("sql")).post(RequestBody.create(body, JSON)).build();
        CompletableFuture<String> sent = calls.callOnce(request, response -> {
            JsonNode answer = object(response);
            String id = answer.path("id").asText("");
            if (id.isEmpty()) {
                throw new JsonParseException(null, "malformed response: no job id");
            }
            return id;
        });
        Steps<String> steps = new Steps<>();
        return steps.of(steps.step(sent).handle((id, error) -> {
            if (error == null) {
                return id;
            }
            Throwable cause = Steps.unwrap(error);
            if (cause instanceof DataApiException e && e.status() == 0
                    && (DataApiException.NETWORK_ERROR.equals(e.code()) || DataApiException.TIMEOUT.equals(e.code()))) {
                throw new DataApiException(e.code(), e.getMessage() + ". The statement was not sent again, as Dremio "
                        + "would run it twice; it may have started: see the history.", e);
            }
            throw new CompletionException(cause);
        }));
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return status(id).thenApply(status -> status.info(sqlOf(id)));
    }

    private String sqlOf(String id) {
        synchronized (submitted) {
            return submitted.get(id);
        }
    }

    /** GET /job/{id}, remembered once the job ended. */
    private CompletableFuture<JobStatus> status(String id) {
        JobStatus known;
        synchronized (ended) {
            known = ended.get(id);
        }
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return get(url("job", id), response -> {
            JobStatus status = JobStatus.read(id, object(response));
            if (status.isFinal()) {
                synchronized (ended) {
                    ended.put(id, status);
                }
            }
            return status;
        });
    }

    /**
     * The page of a finished job's result that starts at the row asked for (null: row 0), at most
     * 500 rows; pages read in order come several at once.
     */
    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef page) {
        if (page instanceof PageRef.Token) {
            return CompletableFuture.failedFuture(DremioErrors.invalid(
                    "Dremio's result pages are read by offset, not by token."));
        }
        return readAhead.page(id, page == null ? 0 : page.row());
    }

    /** GET /job/{id}/results?offset&limit. */
    CompletableFuture<ResultPage> results(String id, long offset, int limit) {
        HttpUrl url = url("job", id, "results").newBuilder().addQueryParameter("offset", Long.toString(offset))
                .addQueryParameter("limit", Integer.toString(limit)).build();
        return get(url, response -> {
            try (InputStream in = response.body().byteStream()) {
                return ResultsReader.read(in, offset, limit);
            }
        });
    }

    /**
     * Cancels the job when it is still running (true); a job that ended already answers false
     * (Dremio answers 404 to cancelling it, as to an unknown job, so its state is read first).
     */
    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        Steps<Boolean> steps = new Steps<>();
        return steps.of(steps.step(status(id)).thenCompose(status -> {
            if (status.isFinal()) {
                return CompletableFuture.completedFuture(false);
            }
            Request request = new Request.Builder().url(url("job", id, "cancel"))
                    .post(RequestBody.create(new byte[0], JSON)).build();
            return steps.step(calls.call(request, response -> {
                if (response.code() == 404) {
                    return false;
                }
                if (!response.isSuccessful()) {
                    throw error(response);
                }
                return true;
            }));
        }));
    }

    // ---- history and the flat listings: jobs of this client's own, read page by page

    /** The first line of the jobs the client runs for itself, which the history leaves out. */
    static final String LISTING_MARK = "-- quire listing\n";

    /**
     * The caller's jobs, newest first, from sys.jobs_recent; a server without it has no history
     * to list (an empty page). A page token is the listing job's id and the row to read on from.
     */
    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        if (noHistory) {
            return CompletableFuture.completedFuture(new Page<>(List.of(), null));
        }
        String sql = "SELECT job_id, status, query, submitted_ts, final_state_ts FROM sys.jobs_recent"
                + " WHERE query NOT LIKE " + SqlDialect.literal(LISTING_MARK + "%")
                + (login.usesPassword() ? " AND user_name = " + SqlDialect.literal(login.user()) : "")
                + " ORDER BY submitted_ts DESC";
        Steps<Page<StatementSummary>> steps = new Steps<>();
        return steps.of(steps.step(listing(sql, pageToken, true)).thenApply(listed -> {
            if (listed == null) {
                noHistory = true;
                return new Page<>(List.of(), null);
            }
            List<StatementSummary> items = new ArrayList<>();
            for (Object[] row : listed.rows()) {
                String id = text(row, 0);
                if (id == null || id.equals(listed.job())) {
                    continue;
                }
                String state = text(row, 1);
                items.add(new StatementSummary(id, DremioWire.stateOf(state), state,
                        List.of(Objects.requireNonNullElse(text(row, 2), "")), null, Listed.time(text(row, 3)),
                        Listed.time(text(row, 4)), false));
            }
            return new Page<>(items, listed.nextToken());
        }));
    }

    /** The top level of the catalog: the home space, spaces and sources. */
    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        return children(CatalogPath.ROOT, pageToken).thenApply(page -> new Page<>(
                page.items().stream().map(CatalogEntry::name).toList(), page.nextToken()));
    }

    /** The containers in and under a top-level one whose dot-joined path matches the LIKE pattern. */
    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        String sql = "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE " + under("SCHEMA_NAME", database)
                + like("SCHEMA_NAME", schemaPattern) + " ORDER BY SCHEMA_NAME";
        return listing(sql, pageToken, false).thenApply(listed -> new Page<>(
                listed.rows().stream().map(row -> text(row, 0)).toList(), listed.nextToken()));
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.\"TABLES\" WHERE "
                + under("TABLE_SCHEMA", database) + like("TABLE_SCHEMA", schemaPattern)
                + like("TABLE_NAME", tablePattern) + " ORDER BY TABLE_SCHEMA, TABLE_NAME";
        return listing(sql, pageToken, false).thenApply(listed -> new Page<>(listed.rows().stream()
                .map(row -> new TableInfo(text(row, 0), text(row, 1), text(row, 2))).toList(), listed.nextToken()));
    }

    /** The columns of a dataset named by its schema (the dot-joined path of its container) and name. */
    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                        String pageToken) {
        String sql = "SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, NUMERIC_PRECISION, NUMERIC_SCALE"
                + " FROM INFORMATION_SCHEMA.\"COLUMNS\" WHERE TABLE_SCHEMA = "
                + SqlDialect.literal(schema == null || schema.isBlank() ? Objects.requireNonNullElse(database, "")
                        : schema)
                + " AND TABLE_NAME = " + SqlDialect.literal(table) + " ORDER BY ORDINAL_POSITION";
        return listing(sql, pageToken, false).thenApply(listed -> new Page<>(listed.rows().stream()
                .map(row -> new Column(text(row, 0), text(row, 1), !"NO".equals(text(row, 2)), number(row, 3),
                        number(row, 4))).toList(), listed.nextToken()));
    }

    /** A database's own schema and those under it: the column equals it or starts with it and a dot. */
    private static String under(String column, String database) {
        if (database == null || database.isBlank()) {
            return "1 = 1";
        }
        return "(" + column + " = " + SqlDialect.literal(database) + " OR " + column + " LIKE "
                + SqlDialect.literal(Listed.escapeLike(database) + ".%") + " ESCAPE '\\')";
    }

    private static String like(String column, String pattern) {
        return pattern == null || pattern.isBlank() || pattern.equals("%") ? ""
                : " AND " + column + " LIKE " + SqlDialect.literal(pattern) + " ESCAPE '\\'";
    }

    /**
     * One page of rows of a listing job: run here for the first page (submitted, followed to its
     * end), read on from the token's row after it. A job that fails is an error, or null when
     * missingIsEmpty (the listing's table is not on this server).
     */
    private CompletableFuture<Listed> listing(String sql, String pageToken, boolean missingIsEmpty) {
        Listed.Token token;
        try {
            token = pageToken == null ? null : Listed.Token.parse(pageToken);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(DremioErrors.invalid(e.getMessage()));
        }
        if (token != null) {
            return results(token.job(), token.row(), DremioWire.MAX_LIMIT).thenApply(page -> new Listed(token.job(),
                    page));
        }
        Steps<Listed> steps = new Steps<>();
        return steps.of(steps.step(submit(LISTING_MARK + sql)).thenCompose(job -> {
            CompletableFuture<JobStatus> done = new CompletableFuture<>();
            follow(job, FIRST_POLL, done, steps);
            return steps.step(done).thenCompose(status -> {
                if (status.runState() != RunState.FINISHED) {
                    if (missingIsEmpty && status.runState() == RunState.FAILED) {
                        return CompletableFuture.completedFuture(null);
                    }
                    StatementInfo info = status.info(sql);
                    return CompletableFuture.failedFuture(new DataApiException(DremioErrors.QUERY_FAILED,
                            "Dremio could not list the catalog: " + info.error(), 0, null));
                }
                return steps.step(results(job, 0, DremioWire.MAX_LIMIT)).thenApply(page -> new Listed(job, page));
            });
        }));
    }

    /** Describes the job until it ends, waiting longer each time (20 ms to 1 s) on the poll thread. */
    private void follow(String job, Duration wait, CompletableFuture<JobStatus> done, Steps<?> steps) {
        steps.step(status(job)).whenComplete((status, error) -> {
            if (error != null) {
                done.completeExceptionally(Steps.unwrap(error));
            } else if (status.isFinal()) {
                done.complete(status);
            } else if (!steps.isDone()) {
                Duration next = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
                try {
                    poller.schedule(() -> follow(job, next, done, steps), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    done.cancel(false);
                }
            }
        });
    }

    // ---- the catalog

    /** The top level (GET /catalog), or one page of a container's children (GET /catalog/by-path/...). */
    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        if (parent.isRoot()) {
            if (pageToken != null) {
                return CompletableFuture.failedFuture(DremioErrors.invalid(
                        "The top of Dremio's catalog comes in one page; there is no page " + pageToken));
            }
            return get(url("catalog"), response -> {
                try (InputStream in = response.body().byteStream()) {
                    return new Page<>(CatalogReader.top(in), null);
                }
            });
        }
        HttpUrl.Builder url = byPath(parent).addQueryParameter("maxChildren", Integer.toString(CATALOG_PAGE));
        if (pageToken != null) {
            url.addQueryParameter("pageToken", pageToken);
        }
        return get(url.build(), response -> {
            try (InputStream in = response.body().byteStream()) {
                CatalogReader.Entity entity = CatalogReader.entity(in, parent);
                if (!entity.isContainer()) {
                    throw DremioErrors.invalid("A " + entity.entityType() + " has no children: " + parent);
                }
                return new Page<>(entity.children(), entity.nextPageToken());
            }
        });
    }

    /** A dataset's fields, in their order, in one page. */
    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        if (table.isRoot()) {
            return CompletableFuture.failedFuture(DremioErrors.invalid("The catalog's top has no columns."));
        }
        if (pageToken != null) {
            return CompletableFuture.failedFuture(DremioErrors.invalid(
                    "A dataset's fields come in one page; there is no page " + pageToken));
        }
        HttpUrl url = byPath(table).addQueryParameter("maxChildren", "0").build();
        return get(url, response -> {
            try (InputStream in = response.body().byteStream()) {
                CatalogReader.Entity entity = CatalogReader.entity(in, table);
                if (entity.fields() == null) {
                    throw DremioErrors.invalid("A " + entity.entityType() + " has no columns: " + table);
                }
                return new Page<>(entity.fields(), null);
            }
        });
    }

    private HttpUrl.Builder byPath(CatalogPath path) {
        HttpUrl.Builder url = api.newBuilder().addPathSegment("catalog").addPathSegment("by-path");
        path.names().forEach(url::addPathSegment);
        return url;
    }

    // ---- plumbing

    private HttpUrl url(String... segments) {
        HttpUrl.Builder url = api.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    /** A GET, retried on 5xx and I/O errors; an error answer fails the future. */
    private <T> CompletableFuture<T> get(HttpUrl url, Calls.Reader<T> reader) {
        return calls.call(new Request.Builder().url(url).get().build(), response -> {
            if (!response.isSuccessful()) {
                throw error(response);
            }
            return reader.read(response);
        });
    }

    private DataApiException error(Response response) throws IOException {
        return DremioErrors.of(response, auth.refused());
    }

    /** A success's body, which must be one JSON object; an error answer throws its error. */
    private JsonNode object(Response response) throws IOException {
        if (!response.isSuccessful()) {
            throw error(response);
        }
        try (InputStream in = response.body().byteStream()) {
            JsonNode node = Json.MAPPER.readTree(in);
            if (node == null || !node.isObject()) {
                throw new JsonParseException(null, "malformed response: expected a JSON object");
            }
            return node;
        }
    }

    private static String text(Object[] row, int column) {
        return column < row.length && row[column] != null ? row[column].toString() : null;
    }

    private static int number(Object[] row, int column) {
        return column < row.length && row[column] instanceof Number n ? n.intValue() : 0;
    }


    @Override
    public void close() {
        readAhead.close();
        poller.shutdownNow();
        calls.close();
        if (ownHttp != null) {
            HttpClients.shutdown(ownHttp);
        }
        options.closeResource();
    }
}
