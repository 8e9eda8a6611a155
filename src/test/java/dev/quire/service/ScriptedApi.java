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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A real DataApi whose result fetches a test script may replace: fail one, hold one, count them. */
final class ScriptedApi implements DataApi {

    /** Answers fetch number {@code call} (1-based); null lets the real API answer. */
    interface Script {
        CompletableFuture<ResultPage> fetch(int call, PageRef page);
    }

    private final DataApi real;
    private final Script script;
    final List<PageRef> tokens = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<ResultPage>> futures = Collections.synchronizedList(new ArrayList<>());

    ScriptedApi(DataApi real, Script script) {
        this.real = real;
        this.script = script;
    }

    int fetches() {
        return tokens.size();
    }

    @Override
    public Capabilities capabilities() {
        return real.capabilities();
    }

    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef pageToken) {
        int call;
        synchronized (tokens) {
            tokens.add(pageToken);
            call = tokens.size();
        }
        CompletableFuture<ResultPage> scripted = script.fetch(call, pageToken);
        CompletableFuture<ResultPage> future = scripted != null ? scripted : real.fetch(id, pageToken);
        futures.add(future);
        return future;
    }

    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        return real.execute(request);
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return real.describe(id);
    }

    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        return real.cancel(id);
    }

    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        return real.listDatabases(pageToken);
    }

    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        return real.listSchemas(database, schemaPattern, pageToken);
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        return real.listTables(database, schemaPattern, tablePattern, pageToken);
    }

    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                         String pageToken) {
        return real.describeTable(database, schema, table, pageToken);
    }

    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        return real.listStatements(pageToken);
    }

    @Override
    public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken) {
        return real.children(parent, pageToken);
    }

    @Override
    public CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken) {
        return real.columns(table, pageToken);
    }

    @Override
    public SqlDialect dialect() {
        return real.dialect();
    }

    @Override
    public void close() {
    }
}
