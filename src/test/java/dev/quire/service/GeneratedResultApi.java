package dev.quire.service;

import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.client.DataApiException;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A backend test double that serves one generated result, row i being (i, "row i"): by offset
 * (random access, as Dremio pages: at most pageRows rows, the total known) or by forward tokens
 * (optionally without telling the total, as Athena). Every fetch is recorded by the row it asks for;
 * with {@link #hold()} each later fetch waits until the test releases it, and {@link #failOnce(long)}
 * fails the next fetch of a row. It runs no SQL.
 */
public final class GeneratedResultApi implements DataApi {

    public static final List<Column> COLUMNS = List.of(Column.of("id", "int8"), Column.of("label", "varchar"));

    private final long rows;
    private final int pageRows;
    private final boolean randomAccess;
    private final boolean tellsTotal;
    private final List<Long> fetches = Collections.synchronizedList(new ArrayList<>());
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private boolean holding;
    private long failing = -1;

    private GeneratedResultApi(long rows, int pageRows, boolean randomAccess, boolean tellsTotal) {
        this.rows = rows;
        this.pageRows = pageRows;
        this.randomAccess = randomAccess;
        this.tellsTotal = tellsTotal;
    }

    /** Pages by offset and limit, the total known. */
    public static GeneratedResultApi randomAccess(long rows, int pageRows) {
        return new GeneratedResultApi(rows, pageRows, true, true);
    }

    /** Pages by forward tokens; tellsTotal false leaves the total unknown until the last page. */
    public static GeneratedResultApi forward(long rows, int pageRows, boolean tellsTotal) {
        return new GeneratedResultApi(rows, pageRows, false, tellsTotal);
    }

    /** The first row each fetch asked for, in the order they were asked. */
    public List<Long> fetches() {
        synchronized (fetches) {
            return List.copyOf(fetches);
        }
    }

    /** From now on each fetch waits for {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Answers the oldest fetch waiting; false when none waits. */
    public boolean release() {
        Runnable next;
        synchronized (this) {
            next = held.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    public synchronized int waiting() {
        return held.size();
    }

    /** The next fetch that asks for this row fails, as a broken connection would. */
    public synchronized void failOnce(long row) {
        failing = row;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(0, false, false, randomAccess ? Capabilities.Paging.RANDOM_ACCESS
                : Capabilities.Paging.FORWARD_TOKENS, pageRows, false, List.of("source", "folder", "dataset"), false);
    }

    @Override
    public CompletableFuture<ResultPage> fetch(String id, PageRef page) {
        if (page instanceof PageRef.Offset && !randomAccess || page instanceof PageRef.Token && randomAccess) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not this backend's paging: " + page));
        }
        long from = page == null ? 0 : page.row();
        fetches.add(from);
        synchronized (this) {
            if (failing == from) {
                failing = -1;
                return CompletableFuture.failedFuture(new DataApiException(DataApiException.NETWORK_ERROR,
                        "connection reset", null));
            }
        }
        CompletableFuture<ResultPage> answer = new CompletableFuture<>();
        Runnable reply = () -> answer.complete(page(from));
        synchronized (this) {
            if (holding) {
                held.add(reply);
                return answer;
            }
        }
        reply.run();
        return answer;
    }

    private ResultPage page(long from) {
        long to = Math.min(rows, from + pageRows);
        List<Object[]> cells = new ArrayList<>();
        for (long row = from; row < to; row++) {
            cells.add(new Object[] {row, "row " + row});
        }
        PageRef next = to >= rows ? null : randomAccess ? PageRef.at(to) : PageRef.token("after-" + to, to);
        return new ResultPage(COLUMNS, cells, from, tellsTotal || next == null ? rows : ResultPage.UNKNOWN, next);
    }

    private static <T> CompletableFuture<T> notHere() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this double only serves results"));
    }

    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        return notHere();
    }

    @Override
    public CompletableFuture<StatementInfo> describe(String id) {
        return notHere();
    }

    @Override
    public CompletableFuture<Boolean> cancel(String id) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<String>> listDatabases(String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                         String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<Column>> describeTable(String database, String schema, String table,
                                                         String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<StatementSummary>> listStatements(String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<dev.quire.model.CatalogEntry>> children(dev.quire.model.CatalogPath parent,
                                                                        String pageToken) {
        return notHere();
    }

    @Override
    public CompletableFuture<Page<Column>> columns(dev.quire.model.CatalogPath table, String pageToken) {
        return notHere();
    }

    @Override
    public dev.quire.model.SqlDialect dialect() {
        return dev.quire.model.SqlDialect.REDSHIFT;
    }

    @Override
    public void close() {
    }
}
