package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.SigV4Signer;
import dev.quire.aws.SignableRequest;
import dev.quire.protocol.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.ColumnNullable;
import software.amazon.awssdk.services.athena.model.DataCatalogType;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.MetadataException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.services.athena.model.TableMetadata;
import software.amazon.awssdk.services.athena.model.WorkGroupState;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;

/** The official AWS SDK for Java v2 Athena client against the local server, action by action. */
class AthenaConformanceTest {

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static AthenaClient athena;
    static final Map<String, QueryExecution> setup = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() {
        local = server.fixture();
        athena = AthenaSdk.athena(local);
        for (String sql : List.of(
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.orders (id BIGINT, customer VARCHAR, tags VARCHAR[], placed TIMESTAMP, "
                        + "amount DECIMAL(18,3), info STRUCT(city VARCHAR, zip INTEGER), attrs MAP(VARCHAR, INTEGER))",
                "COMMENT ON TABLE sales.orders IS 'orders as placed'",
                "COMMENT ON COLUMN sales.orders.id IS 'the order number'",
                "INSERT INTO sales.orders VALUES (1, 'ann', ['new', 'gift'], TIMESTAMP '2024-01-31 09:15:00', 12.5, "
                        + "{'city': 'Oslo', 'zip': 150}, MAP {'items': 2}), (2, 'bob', [], TIMESTAMP "
                        + "'2024-02-01 10:00:00.25', 7, NULL, MAP {}), (3, NULL, NULL, NULL, NULL, NULL, NULL)",
                "CREATE VIEW sales.big_orders AS SELECT * FROM orders WHERE amount > 10",
                "CREATE TABLE sales.order_lines AS SELECT id, range AS line FROM orders, range(3)")) {
            QueryExecution done = AthenaSdk.run(athena, setup.isEmpty() ? "public" : "sales", sql);
            assertEquals(QueryExecutionState.SUCCEEDED, done.status().state(), sql + ": " + done.status());
            setup.put(sql, done);
        }
    }

    @AfterAll
    static void stop() {
        athena.close();
    }

    /** The setup query whose SQL starts so. */
    private static QueryExecution setup(String start) {
        return setup.entrySet().stream().filter(e -> e.getKey().startsWith(start)).findFirst().orElseThrow()
                .getValue();
    }

    private static String start(String sql) {
        return athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
    }

    private static List<String> values(Row row) {
        return row.data().stream().map(Datum::varCharValue).toList();
    }

    @Test
    void queryRunsAndAnswersInAthenasTextForms() {
        Instant before = Instant.now().minusSeconds(5);
        String id = athena.startQueryExecution(b -> b.queryString("SELECT 42 AS answer, 'it''s' AS word, "
                        + "CAST(NULL AS INTEGER) AS nothing, 2.5::DOUBLE AS half, 1e20::DOUBLE AS big, true AS yes, "
                        + "TIMESTAMP '2020-08-21 17:33:51.887' AS at, TIMESTAMP '2020-08-21 17:33:51.887123' AS micro, "
                        + "DATE '2024-01-31' AS day, 12.5::DECIMAL(5,2) AS price, [1, 2, NULL] AS list, "
                        + "{'x': 1, 'y': 'abc'} AS pair, MAP {'a': 1} AS lookup, 'hello'::BLOB AS bytes, "
                        + "''::VARCHAR AS empty, 3::BIGINT AS n, TIMESTAMPTZ '2024-01-31 12:00:00+02' AS zoned, "
                        + "TIME '17:33:51.5' AS clock, 1.5::REAL AS r, "
                        + "'6ccd780c-baba-1026-9564-5b8c656024db'::UUID AS u, INTERVAL 90 MINUTE AS span")
                .queryExecutionContext(c -> c.database("sales").catalog("AwsDataCatalog"))
                .workGroup("primary")).queryExecutionId();
        assertTrue(id.matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), id);
        QueryExecution query = AthenaSdk.awaitFinal(athena, id);
        assertEquals(QueryExecutionState.SUCCEEDED, query.status().state(), query.status().toString());
        assertEquals(StatementType.DML, query.statementType());
        assertEquals("SELECT", query.substatementType());
        assertEquals("primary", query.workGroup());
        assertEquals("sales", query.queryExecutionContext().database());
        assertEquals("AwsDataCatalog", query.queryExecutionContext().catalog());
        assertEquals("s3://quire-local/athena-results/" + id + ".csv", query.resultConfiguration().outputLocation());
        assertTrue(query.status().submissionDateTime().isAfter(before), query.status().toString());
        assertFalse(query.status().completionDateTime().isBefore(query.status().submissionDateTime()));
        assertNull(query.status().stateChangeReason());
        assertTrue(query.statistics().dataScannedInBytes() > 0, query.statistics().toString());
        assertTrue(query.statistics().totalExecutionTimeInMillis() >= query.statistics().engineExecutionTimeInMillis());
        assertTrue(query.statistics().queryQueueTimeInMillis() >= 0);

        GetQueryResultsResponse result = athena.getQueryResults(b -> b.queryExecutionId(id));
        assertEquals(0L, result.updateCount());
        assertNull(result.nextToken());
        List<Row> rows = result.resultSet().rows();
        assertEquals(2, rows.size(), "the header row, then the one row");
        List<String> names = result.resultSet().resultSetMetadata().columnInfo().stream().map(ColumnInfo::name)
                .toList();
        assertEquals(names, values(rows.get(0)));
        assertEquals(java.util.Arrays.asList("42", "it's", null, "2.5", "1.0E20", "true", "2020-08-21 17:33:51.887",
                "2020-08-21 17:33:51.887123", "2024-01-31", "12.50", "[1, 2, null]", "{x=1, y=abc}", "{a=1}",
                "68 65 6c 6c 6f", "", "3", "2024-01-31 10:00:00.000 UTC", "17:33:51.500", "1.5",
                "6ccd780c-baba-1026-9564-5b8c656024db", "01:30:00"), values(rows.get(1)));
        Datum nothing = rows.get(1).data().get(2);
        assertNull(nothing.varCharValue(), "NULL is a Datum without a value");
        List<String> types = result.resultSet().resultSetMetadata().columnInfo().stream().map(ColumnInfo::type)
                .toList();
        assertEquals(List.of("integer", "varchar", "integer", "double", "double", "boolean", "timestamp",
                "timestamp", "date", "decimal", "array", "row", "map", "varbinary", "varchar", "bigint",
                "timestamp with time zone", "time", "real", "uuid", "interval day to second"), types);
        ColumnInfo price = result.resultSet().resultSetMetadata().columnInfo().get(9);
        assertEquals(5, price.precision());
        assertEquals(2, price.scale());
        assertEquals(ColumnNullable.UNKNOWN, price.nullable());
        assertEquals(19, result.resultSet().resultSetMetadata().columnInfo().get(15).precision());
    }

