package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.DescribeTableRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeTableResponse;
import software.amazon.awssdk.services.redshiftdata.model.ListDatabasesResponse;
import software.amazon.awssdk.services.redshiftdata.model.ListSchemasRequest;
import software.amazon.awssdk.services.redshiftdata.model.ListSchemasResponse;
import software.amazon.awssdk.services.redshiftdata.model.ListTablesRequest;
import software.amazon.awssdk.services.redshiftdata.model.ListTablesResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.TableMember;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/** ListDatabases, ListSchemas, ListTables and DescribeTable through the official AWS SDK for Java v2. */
class CatalogConformanceTest {

    static final List<String> SCHEMAS =
            List.of("information_schema", "paged", "pg_catalog", "public", "sales", "sales_eu", "salesxeu");
    static final List<String> PAGED_TABLES =
            IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("p%02d", i)).toList();

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static RedshiftDataClient sdk;

    @BeforeAll
    static void start() throws Exception {
        local = server.fixture();
        sdk = Sdk.client(local);
        List<String> setup = new ArrayList<>(List.of(
                "create schema sales",
                "create schema sales_eu",
                "create schema salesxeu",
                "create schema paged",
                "create table sales.orders (id integer not null, total decimal(10,2))",
                "create table sales.order_lines (order_id integer, line integer)",
                "create view sales.order_view as select id from sales.orders",
                "create table sales.typed (id integer not null primary key, small smallint, big bigint, ratio real,"
                        + " score double, amount decimal(12,2) default 0, name varchar(40) default 'n/a',"
                        + " active boolean default true, day date, created timestamp default current_timestamp,"
                        + " created_tz timestamptz, at_time time, payload blob, doc json, tags varchar[])"));
        PAGED_TABLES.forEach(name -> setup.add("create table paged." + name + " (a integer)"));
        for (String sql : setup) {
            run(sql);
        }
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    private static void run(String sql) {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(sql)).id();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        DescribeStatementResponse described;
        do {
            described = sdk.describeStatement(b -> b.id(id));
        } while (!isFinal(described.status()) && Instant.now().isBefore(deadline));
        assertEquals(StatusString.FINISHED, described.status(), sql + ": " + described.error());
    }

    private static boolean isFinal(StatusString status) {
        return status == StatusString.FINISHED || status == StatusString.FAILED || status == StatusString.ABORTED;
    }

    private static List<String> schemas(String pattern) {
        ListSchemasResponse response = sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .schemaPattern(pattern));
        assertNull(response.nextToken());
        return response.schemas();
    }

    private static List<TableMember> tables(String schemaPattern, String tablePattern) {
        ListTablesResponse response = sdk.listTables(b -> b.workgroupName("local").database("dev")
                .schemaPattern(schemaPattern).tablePattern(tablePattern));
        assertNull(response.nextToken());
        return response.tables();
    }

    private static List<String> names(List<TableMember> tables) {
        return tables.stream().map(t -> t.schema() + "." + t.name()).toList();
    }

    private static void assertNoDuplicates(List<?> items) {
        assertEquals(items.size(), new HashSet<>(items).size(), "duplicates in " + items);
    }

    @Test
    void listDatabasesShowsOnlyDev() {
        List<String> databases = new ArrayList<>();
        int pages = 0;
        for (ListDatabasesResponse page : sdk.listDatabasesPaginator(b -> b.workgroupName("local").database("dev")
                .maxResults(1))) {
            pages++;
            databases.addAll(page.databases());
        }
        assertEquals(List.of("dev"), databases);
        assertEquals(1, pages);
    }

    @Test
    void listSchemasShowsRedshiftsSchemasInOrder() {
        assertEquals(SCHEMAS, schemas(null));
        assertEquals(SCHEMAS, sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .connectedDatabase("dev").maxResults(0)).schemas());
    }

    @Test
    void schemaPatternsMatchLikeRedshift() {
        assertEquals(List.of("sales", "sales_eu", "salesxeu"), schemas("sales%"));
        assertEquals(List.of("sales_eu", "salesxeu"), schemas("sales_eu"));
        assertEquals(List.of("sales_eu"), schemas("sales\\_eu"));
        assertEquals(List.of("pg_catalog"), schemas("pg\\_%"));
        assertEquals(List.of("public"), schemas("p_b%"));
        assertEquals(List.of(), schemas("SALES"));
        assertEquals(List.of(), schemas(""));
    }

    @Test
    void listSchemasPaginatorWalksEveryPage() {
        List<String> seen = new ArrayList<>();
        int pages = 0;
        ListSchemasRequest request = ListSchemasRequest.builder().workgroupName("local").database("dev")
                .maxResults(2).build();
        for (ListSchemasResponse page : sdk.listSchemasPaginator(request)) {
            pages++;
            assertTrue(page.schemas().size() <= 2, page.schemas().toString());
            seen.addAll(page.schemas());
        }
        assertEquals(SCHEMAS, seen);
        assertNoDuplicates(seen);
        assertEquals(4, pages);
    }

    @Test
    void listTablesReportsSchemaNameAndType() {
        List<TableMember> sales = tables("sales", null);
        assertEquals(List.of("sales.order_lines", "sales.order_view", "sales.orders", "sales.typed"), names(sales));
        assertEquals(List.of("TABLE", "VIEW", "TABLE", "TABLE"), sales.stream().map(TableMember::type).toList());

        List<TableMember> system = tables("information_schema", "tables");
        assertEquals(List.of("information_schema.tables"), names(system));
        assertEquals("SYSTEM TABLE", system.get(0).type());

        List<String> all = names(tables(null, null));
        assertTrue(all.containsAll(List.of("sales.orders", "pg_catalog.pg_class", "paged.p01")), all.toString());
        assertTrue(all.stream().noneMatch(n -> n.startsWith("main.") || n.contains("duckdb_")), all.toString());
    }

    @Test
    void tablePatternsMatchLikeRedshift() {
        assertEquals(List.of("sales.order_lines", "sales.order_view", "sales.orders"), names(tables(null, "order_%")));
        assertEquals(List.of("sales.order_lines", "sales.order_view"), names(tables(null, "order\\_%")));
        assertEquals(List.of("sales.orders"), names(tables("sal%", "orders")));
        assertEquals(List.of("sales.order_lines", "sales.order_view", "sales.orders"),
                names(tables("sales", "order%")));
        assertEquals(List.of("paged.p10", "paged.p11", "paged.p12"), names(tables("paged", "p1_")));
        assertEquals(List.of(), names(tables("sales_eu", "%")));
        assertEquals(List.of(), names(tables(null, "ORDERS")));
    }

    @Test
    void listTablesPaginatorWalksEveryPage() {
        List<String> seen = new ArrayList<>();
        int pages = 0;
        ListTablesRequest request = ListTablesRequest.builder().workgroupName("local").database("dev")
                .schemaPattern("paged").maxResults(5).build();
        for (ListTablesResponse page : sdk.listTablesPaginator(request)) {
            pages++;
            assertTrue(page.tables().size() <= 5, page.tables().toString());
            page.tables().forEach(t -> seen.add(t.name()));
        }
        assertEquals(PAGED_TABLES, seen);
        assertNoDuplicates(seen);
        assertEquals(3, pages);
    }

    @Test
    void temporaryTablesEndWithTheirStatement() {
        run("create temp table scratch (a integer)");
        assertEquals(List.of(), tables(null, "scratch"));
    }

    @Test
    void describeTableMapsTypesNullabilityAndDefaults() {
        DescribeTableResponse response = sdk.describeTable(b -> b.workgroupName("local").database("dev")
                .schema("sales").table("typed"));
        assertEquals("typed", response.tableName());
        assertNull(response.nextToken());
        List<ColumnMetadata> columns = response.columnList();
        assertEquals(List.of("id", "small", "big", "ratio", "score", "amount", "name", "active", "day", "created",
                        "created_tz", "at_time", "payload", "doc", "tags"),
                columns.stream().map(ColumnMetadata::name).toList());
        assertEquals(List.of("int4", "int2", "int8", "float4", "float8", "numeric", "varchar", "bool", "date",
                        "timestamp", "timestamptz", "time", "varbyte", "super", "super"),
                columns.stream().map(ColumnMetadata::typeName).toList());
        assertEquals(0, columns.get(0).nullable());
        assertTrue(columns.stream().skip(1).allMatch(c -> c.nullable() == 1));
        for (ColumnMetadata column : columns) {
            assertEquals("sales", column.schemaName());
            assertEquals("typed", column.tableName());
        }
        ColumnMetadata amount = columns.get(5);
        assertEquals(12, amount.precision());
        assertEquals(2, amount.scale());
        assertEquals("0", amount.columnDefault());
        ColumnMetadata name = columns.get(6);
        assertEquals(65535, name.length(), "DuckDB keeps no varchar length; Redshift's maximum is shown");
        assertEquals("'n/a'", name.columnDefault());
        assertEquals("true", columns.get(7).columnDefault());
        assertEquals("current_timestamp", columns.get(9).columnDefault());
        assertNull(columns.get(1).columnDefault());
        assertEquals(0, columns.get(0).length());
        assertTrue(columns.get(0).isSigned());
    }

    @Test
    void describeTableWithPatternsCoversEveryMatchingTable() {
        DescribeTableResponse response = sdk.describeTable(b -> b.workgroupName("local").database("dev")
                .schema("sales").table("order%"));
        assertEquals(List.of("order_lines.order_id", "order_lines.line", "order_view.id", "orders.id", "orders.total"),
                response.columnList().stream().map(c -> c.tableName() + "." + c.name()).toList());

        DescribeTableResponse view = sdk.describeTable(b -> b.workgroupName("local").database("dev")
                .table("order_view"));
        assertEquals(List.of("sales"), view.columnList().stream().map(ColumnMetadata::schemaName).toList());

        DescribeTableResponse system = sdk.describeTable(b -> b.workgroupName("local").database("dev")
                .schema("information_schema").table("schemata"));
        assertTrue(system.columnList().stream().anyMatch(c -> c.name().equals("schema_name")),
                system.columnList().toString());
    }

    @Test
    void describeTablePaginatorWalksEveryColumn() {
        DescribeTableRequest request = DescribeTableRequest.builder().workgroupName("local").database("dev")
                .schema("sales").table("typed").maxResults(4).build();
        List<String> all = sdk.describeTable(request.toBuilder().maxResults(null).build()).columnList().stream()
                .map(ColumnMetadata::name).toList();
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (DescribeTableResponse page : sdk.describeTablePaginator(request)) {
            pages++;
            assertTrue(page.columnList().size() <= 4, page.columnList().toString());
            assertEquals("typed", page.tableName());
            page.columnList().forEach(c -> seen.add(c.name()));
        }
        assertEquals(15, all.size());
        assertEquals(all, seen);
        assertNoDuplicates(seen);
        assertEquals(4, pages);
    }

    @Test
    void tokenOnlyContinuesItsOwnListing() {
        String token = sdk.listSchemas(b -> b.workgroupName("local").database("dev").maxResults(2)).nextToken();
        assertNotNull(token);
        assertEquals(SCHEMAS.subList(2, 4), sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .maxResults(2).nextToken(token)).schemas());
        assertEquals(SCHEMAS.subList(2, SCHEMAS.size()), sdk.listSchemas(b -> b.workgroupName("local")
                .database("dev").nextToken(token)).schemas(), "MaxResults may change between pages");

        assertInvalidToken(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .schemaPattern("%").nextToken(token)));
        assertInvalidToken(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .connectedDatabase("dev").nextToken(token)));
        assertInvalidToken(() -> sdk.listTables(b -> b.workgroupName("local").database("dev").nextToken(token)));
        assertInvalidToken(() -> sdk.describeTable(b -> b.workgroupName("local").database("dev").nextToken(token)));
        assertInvalidToken(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .nextToken("not-a-token")));

        String tableToken = sdk.listTables(b -> b.workgroupName("local").database("dev").schemaPattern("paged")
                .maxResults(5)).nextToken();
        assertInvalidToken(() -> sdk.listTables(b -> b.workgroupName("local").database("dev")
                .schemaPattern("paged").tablePattern("p%").nextToken(tableToken)));
    }

    private static void assertInvalidToken(Runnable call) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        assertTrue(e.getMessage().contains("Invalid NextToken"), e.getMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void maxResultsOutOfRangeIsRefused() {
        for (int bad : new int[] {-1, 1001}) {
            assertRefused(() -> sdk.listDatabases(b -> b.workgroupName("local").database("dev").maxResults(bad)),
                    "maxResults");
            assertRefused(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev").maxResults(bad)),
                    "maxResults");
            assertRefused(() -> sdk.listTables(b -> b.workgroupName("local").database("dev").maxResults(bad)),
                    "maxResults");
            assertRefused(() -> sdk.describeTable(b -> b.workgroupName("local").database("dev").maxResults(bad)),
                    "maxResults");
        }
        ListTablesResponse all = sdk.listTables(b -> b.workgroupName("local").database("dev").maxResults(1000));
        assertNull(all.nextToken());
        assertTrue(all.tables().size() > 12, all.tables().toString());
    }

    @Test
    void unknownDatabaseIsRefused() {
        assertRefused(() -> sdk.listDatabases(b -> b.workgroupName("local").database("nope")), "\"nope\"");
        assertRefused(() -> sdk.listSchemas(b -> b.workgroupName("local").database("nope")), "\"nope\"");
        assertRefused(() -> sdk.listTables(b -> b.workgroupName("local").database("nope")), "\"nope\"");
        assertRefused(() -> sdk.describeTable(b -> b.workgroupName("local").database("nope").table("orders")),
                "\"nope\"");
        assertRefused(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev")
                .connectedDatabase("other")), "\"other\"");
        assertRefused(() -> sdk.listTables(b -> b.workgroupName("local").database("DEV")), "\"DEV\"");
        assertRefused(() -> sdk.listSchemas(b -> b.workgroupName("local")), "database");
    }

    @Test
    void patternEndingInEscapeIsRefused() {
        assertRefused(() -> sdk.listSchemas(b -> b.workgroupName("local").database("dev").schemaPattern("sales\\")),
                "escape");
        assertRefused(() -> sdk.listTables(b -> b.workgroupName("local").database("dev").tablePattern("x\\")),
                "escape");
        assertEquals(List.of(), schemas("sales\\\\"));
    }

    private static void assertRefused(Runnable call, String inMessage) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
        assertEquals(400, e.statusCode());
    }
}
