package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.ResultPage;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A backend that is only a catalog: a tree of any depth held in memory, listed in pages of a few
 * entries with offsets as tokens, answered on a thread of its own as a network client would. Its
 * statement calls fail: it has no engine.
 */
public final class CatalogTreeApi implements DataApi {

    private final SqlDialect dialect;
    private final int pageSize;
    private final Map<CatalogPath, List<CatalogEntry>> children = new ConcurrentHashMap<>();
    private final Map<CatalogPath, List<Column>> columns = new ConcurrentHashMap<>();
    private final Map<CatalogPath, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "catalog-tree-api");
        thread.setDaemon(true);
        return thread;
    });

    public CatalogTreeApi(SqlDialect dialect, int pageSize) {
        this.dialect = dialect;
        this.pageSize = pageSize;
        children.put(CatalogPath.ROOT, new ArrayList<>());
    }

    /**
     * A Dremio-style catalog whose dataset trips lies five levels down, in pages of two: three
     * sources and spaces; samples.dremio.com / NYC taxi / 2024 / by_month / trips, order and
     * Trips View; trips has the columns "pickup at", fare and passenger_count.
     */
    public static CatalogTreeApi fiveLevels() {
        CatalogPath source = CatalogPath.of("samples.dremio.com");
        CatalogPath month = source.child("NYC taxi").child("2024").child("by_month");
        return new CatalogTreeApi(SqlDialect.DREMIO, 2)
                .container(source, "SOURCE")
                .container(CatalogPath.of("@alice"), "HOME")
                .container(CatalogPath.of("Marketing"), "SPACE")
                .container(source.child("NYC taxi"), "FOLDER")
                .table(source.child("zips.json"), CatalogEntry.Kind.TABLE, "PHYSICAL_DATASET", Column.of("city",
                        "varchar"))
                .container(source.child("NYC taxi").child("2024"), "FOLDER")
                .container(month, "FOLDER")
                .container(source.child("NYC taxi").child("2024").child("by day"), "FOLDER")
                .table(month.child("trips"), CatalogEntry.Kind.TABLE, "PHYSICAL_DATASET",
                        new Column("pickup at", "timestamp", false, 0, 0), Column.of("fare", "double"),
                        Column.of("passenger_count", "integer"))
                .table(month.child("order"), CatalogEntry.Kind.TABLE, "PHYSICAL_DATASET", Column.of("id", "bigint"))
                .table(month.child("Trips View"), CatalogEntry.Kind.VIEW, "VIRTUAL_DATASET", Column.of("fare",
                        "double"));
    }

    /** Adds a container under its parent, which must be there already. */
    public CatalogTreeApi container(CatalogPath path, String type) {
        parentOf(path).add(CatalogEntry.container(path, type));
        children.put(path, new ArrayList<>());
        return this;
    }

    /** Adds a table, view or dataset with its columns under its parent. */
    public CatalogTreeApi table(CatalogPath path, CatalogEntry.Kind kind, String type, Column... its) {
        parentOf(path).add(new CatalogEntry(path, kind, type, false));
        columns.put(path, List.of(its));
        return this;
    }

    /** How many pages were asked for under the path (children or columns). */
    public int calls(CatalogPath path) {
        return calls.getOrDefault(path, new AtomicInteger()).get();
    }

    private List<CatalogEntry> parentOf(CatalogPath path) {
        List<CatalogEntry> siblings = children.get(path.parent());
        if (siblings == null) {
            throw new IllegalArgumentException("add " + path.parent() + " first");
        }
        return siblings;
    }

    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        return page(parent, pageToken, () -> children.get(parent));
    }

    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        return page(table, pageToken, () -> columns.get(table));
    }

    private <T> CompletableFuture<Page<T>> page(CatalogPath path, String token, Supplier<List<T>> items) {
        calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            List<T> all = items.get();
            if (all == null) {
                throw new DataApiException("NotFound", "Nothing at " + path, 404, null);
            }
            int from = token == null ? 0 : Integer.parseInt(token);
            int to = Math.min(all.size(), from + pageSize);
            return new Page<>(all.subList(from, to), to < all.size() ? String.valueOf(to) : null);
        }, answers);
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    private static <T> CompletableFuture<T> noEngine() {
        return CompletableFuture.failedFuture(new DataApiException("NoEngine", "This backend holds only a catalog",
                0, null));
    }

    @Override
    public dev.quire.client.Capabilities capabilities() {
        return new dev.quire.client.Capabilities(1, false, false, dev.quire.client.Capabilities.Paging.RANDOM_ACCESS,
                500, false, List.of("source", "folder", "dataset"), false);
    }

    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        return noEngine();
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return noEngine();
    }

    @Override
    public CompletableFuture<ResultPage> fetch(String id, dev.quire.model.PageRef page) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                        String pageToken) {
        return noEngine();
    }

    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        return noEngine();
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }
}
