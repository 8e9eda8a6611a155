package dev.quire.client.redshift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client and the query service against the real local server. */
class RedshiftDataClientTest {

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService service;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(LocalEngine.Options.defaults(dir).withSampleData(false).withPageBytes(64 * 1024));
        service = new QueryService(local.client());
    }

    @AfterAll
    static void stop() {
        service.close();
        local.close();
    }

    private static StatementInfo finish(QueryRun run) throws Exception {
        return run.finished().get(30, TimeUnit.SECONDS);
    }

    @Test
    void runsAStatementAndReadsTypedCells() throws Exception {
        QueryRun run = service.run(StatementRequest.of(
                "select 42 as answer, 'x' as letter, null as nothing, 1.5::double as d, false as f, "
                        + "'\\x00\\xFF'::blob as b"));
        StatementInfo info = finish(run);
        assertEquals(RunState.FINISHED, info.status());
        ResultPage page = run.firstPage().get(30, TimeUnit.SECONDS);
        assertEquals(1, page.totalRows());
        assertTrue(page.isLast());
        assertEquals("answer", page.columns().get(0).name());
        assertEquals("int4", page.columns().get(0).typeName());
        Object[] row = page.rows().get(0);
        assertEquals(42L, row[0]);
        assertEquals("x", row[1]);
        assertNull(row[2]);
        assertEquals(1.5, row[3]);
        assertEquals(false, row[4]);
        assertArrayEquals(new byte[] {0, (byte) 0xFF}, (byte[]) row[5]);
    }

    @Test
    void pagesThroughALargeResultInOrder() throws Exception {
        QueryRun run = service.run(StatementRequest.of("select i, i * 2 as twice from range(50000) t(i)"));
        assertEquals(RunState.FINISHED, finish(run).status());
        ResultPage page = run.firstPage().get(30, TimeUnit.SECONDS);
        long seen = 0;
        int pages = 1;
        while (true) {
            for (Object[] row : page.rows()) {
                assertEquals(seen, row[0]);
                assertEquals(seen * 2, row[1]);
                seen++;
            }
            assertEquals(50000, page.totalRows());
            assertEquals(seen - page.rows().size(), page.firstRow(), "a page knows its first row");
            if (page.isLast()) {
                break;
            }
            page = run.page(page.next()).get(30, TimeUnit.SECONDS);
            pages++;
        }
        assertEquals(50000, seen);
        assertTrue(pages > 5, "64 KB pages split 50,000 rows, got " + pages);
    }

    @Test
    void statementWithoutResultReportsAffectedRows() throws Exception {
        assertEquals(RunState.FINISHED,
                finish(service.run(StatementRequest.of("create table if not exists t_affected(i int)"))).status());
        StatementInfo insert = finish(service.run(StatementRequest.of(
                "insert into t_affected select * from range(7)")));
        assertEquals(RunState.FINISHED, insert.status());
        assertEquals(7, insert.resultRows());
        assertEquals(false, insert.hasResultSet());
        QueryRun count = service.run(StatementRequest.of("select count(*) as n from public.t_affected"));
        finish(count);
        assertEquals(7L, count.firstPage().get(30, TimeUnit.SECONDS).rows().get(0)[0]);
    }

    @Test
    void failingStatementEndsFailedWithTheEngineMessage() throws Exception {
        StatementInfo info = finish(service.run(StatementRequest.of("select nope from nowhere")));
        assertEquals(RunState.FAILED, info.status());
        assertTrue(info.error().contains("nowhere"), info.error());
    }

    @Test
    void serverErrorsBecomeTypedExceptions() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> service.api().describe("00000000-0000-0000-0000-000000000001").join());
        DataApiException error = assertInstanceOf(DataApiException.class, e.getCause());
        assertEquals("ResourceNotFoundException", error.code());
        assertEquals(400, error.status());
        assertTrue(error.requestId() != null && !error.requestId().isBlank());
    }

    @Test
    void cancelEndsARunAborted() throws Exception {
        QueryRun run = service.run(StatementRequest.of("select sum(hash(i)) from range(100000000000) t(i)"));
        run.id().get(30, TimeUnit.SECONDS);
        run.cancel();
        assertEquals(RunState.CANCELLED, finish(run).status());
    }

    @Test
    void catalogAndHistoryCallsReadTheServer() throws Exception {
        finish(service.run(StatementRequest.of("select * from history_missing")));
        finish(service.run(StatementRequest.of("create schema if not exists shop")));
        finish(service.run(StatementRequest.of("create table if not exists shop.orders(id bigint not null, note varchar)")));
        var api = service.api();
        assertEquals(java.util.List.of("dev"), api.listDatabases(null).get(30, TimeUnit.SECONDS).items());
        assertTrue(api.listSchemas(null, "sh%", null).get(30, TimeUnit.SECONDS).items().contains("shop"));
        var tables = api.listTables(null, "shop", "%", null).get(30, TimeUnit.SECONDS).items();
        assertEquals(java.util.List.of(new dev.quire.model.TableInfo("shop", "orders", "TABLE")), tables);
        var columns = api.describeTable(null, "shop", "orders", null).get(30, TimeUnit.SECONDS).items();
        assertEquals(java.util.List.of("id", "note"), columns.stream().map(dev.quire.model.Column::name).toList());
        assertEquals("int8", columns.get(0).typeName());
        assertEquals(false, columns.get(0).nullable());
        var history = api.listStatements(null).get(30, TimeUnit.SECONDS).items();
        assertTrue(history.stream().anyMatch(h -> h.sql().startsWith("create table if not exists shop.orders")));
        assertTrue(history.stream().anyMatch(h -> h.status() == RunState.FAILED), "every status is listed");
    }

    @Test
    void batchDescribesItsSubStatementsAndLongPolls() throws Exception {
        QueryRun run = service.run(new StatementRequest(java.util.List.of("select 1 as a", "select 2 as b"),
                java.util.Map.of(), null, null));
        StatementInfo info = finish(run);
        assertEquals(2, info.subStatements().size());
        assertEquals(info.id() + ":2", info.resultSets().get(1).id());
        ResultPage second = service.api().fetch(info.id() + ":2", null).get(30, TimeUnit.SECONDS);
        assertEquals(2L, second.rows().get(0)[0]);
        String slow = service.api().execute(StatementRequest.of("select count(*) from range(20000000)"))
                .get(30, TimeUnit.SECONDS);
        StatementInfo waited = service.api().describe(slow, java.time.Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, waited.status(), "one long poll sees the end");
    }

    @Test
    void theCatalogTreeGoesDatabaseSchemaTableColumnsAndMatchesNamesExactly() throws Exception {
        assertEquals(RunState.FINISHED, finish(service.runScript(
                "create schema if not exists a_b; create schema if not exists axb;"
                + "create table if not exists a_b.t_1(id bigint not null, note varchar);"
                + "create table if not exists a_b.tx1(other int);"
                + "create view a_b.v as select id from a_b.t_1;"
                + "create table if not exists axb.t_1(stray int)")).status());
        var api = service.api();
        assertEquals(SqlDialect.REDSHIFT, api.dialect());
        assertEquals(List.of(CatalogEntry.container(CatalogPath.of("dev"), "DATABASE")),
                api.children(CatalogPath.ROOT, null).get(30, TimeUnit.SECONDS).items());
        List<CatalogEntry> schemas = api.children(CatalogPath.of("dev"), null).get(30, TimeUnit.SECONDS).items();
        assertTrue(schemas.contains(CatalogEntry.container(CatalogPath.of("dev", "a_b"), "SCHEMA")), schemas.toString());
        assertTrue(schemas.contains(CatalogEntry.container(CatalogPath.of("dev", "information_schema"), "SCHEMA")));

        CatalogPath ab = CatalogPath.of("dev", "a_b");
        assertEquals(List.of(new CatalogEntry(ab.child("t_1"), CatalogEntry.Kind.TABLE, "TABLE", false),
                        new CatalogEntry(ab.child("tx1"), CatalogEntry.Kind.TABLE, "TABLE", false),
                        new CatalogEntry(ab.child("v"), CatalogEntry.Kind.VIEW, "VIEW", false)),
                api.children(ab, null).get(30, TimeUnit.SECONDS).items(), "axb is not matched by a_b");
        var system = api.children(CatalogPath.of("dev", "information_schema"), null).get(30, TimeUnit.SECONDS);
        assertTrue(system.items().stream().allMatch(e -> e.kind() == CatalogEntry.Kind.SYSTEM_TABLE), system.toString());

        var columns = api.columns(ab.child("t_1"), null).get(30, TimeUnit.SECONDS).items();
        assertEquals(List.of("id:int8:false", "note:varchar:true"),
                columns.stream().map(c -> c.name() + ":" + c.typeName() + ":" + c.nullable()).toList(),
                "neither tx1 nor axb.t_1, which DescribeTable's patterns also match");

        DataApiException leaf = assertInstanceOf(DataApiException.class, assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> api.children(ab.child("t_1"), null).get(30, TimeUnit.SECONDS)).getCause());
        assertEquals("ValidationException", leaf.code());
        assertInstanceOf(DataApiException.class, assertThrows(java.util.concurrent.ExecutionException.class,
                () -> api.columns(ab, null).get(30, TimeUnit.SECONDS)).getCause());
    }
}