    @Test
    void statementTypesAndUpdateCounts() {
        assertEquals(StatementType.DDL, setup("CREATE SCHEMA").statementType());
        assertEquals(StatementType.DML, setup("INSERT INTO").statementType());
        assertEquals(StatementType.DML, setup("CREATE TABLE sales.order_lines").statementType(),
                "CREATE TABLE AS SELECT is DML");
        GetQueryResultsResponse inserted = athena.getQueryResults(b -> b.queryExecutionId(
                setup("INSERT INTO").queryExecutionId()));
        assertEquals(3L, inserted.updateCount());
        assertEquals(List.of(), inserted.resultSet().rows());
        assertEquals(9L, athena.getQueryResults(b -> b.queryExecutionId(
                setup("CREATE TABLE sales.order_lines").queryExecutionId())).updateCount());

        QueryExecution show = AthenaSdk.run(athena, "sales", "SHOW TABLES");
        assertEquals(StatementType.UTILITY, show.statementType());
        List<Row> tables = athena.getQueryResults(b -> b.queryExecutionId(show.queryExecutionId())).resultSet().rows();
        assertEquals(List.of(List.of("big_orders"), List.of("order_lines"), List.of("orders")),
                tables.stream().map(AthenaConformanceTest::values).toList(), "a UTILITY result has no header row");
    }

