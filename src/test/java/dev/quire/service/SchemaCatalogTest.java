package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.server.LocalFixture;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.SqlDialect;
import dev.quire.model.TableInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog against the real local server and a five-level double: lazy levels, caching, refresh, paging. */
class SchemaCatalogTest {

    @TempDir
    static Path dir;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.startWith(dir, "create schema shop; create table shop.orders(id bigint, total double);"
                + "create view shop.big_orders as select * from shop.orders where total > 100;"
                + "create schema shop_2; create table shop_2.items(sku varchar)");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static List<String> names(List<CatalogEntry> entries) {
        return entries.stream().map(CatalogEntry::name).toList();
    }

    @Test
    void loadsEachLevelOnceAndRefreshes() throws Exception {
        ForwardingApi api = new ForwardingApi(local.client());
        SchemaCatalog catalog = new SchemaCatalog(api);
        assertEquals(SqlDialect.REDSHIFT, catalog.dialect());
        assertEquals(List.of(CatalogEntry.container(CatalogPath.of("dev"), "DATABASE")),
                get(catalog.children(CatalogPath.ROOT)));
        CatalogPath dev = CatalogPath.of("dev");
        assertTrue(names(get(catalog.children(dev))).containsAll(List.of("shop", "shop_2", "public")));
        CatalogPath shop = dev.child("shop");
        List<CatalogEntry> tables = get(catalog.children(shop));
        assertEquals(List.of(new CatalogEntry(shop.child("big_orders"), CatalogEntry.Kind.VIEW, "VIEW", false),
                        new CatalogEntry(shop.child("orders"), CatalogEntry.Kind.TABLE, "TABLE", false)),
                tables.stream().sorted(java.util.Comparator.comparing(CatalogEntry::name)).toList(),
                "shop_2 is not matched by the schema name used as a pattern");
        List<Column> columns = get(catalog.columns(shop.child("orders")));
        assertEquals(List.of("id:int8", "total:float8"),
                columns.stream().map(c -> c.name() + ":" + c.typeName()).toList());

        get(catalog.children(shop));
        get(catalog.columns(shop.child("orders")));
        assertEquals(3, api.count("children"), "the root, dev and shop, once each");
        assertEquals(1, api.count("columns"));
        assertTrue(catalog.loadedNames("ORD").containsAll(List.of("orders", "big_orders")));

        catalog.refresh(shop);
        get(catalog.children(shop));
        get(catalog.children(dev));
        assertEquals(4, api.count("children"), "shop again; dev stays cached");
        get(catalog.columns(shop.child("orders")));
        assertEquals(2, api.count("columns"), "the columns under shop were forgotten with it");
        catalog.refresh();
        get(catalog.children(dev));
        assertEquals(5, api.count("children"));
    }

    @Test
    void findsTablesByPatternAcrossSchemas() throws Exception {
        SchemaCatalog catalog = new SchemaCatalog(local.client());
        assertEquals(List.of(new TableInfo("shop_2", "items", "TABLE")), get(catalog.findTables("dev", "ite%")));
    }

    @Test
    void aFailedLoadIsNotCached() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        ForwardingApi api = new ForwardingApi(local.client()) {
            @Override
            public CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String token) {
                if (failures.getAndDecrement() > 0) {
                    return CompletableFuture.failedFuture(new IllegalStateException("network down"));
                }
                return super.children(parent, token);
            }
        };
        SchemaCatalog catalog = new SchemaCatalog(api);
        assertThrows(java.util.concurrent.ExecutionException.class, () -> get(catalog.children(CatalogPath.of("dev"))));
        assertTrue(names(get(catalog.children(CatalogPath.of("dev")))).contains("shop"));
    }

    @Test
    void aPathFiveLevelsDeepLoadsPageByPageAndIsRefreshedByItsPrefix() throws Exception {
        try (CatalogTreeApi api = CatalogTreeApi.fiveLevels()) {
            SchemaCatalog catalog = new SchemaCatalog(api);
            assertEquals(List.of("samples.dremio.com", "@alice", "Marketing"), names(get(catalog.children(
                    CatalogPath.ROOT))));
            assertEquals(2, api.calls(CatalogPath.ROOT), "three entries in pages of two");
            CatalogPath year = CatalogPath.of("samples.dremio.com", "NYC taxi", "2024");
            CatalogPath month = year.child("by_month");
            assertEquals(List.of("trips", "order", "Trips View"), names(get(catalog.children(month))));
            CatalogPath trips = month.child("trips");
            assertEquals(5, trips.depth());
            assertEquals(List.of("pickup at", "fare", "passenger_count"),
                    get(catalog.columns(trips)).stream().map(Column::name).toList());
            get(catalog.children(year));
            assertEquals(2, api.calls(month));
            assertEquals(2, api.calls(trips));
            assertTrue(catalog.loadedNames("pick").contains("pickup at"), "columns deep down complete too");

            get(catalog.children(month));
            get(catalog.columns(trips));
            assertEquals(2, api.calls(month), "cached");
            catalog.refresh(year);
            get(catalog.children(month));
            get(catalog.columns(trips));
            get(catalog.children(CatalogPath.ROOT));
            assertEquals(4, api.calls(month), "below the refreshed path: asked again");
            assertEquals(4, api.calls(trips));
            assertEquals(2, api.calls(CatalogPath.ROOT), "above it: still cached");

            var missing = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> get(catalog.children(CatalogPath.of("nowhere"))));
            assertEquals("Nothing at nowhere", missing.getCause().getMessage());
        }
    }

    @Test
    void followsEveryPage() throws Exception {
        List<List<String>> pages = List.of(List.of("a", "b"), List.of("c"), List.of("d"));
        List<String> all = SchemaCatalog.<String>all(token -> {
            int index = token == null ? 0 : Integer.parseInt(token);
            String next = index + 1 < pages.size() ? String.valueOf(index + 1) : null;
            return CompletableFuture.completedFuture(new Page<>(pages.get(index), next));
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b", "c", "d"), all);
    }
}
