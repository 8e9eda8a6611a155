package dev.quire.service;

import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real DataApi with every call counted by name; tests override a call to inject a fault. */
public class ForwardingApi implements DataApi {

    protected final DataApi real;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public ForwardingApi(DataApi real) {
        this.real = real;
    }

    public int count(String name) {
        return calls.getOrDefault(name, new AtomicInteger()).get();
    }

    protected void note(String name) {
        calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        note("execute");
        return real.execute(request);
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        note("describe");
        return real.describe(id);
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id, Duration wait) {
        note(wait.isZero() ? "describe" : "longPoll");
        return real.describe(id, wait);
    }

    @Override
    public Capabilities capabilities() {
        return real.capabilities();
    }

    @Override
    public ParameterStyle parameterStyle() {
        return real.parameterStyle();
    }

    @Override
    public boolean sessions() {
        return real.sessions();
    }

    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef pageToken) {
        note("fetch");
        return real.fetch(id, pageToken);
    }

    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        note("cancel");
        return real.cancel(id);
    }

    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        note("listDatabases");
        return real.listDatabases(pageToken);
    }

    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        note("listSchemas");
        return real.listSchemas(database, schemaPattern, pageToken);
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        note("listTables");
        return real.listTables(database, schemaPattern, tablePattern, pageToken);
    }

    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                        String pageToken) {
        note("describeTable");
        return real.describeTable(database, schema, table, pageToken);
    }

    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        note("listStatements");
        return real.listStatements(pageToken);
    }

    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        note("children");
        return real.children(parent, pageToken);
    }

    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        note("columns");
        return real.columns(table, pageToken);
    }

    @Override
    public SqlDialect dialect() {
        return real.dialect();
    }

    @Override
    public void close() {
        real.close();
    }
}
