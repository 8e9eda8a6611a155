package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.server.LocalFixture;
import dev.quire.model.Column;
import dev.quire.model.Page;
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

/** The catalog against the real local server: lazy levels, caching, refresh, paging. */
class SchemaCatalogTest {

    @TempDir
    static Path dir;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(dir);
        try (QueryService service = new QueryService(local.client())) {
            var run = service.runScript("create schema shop; create table shop.orders(id bigint, total double);"
                    + "create view shop.big_orders as select * from shop.orders where total > 100;"
                    + "create schema shop_2; create table shop_2.items(sku varchar)");
            assertEquals(dev.quire.model.RunState.FINISHED, run.finished().get(60, TimeUnit.SECONDS).status());
        }
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void loadsEachLevelOnceAndRefreshes() throws Exception {
        ForwardingApi api = new ForwardingApi(local.client());
        SchemaCatalog catalog = new SchemaCatalog(api);
        assertEquals(List.of("dev"), catalog.databases().get(30, TimeUnit.SECONDS));
        assertTrue(catalog.schemas("dev").get(30, TimeUnit.SECONDS).containsAll(List.of("shop", "shop_2", "public")));
        List<TableInfo> tables = catalog.tables("dev", "shop").get(30, TimeUnit.SECONDS);
        assertEquals(List.of(new TableInfo("shop", "big_orders", "VIEW"), new TableInfo("shop", "orders", "TABLE")),
                tables.stream().sorted(java.util.Comparator.comparing(TableInfo::name)).toList(),
                "shop_2 is not matched by the schema name used as a pattern");
        List<Column> columns = catalog.columns("dev", "shop", "orders").get(30, TimeUnit.SECONDS);
        assertEquals(List.of("id:int8", "total:float8"),
                columns.stream().map(c -> c.name() + ":" + c.typeName()).toList());

        catalog.tables("dev", "shop").get(30, TimeUnit.SECONDS);
        catalog.columns("dev", "shop", "orders").get(30, TimeUnit.SECONDS);
        assertEquals(1, api.count("listTables"));
        assertEquals(1, api.count("describeTable"));
        assertTrue(catalog.loadedNames("ORD").containsAll(List.of("orders", "big_orders")));

        catalog.refresh("dev", "shop");
        catalog.tables("dev", "shop").get(30, TimeUnit.SECONDS);
        assertEquals(2, api.count("listTables"));
        assertEquals(1, api.count("listSchemas"), "other levels stay cached");
        catalog.refresh();
        catalog.schemas("dev").get(30, TimeUnit.SECONDS);
        assertEquals(2, api.count("listSchemas"));
    }

    @Test
    void findsTablesByPatternAcrossSchemas() throws Exception {
        SchemaCatalog catalog = new SchemaCatalog(local.client());
        assertEquals(List.of(new TableInfo("shop_2", "items", "TABLE")),
                catalog.findTables("dev", "ite%").get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFailedLoadIsNotCached() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        ForwardingApi api = new ForwardingApi(local.client()) {
            @Override
            public CompletableFuture<Page<String>> listSchemas(String database, String pattern, String token) {
                if (failures.getAndDecrement() > 0) {
                    return CompletableFuture.failedFuture(new IllegalStateException("network down"));
                }
                return super.listSchemas(database, pattern, token);
            }
        };
        SchemaCatalog catalog = new SchemaCatalog(api);
        assertThrows(java.util.concurrent.ExecutionException.class,
                () -> catalog.schemas("dev").get(30, TimeUnit.SECONDS));
        assertTrue(catalog.schemas("dev").get(30, TimeUnit.SECONDS).contains("shop"));
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