    @Test
    void resultsPaginatorSeesEveryRowOnceAndTheHeaderOnce() {
        QueryExecution query = AthenaSdk.run(athena, "public", "SELECT i, 'row ' || i AS label FROM range(2500) t(i)");
        List<GetQueryResultsResponse> pages = new ArrayList<>();
        athena.getQueryResultsPaginator(b -> b.queryExecutionId(query.queryExecutionId())).forEach(pages::add);
        assertEquals(List.of(1000, 1000, 501), pages.stream().map(p -> p.resultSet().rows().size()).toList(),
                "the header counts against MaxResults on the first page");
        List<List<String>> rows = pages.stream().flatMap(p -> p.resultSet().rows().stream())
                .map(AthenaConformanceTest::values).toList();
        assertEquals(List.of("i", "label"), rows.get(0));
        for (int i = 0; i < 2500; i++) {
            assertEquals(List.of(Long.toString(i), "row " + i), rows.get(i + 1));
        }
        Set<String> tokens = new HashSet<>();
        pages.forEach(p -> {
            assertEquals(2, p.resultSet().resultSetMetadata().columnInfo().size(), "metadata on every page");
            if (p.nextToken() != null) {
                assertTrue(tokens.add(p.nextToken()), "a NextToken never repeats");
            }
        });
        assertEquals(2, tokens.size());

        List<GetQueryResultsResponse> small = new ArrayList<>();
        athena.getQueryResultsPaginator(b -> b.queryExecutionId(query.queryExecutionId()).maxResults(1))
                .stream().limit(3).forEach(small::add);
        assertEquals(List.of(List.of("i", "label")), small.get(0).resultSet().rows().stream()
                .map(AthenaConformanceTest::values).toList(), "MaxResults 1: the header alone");
        assertEquals(List.of("0", "row 0"), values(small.get(1).resultSet().rows().get(0)));
        assertEquals(List.of("1", "row 1"), values(small.get(2).resultSet().rows().get(0)));
    }

    @Test
    void executionParametersAreBoundNotSpliced() {
        String hostile = "'x''; DROP TABLE sales.orders; --'";
        String id = athena.startQueryExecution(b -> b.queryString("SELECT ? AS text, ? AS number, ? AS day, "
                        + "? AS nothing, ? AS flag, ? AS price, count(*) AS orders FROM orders WHERE id > ?")
                .queryExecutionContext(c -> c.database("sales"))
                .executionParameters(hostile, "42", "DATE '2024-01-31'", "NULL", "TRUE", "2.50", "0"))
                .queryExecutionId();
        QueryExecution query = AthenaSdk.awaitFinal(athena, id);
        assertEquals(QueryExecutionState.SUCCEEDED, query.status().state(), query.status().toString());
        assertEquals(List.of(hostile, "42", "DATE '2024-01-31'", "NULL", "TRUE", "2.50", "0"),
                query.executionParameters());
        GetQueryResultsResponse result = athena.getQueryResults(b -> b.queryExecutionId(id));
        assertEquals(java.util.Arrays.asList("x'; DROP TABLE sales.orders; --", "42", "2024-01-31", null, "true",
                "2.50", "3"), values(result.resultSet().rows().get(1)));
        List<String> types = result.resultSet().resultSetMetadata().columnInfo().stream().map(ColumnInfo::type)
                .toList();
        assertEquals(List.of("varchar", "integer", "date"), types.subList(0, 3));
        QueryExecution count = AthenaSdk.run(athena, "sales", "SELECT count(*) FROM orders");
        assertEquals("3", values(athena.getQueryResults(b -> b.queryExecutionId(count.queryExecutionId()))
                .resultSet().rows().get(1)).get(0), "the table is still there");

        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> athena
                .startQueryExecution(b -> b.queryString("SELECT ?, ?").executionParameters("1")));
        assertEquals("INVALID_INPUT", missing.athenaErrorCode());
        assertTrue(missing.getMessage().contains("expected 2 but found 1"), missing.getMessage());
        InvalidRequestException notLiteral = assertThrows(InvalidRequestException.class, () -> athena
                .startQueryExecution(b -> b.queryString("SELECT ?").executionParameters("1 + 1")));
        assertEquals("INVALID_INPUT", notLiteral.athenaErrorCode());
        assertTrue(notLiteral.getMessage().contains("not an SQL literal"), notLiteral.getMessage());
    }

    @Test
    void clientRequestTokenMakesStartIdempotent() {
        String token = "token-" + "0123456789abcdef0123456789abcdef";
        String first = athena.startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken(token))
                .queryExecutionId();
        String again = athena.startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken(token))
                .queryExecutionId();
        assertEquals(first, again);
        InvalidRequestException other = assertThrows(InvalidRequestException.class, () -> athena
                .startQueryExecution(b -> b.queryString("SELECT 2").clientRequestToken(token)));
        assertEquals("Idempotent parameters do not match", other.awsErrorDetails().errorMessage());
        InvalidRequestException otherPlace = assertThrows(InvalidRequestException.class, () -> athena
                .startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken(token)
                        .resultConfiguration(r -> r.outputLocation("s3://elsewhere/results/"))));
        assertEquals("Idempotent parameters do not match", otherPlace.awsErrorDetails().errorMessage());
        InvalidRequestException shortToken = assertThrows(InvalidRequestException.class, () -> athena
                .startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken("too-short")));
        assertEquals("INVALID_INPUT", shortToken.athenaErrorCode());
    }

    @Test
    void failedQueriesCarryTheirReasonAndAthenaError() {
        QueryExecution missing = AthenaSdk.run(athena, "sales", "SELECT * FROM no_such_table");
        assertEquals(QueryExecutionState.FAILED, missing.status().state());
        assertTrue(missing.status().stateChangeReason().startsWith("TABLE_NOT_FOUND: "),
                missing.status().stateChangeReason());
        AthenaError error = missing.status().athenaError();
        assertEquals(2, error.errorCategory());
        assertEquals(1110, error.errorType());
        assertFalse(error.retryable());
        assertTrue(error.errorMessage().contains("no_such_table"), error.errorMessage());

        QueryExecution syntax = AthenaSdk.run(athena, "sales", "SELEC 1");
        assertEquals(QueryExecutionState.FAILED, syntax.status().state());
        assertTrue(syntax.status().stateChangeReason().startsWith("SYNTAX_ERROR: "),
                syntax.status().stateChangeReason());
        assertEquals(1006, syntax.status().athenaError().errorType());
        InvalidRequestException noResult = assertThrows(InvalidRequestException.class,
                () -> athena.getQueryResults(b -> b.queryExecutionId(syntax.queryExecutionId())));
        assertEquals(syntax.status().stateChangeReason(), noResult.awsErrorDetails().errorMessage());

        QueryExecution noSchema = AthenaSdk.run(athena, "no_such_database", "SELECT 1");
        assertEquals(QueryExecutionState.FAILED, noSchema.status().state());
        assertTrue(noSchema.status().stateChangeReason().startsWith("SCHEMA_NOT_FOUND: "),
                noSchema.status().stateChangeReason());
    }

    @Test
    void stopQueryExecutionStopsARunningQuery() {
        String id = start("SELECT count(*) FROM range(100000000) a(i), range(100000000) b(j) WHERE i + j = 7");
        QueryExecution running = AthenaSdk.await(athena, id, List.of(QueryExecutionState.RUNNING,
                QueryExecutionState.SUCCEEDED, QueryExecutionState.FAILED, QueryExecutionState.CANCELLED));
        assertEquals(QueryExecutionState.RUNNING, running.status().state());
        InvalidRequestException early = assertThrows(InvalidRequestException.class,
                () -> athena.getQueryResults(b -> b.queryExecutionId(id)));
        assertEquals("Query has not yet finished. Current state: RUNNING", early.awsErrorDetails().errorMessage());
        assertEquals("QUERY_NOT_FINISHED", early.athenaErrorCode());

        athena.stopQueryExecution(b -> b.queryExecutionId(id));
        QueryExecution stopped = AthenaSdk.awaitFinal(athena, id);
        assertEquals(QueryExecutionState.CANCELLED, stopped.status().state());
        assertEquals(1011, stopped.status().athenaError().errorType());
        assertNotNull(stopped.status().completionDateTime());
        athena.stopQueryExecution(b -> b.queryExecutionId(id));
        assertEquals(QueryExecutionState.CANCELLED, AthenaSdk.awaitFinal(athena, id).status().state(),
                "a second stop leaves it as it is");
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> athena.stopQueryExecution(b -> { }));
        assertTrue(unknown.getMessage().contains("was not found"), "the SDK fills the id with a token of its own");
    }

    @Test
    void batchGetReportsUnknownIds() {
        String known = AthenaSdk.run(athena, "public", "SELECT 1").queryExecutionId();
        String unknown = "00000000-0000-0000-0000-000000000000";
        var batch = athena.batchGetQueryExecution(b -> b.queryExecutionIds(known, unknown));
        assertEquals(List.of(known), batch.queryExecutions().stream().map(QueryExecution::queryExecutionId).toList());
        assertEquals(List.of(unknown), batch.unprocessedQueryExecutionIds().stream()
                .map(u -> u.queryExecutionId()).toList());
        assertEquals("INVALID_INPUT", batch.unprocessedQueryExecutionIds().get(0).errorCode());
        List<String> tooMany = IntStream.range(0, 51).mapToObj(i -> known).toList();
        assertThrows(InvalidRequestException.class, () -> athena.batchGetQueryExecution(b -> b.queryExecutionIds(
                tooMany)));
        InvalidRequestException notFound = assertThrows(InvalidRequestException.class,
                () -> athena.getQueryExecution(b -> b.queryExecutionId(unknown)));
        assertEquals("QueryExecution " + unknown + " was not found", notFound.awsErrorDetails().errorMessage());
    }

    @Test
    void listQueryExecutionsIsNewestFirstAndOnlyAthenas() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(0, AthenaSdk.run(athena, "public", "SELECT " + i).queryExecutionId());
        }
        String redshiftId;
        try (var redshift = Sdk.client(local)) {
            redshiftId = Sdk.run(redshift, "select 1").id();
            String athenaId = mine.get(0);
            assertThrows(ResourceNotFoundException.class, () -> redshift.describeStatement(b -> b.id(athenaId)),
                    "the Redshift route does not see Athena's queries");
        }
        List<String> listed = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        athena.listQueryExecutionsPaginator(b -> b.maxResults(2).workGroup("primary")).forEach(page -> {
            listed.addAll(page.queryExecutionIds());
            if (page.nextToken() != null) {
                tokens.add(page.nextToken());
            }
        });
        assertEquals(mine, listed.subList(0, 3), "newest first");
        assertFalse(listed.contains(redshiftId));
        assertEquals(new HashSet<>(listed).size(), listed.size(), "each once");
        assertEquals(new HashSet<>(tokens).size(), tokens.size());
        assertThrows(InvalidRequestException.class, () -> athena.getQueryExecution(b -> b.queryExecutionId(
                redshiftId)));
        assertThrows(InvalidRequestException.class, () -> athena.listQueryExecutions(b -> b.workGroup("other")));
    }

    @Test
    void dataCatalogsAndDatabases() {
        var catalogs = athena.listDataCatalogs(b -> { }).dataCatalogsSummary();
        assertEquals(1, catalogs.size());
        assertEquals("AwsDataCatalog", catalogs.get(0).catalogName());
        assertEquals(DataCatalogType.GLUE, catalogs.get(0).type());
        assertEquals(DataCatalogType.GLUE, athena.getDataCatalog(b -> b.name("AwsDataCatalog")).dataCatalog().type());
        assertThrows(InvalidRequestException.class, () -> athena.getDataCatalog(b -> b.name("nope")));

        List<String> databases = new ArrayList<>();
        athena.listDatabasesPaginator(b -> b.catalogName("AwsDataCatalog").maxResults(1))
                .forEach(page -> page.databaseList().forEach(d -> databases.add(d.name())));
        assertEquals(List.of("public", "sales"), databases);
        assertEquals("sales", athena.getDatabase(b -> b.catalogName("AwsDataCatalog").databaseName("SALES"))
                .database().name());
        assertThrows(MetadataException.class, () -> athena.getDatabase(b -> b.catalogName("AwsDataCatalog")
                .databaseName("nope")));
        assertThrows(MetadataException.class, () -> athena.listDatabases(b -> b.catalogName("nope")));
    }

    @Test
    void tableMetadata() {
        List<String> tables = new ArrayList<>();
        athena.listTableMetadataPaginator(b -> b.catalogName("AwsDataCatalog").databaseName("sales").maxResults(1))
                .forEach(page -> page.tableMetadataList().forEach(t -> tables.add(t.name())));
        assertEquals(List.of("big_orders", "order_lines", "orders"), tables);
        assertEquals(List.of("order_lines", "orders"), athena.listTableMetadata(b -> b.catalogName("AwsDataCatalog")
                .databaseName("sales").expression("order*")).tableMetadataList().stream().map(TableMetadata::name)
                .toList());
        assertEquals(List.of("big_orders", "orders"), athena.listTableMetadata(b -> b.catalogName("AwsDataCatalog")
                .databaseName("sales").expression("big_orders|ORDERS")).tableMetadataList().stream()
                .map(TableMetadata::name).toList());
        assertThrows(InvalidRequestException.class, () -> athena.listTableMetadata(b -> b
                .catalogName("AwsDataCatalog").databaseName("sales").expression("orders(")));

        TableMetadata orders = athena.getTableMetadata(b -> b.catalogName("AwsDataCatalog").databaseName("sales")
                .tableName("orders")).tableMetadata();
        assertEquals("EXTERNAL_TABLE", orders.tableType());
        assertEquals(List.of("id:bigint", "customer:string", "tags:array<string>", "placed:timestamp",
                "amount:decimal(18,3)", "info:struct<city:string,zip:int>", "attrs:map<string,int>"),
                orders.columns().stream().map(c -> c.name() + ":" + c.type()).toList());
        assertEquals("the order number", orders.columns().get(0).comment());
        assertEquals("orders as placed", orders.parameters().get("comment"));
        assertEquals(List.of(), orders.partitionKeys());
        assertEquals("VIRTUAL_VIEW", athena.getTableMetadata(b -> b.catalogName("AwsDataCatalog")
                .databaseName("sales").tableName("big_orders")).tableMetadata().tableType());
        assertThrows(MetadataException.class, () -> athena.getTableMetadata(b -> b.catalogName("AwsDataCatalog")
                .databaseName("sales").tableName("nope")));
        assertThrows(MetadataException.class, () -> athena.listTableMetadata(b -> b.catalogName("AwsDataCatalog")
                .databaseName("nope")));
    }

    @Test
    void workGroups() {
        var groups = athena.listWorkGroups(b -> { }).workGroups();
        assertEquals(List.of("primary"), groups.stream().map(g -> g.name()).toList());
        assertEquals(WorkGroupState.ENABLED, groups.get(0).state());
        var primary = athena.getWorkGroup(b -> b.workGroup("primary")).workGroup();
        assertEquals("s3://quire-local/athena-results/",
                primary.configuration().resultConfiguration().outputLocation());
        assertNotNull(primary.creationTime());
        InvalidRequestException other = assertThrows(InvalidRequestException.class,
                () -> athena.getWorkGroup(b -> b.workGroup("other")));
        assertTrue(other.getMessage().contains("is not found"), other.getMessage());
        assertThrows(InvalidRequestException.class, () -> start("SELECT 1; SELECT 2"));
    }

    @Test
    void requestMembersAreValidatedOnTheServer() {
        String id = AthenaSdk.run(athena, "public", "SELECT 1").queryExecutionId();
        for (Runnable call : List.<Runnable>of(
                () -> athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(0)),
                () -> athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(1001)),
                () -> athena.getQueryResults(b -> b.queryExecutionId(id).nextToken("not-a-token")),
                () -> athena.getQueryExecution(b -> b.queryExecutionId("has space")),
                () -> athena.listQueryExecutions(b -> b.maxResults(51)),
                () -> athena.listDataCatalogs(b -> b.maxResults(1)),
                () -> athena.startQueryExecution(b -> b.queryString("")),
                () -> athena.startQueryExecution(b -> b.queryString("SELECT 1").workGroup("bad name")),
                () -> athena.startQueryExecution(b -> b.queryString("SELECT 1")
                        .resultConfiguration(r -> r.outputLocation("/tmp/results"))))) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, call::run);
            assertEquals(400, e.statusCode());
            assertNotNull(e.athenaErrorCode(), e.getMessage());
        }
    }

    @Test
    void unknownActionAnswersInAthenasShape() throws Exception {
        String host = "127.0.0.1:" + local.endpoint().getPort();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", host),
                Map.entry("Content-Type", "application/x-amz-json-1.1"),
                Map.entry("X-Amz-Target", "AmazonAthena.NoSuchAction"));
        HttpRequest.Builder request = HttpRequest.newBuilder(local.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AmazonAthena.NoSuchAction")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new SigV4Signer(local.region(), "athena").sign(new SignableRequest("POST", "/", null, headers, body),
                local.credentials(), Instant.now()).forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertEquals("UnknownOperationException", error.path("__type").asText());
        assertTrue(error.path("Message").asText().contains("AmazonAthena.NoSuchAction"), response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    }
}
