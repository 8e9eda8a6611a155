package dev.quire.client.athena;

import static dev.quire.client.athena.AthenaMock.body;
import static dev.quire.client.athena.AthenaMock.execution;
import static dev.quire.client.athena.AthenaMock.numbered;
import static dev.quire.client.athena.AthenaMock.queryExecution;
import static dev.quire.client.athena.AthenaMock.results;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.client.Capabilities;
import dev.quire.client.DataApiException;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our Athena client against MockWebServer answering as Athena does: requests, states, pages, values, the catalog. */
class AthenaClientTest {

    static final List<String> TWO = List.of("i:bigint", "s:varchar");

    @RegisterExtension
    final AthenaMock mock = new AthenaMock(Duration.ofSeconds(10), Duration.ofSeconds(10));
    AthenaClient client;

    @BeforeEach
    void start() {
        client = client(true);
    }

    AthenaClient client(boolean readFromS3) {
        return mock.client("s3://out/results/", builder -> builder.readFromS3(readFromS3));
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void capabilitiesAreAthenasOwn() {
        Capabilities can = client.capabilities();
        assertFalse(can.batches(), "a script runs statement by statement");
        assertFalse(can.longPolls());
        assertEquals(Capabilities.Paging.FORWARD_TOKENS, can.paging());
        assertEquals(1000, can.maxPageRows());
        assertTrue(can.serverHistory());
        assertEquals(List.of("catalog", "database", "table"), can.catalogLevels());
        assertEquals(SqlDialect.ATHENA, client.dialect());
        assertEquals("\"AwsDataCatalog\".db.\"order\"", client.dialect().reference(
                CatalogPath.of("AwsDataCatalog", "db", "order")));
    }

    @Test
    void startSendsTheContextWorkgroupOutputLocationAndAToken() throws Exception {
        mock.answer("StartQueryExecution", "{\"QueryExecutionId\":\"q1\"}");
        assertEquals("q1", get(client.execute(StatementRequest.of("select 1"))));
        RecordedRequest sent = mock.calls("StartQueryExecution").get(0);
        assertEquals("application/x-amz-json-1.1", sent.getHeader("Content-Type"));
        assertTrue(sent.getHeader("Authorization").matches(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/athena/aws4_request, .*"),
                sent.getHeader("Authorization"));
        JsonNode body = body(sent);
        assertEquals("select 1", body.path("QueryString").asText());
        assertEquals("AwsDataCatalog", body.path("QueryExecutionContext").path("Catalog").asText());
        assertEquals("db", body.path("QueryExecutionContext").path("Database").asText());
        assertEquals("wg", body.path("WorkGroup").asText());
        assertEquals("s3://out/results/", body.path("ResultConfiguration").path("OutputLocation").asText());
        assertTrue(body.path("ClientRequestToken").asText().matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"));
        assertFalse(body.has("ExecutionParameters"));
    }

    @Test
    void parametersArePositionalLiterals() throws Exception {
        mock.answer("StartQueryExecution", "{\"QueryExecutionId\":\"q1\"}");
        StatementRequest request = new StatementRequest(List.of("select * from t where a = ? and b = ? and c = ?"),
                Map.of("2", "it's", "1", "42", "3", "-1.5e3"), null, null);
        get(client.execute(request));
        JsonNode parameters = body(mock.calls("StartQueryExecution").get(0)).path("ExecutionParameters");
        assertEquals(List.of("42", "'it''s'", "-1.5e3"), List.of(parameters.get(0).asText(),
                parameters.get(1).asText(), parameters.get(2).asText()));

        for (Map<String, String> bad : List.of(Map.of("id", "1"), Map.of("1", "a", "3", "b"), Map.of("0", "a"))) {
            DataApiException e = assertInstanceOf(DataApiException.class, failure(client.execute(
                    new StatementRequest(List.of("select ?"), bad, null, null))));
            assertEquals("InvalidRequestException", e.code());
            assertTrue(e.getMessage().contains("positional"), e.getMessage());
        }
        DataApiException batch = assertInstanceOf(DataApiException.class, failure(client.execute(
                new StatementRequest(List.of("select 1", "select 2"), Map.of(), null, null))));
        assertTrue(batch.getMessage().contains("one statement at a time"), batch.getMessage());
        DataApiException shortToken = assertInstanceOf(DataApiException.class, failure(client.execute(
                new StatementRequest(List.of("select 1"), Map.of(), null, "short"))));
        assertTrue(shortToken.getMessage().contains("32 to 128"), shortToken.getMessage());
        assertEquals(1, mock.calls("StartQueryExecution").size(), "refused requests are not sent");
    }

    @Test
    void statesMapToTheNeutralOnesAndKeepTheirNames() throws Exception {
        Map<String, RunState> states = Map.of("QUEUED", RunState.QUEUED, "RUNNING", RunState.RUNNING,
                "SUCCEEDED", RunState.FINISHED, "FAILED", RunState.FAILED, "CANCELLED", RunState.CANCELLED,
                "SOMETHING_NEW", RunState.UNKNOWN);
        for (Map.Entry<String, RunState> state : states.entrySet()) {
            String id = "q-" + state.getKey();
            mock.answer("GetQueryExecution", execution(id, state.getKey(), "DML", null));
            StatementInfo info = get(client.describe(id));
            assertEquals(state.getValue(), info.status(), state.getKey());
            assertEquals(state.getKey(), info.statusName(), "Athena's own name is kept for display");
        }
    }

    @Test
    void aDescriptionCarriesTimesScannedBytesAndTheReason() throws Exception {
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", "s3://out/results/q1.csv"));
        StatementInfo done = get(client.describe("q1"));
        assertEquals(Instant.ofEpochSecond(1720537883, 968_000_000), done.createdAt());
        assertEquals(Instant.ofEpochSecond(1720537885, 101_000_000), done.updatedAt());
        assertEquals(1024, done.scannedBytes(), "DataScannedInBytes");
        assertEquals(1_133_000_000L, done.durationNanos());
        assertEquals("select * from t", done.queryString());
        assertTrue(done.hasResultSet());
        assertNull(done.error());
        assertEquals(done, get(client.describe("q1")), "an ended query is described from memory");
        assertEquals(1, mock.calls("GetQueryExecution").size());

        mock.answer("GetQueryExecution", "{\"QueryExecution\":{\"QueryExecutionId\":\"q2\",\"StatementType\":\"DML\","
                + "\"Status\":{\"State\":\"FAILED\",\"StateChangeReason\":\"COLUMN_NOT_FOUND: line 1:8: Column "
                + "'nope' cannot be resolved\",\"AthenaError\":{\"ErrorCategory\":2,\"ErrorType\":1006}}}}");
        StatementInfo failed = get(client.describe("q2"));
        assertEquals("COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved", failed.error());
        mock.answer("GetQueryExecution", "{\"QueryExecution\":{\"QueryExecutionId\":\"q3\",\"StatementType\":\"DDL\","
                + "\"Status\":{\"State\":\"FAILED\",\"AthenaError\":{\"ErrorMessage\":\"Table not found\"}}}}");
        StatementInfo ddl = get(client.describe("q3"));
        assertEquals("Table not found", ddl.error(), "the AthenaError message when there is no reason");
        assertFalse(ddl.hasResultSet(), "DDL has no rows");

        mock.answer("GetQueryExecution", "{\"QueryExecution\":{\"QueryExecutionId\":\"q4\",\"StatementType\":\"DML\","
                + "\"SubstatementType\":\"INSERT\",\"Status\":{\"State\":\"RUNNING\"}}}");
        assertFalse(get(client.describe("q4")).hasResultSet(), "an INSERT has no rows");
        mock.answer("GetQueryExecution", execution("q5", "RUNNING", "UTILITY", null));
        assertTrue(get(client.describe("q5")).hasResultSet(), "SHOW and DESCRIBE have rows");

        mock.answer("GetQueryExecution", "{}");
        assertEquals(DataApiException.MALFORMED_RESPONSE,
                assertInstanceOf(DataApiException.class, failure(client.describe("q6"))).code());
    }

    @Test
    void aQuerysFirstPageDropsItsHeaderRowOnlyWhenItNamesTheColumns() throws Exception {
        try (AthenaClient noS3 = client(false)) {
            List<String> texts = List.of("i:varchar", "s:varchar");
            mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", "s3://out/results/q1.csv"));
            mock.answer("GetQueryResults", results(texts, true, numbered(0, 3), "t2"),
                    results(texts, false, List.of(List.of("i", "s"), List.of("3", "row 3")), null));
            ResultPage first = get(noS3.fetch("q1", null));
            assertEquals(List.of("0", "1", "2"), first.rows().stream().map(r -> r[0]).toList(), "header row dropped");
            assertEquals(new PageRef.Token("t2", 3), first.next());
            assertFalse(first.totalKnown());
            ResultPage second = get(noS3.fetch("q1", first.next()));
            assertEquals(3, second.firstRow());
            assertEquals("i", second.rows().get(0)[0], "a later page keeps a row that looks like the header");
            assertTrue(second.isLast());
            assertEquals(5, second.totalRows(), "the last page knows the total");
            JsonNode asked = body(mock.calls("GetQueryResults").get(1));
            assertEquals("t2", asked.path("NextToken").asText());
            assertEquals(1000, asked.path("MaxResults").asInt());
            assertEquals("read through GetQueryResults: reading from S3 is off", noS3.resultSource("q1").orElseThrow()
                    .text());

            mock.answer("GetQueryExecution", execution("q2", "SUCCEEDED", "UTILITY", "s3://out/results/q2.txt"));
            mock.answer("GetQueryResults", results(List.of("tab_name:string"), false,
                    List.of(List.of("tab_name"), List.of("orders")), null));
            assertEquals(2, get(noS3.fetch("q2", null)).rows().size(), "a utility result has no header row");

            mock.answer("GetQueryExecution", execution("q3", "SUCCEEDED", "DML", null));
            mock.answer("GetQueryResults", results(TWO, false, numbered(0, 2), null));
            assertEquals(2, get(noS3.fetch("q3", null)).rows().size(), "no header row, nothing dropped");
        }
    }

    @Test
    void valuesAreTypedByTheirColumnsAndNullIsNotEmpty() throws Exception {
        List<String> columns = List.of("b:bigint", "i:integer", "t:tinyint", "d:double", "r:real", "m:decimal",
                "f:boolean", "day:date", "ts:timestamp", "v:varchar", "bin:varbinary", "a:array(integer)");
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", null));
        mock.answer("GetQueryResults", results(columns, true, List.of(
                List.of("9007199254740993", "-7", "3", "2.5", "NaN", "12345678901234567890.0000001", "true",
                        "2024-01-31", "2024-01-01 00:00:27.125", "", "68 65 6c 6c 6f", "[1, 2]"),
                Arrays.asList(null, null, null, null, null, null, null, null, null, null, null, null)), null));
        ResultPage page = get(client.fetch("q1", null));
        Object[] row = page.rows().get(0);
        assertEquals(9007199254740993L, row[0]);
        assertEquals(-7L, row[1]);
        assertEquals(3L, row[2]);
        assertEquals(2.5, row[3]);
        assertEquals(Double.NaN, row[4]);
        assertEquals(new BigDecimal("12345678901234567890.0000001"), row[5]);
        assertEquals(Boolean.TRUE, row[6]);
        assertEquals("2024-01-31", row[7]);
        assertEquals("2024-01-01 00:00:27.125", row[8]);
        assertEquals("", row[9], "an empty string is not NULL");
        assertArrayEquals("hello".getBytes(), (byte[]) row[10]);
        assertEquals("[1, 2]", row[11]);
        assertEquals(Arrays.asList(new Object[12]), Arrays.asList(page.rows().get(1)), "NULL stays null");
        assertEquals(List.of(true, true, true, true, true, true, false, false, false, false, false, false),
                page.columns().stream().map(Column::isNumeric).toList());
        assertEquals(new Column("m", "decimal", true, 19, 0), page.columns().get(5));

        mock.answer("GetQueryExecution", execution("q2", "SUCCEEDED", "DML", null));
        mock.answer("GetQueryResults", results(List.of("n:bigint"), false, List.of(List.of("x")), null));
        DataApiException e = assertInstanceOf(DataApiException.class, failure(client.fetch("q2", null)));
        assertEquals(DataApiException.MALFORMED_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("column n is bigint but holds 'x'"), e.getMessage());
    }

    @Test
    void pagesFollowTokensToTheEnd() throws Exception {
        try (AthenaClient noS3 = client(false)) {
            mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", "s3://out/results/q1.csv"));
            mock.answer("GetQueryResults", results(TWO, true, numbered(0, 999), "a"),
                    results(TWO, false, numbered(999, 1999), "b"), results(TWO, false, numbered(1999, 2500), ""));
            List<Object[]> rows = new ArrayList<>();
            ResultPage page = get(noS3.fetch("q1", null));
            rows.addAll(page.rows());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (mock.calls("GetQueryResults").size() < 2) {
                assertTrue(System.nanoTime() < deadline, "the second page is asked for before it is wanted");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals("a", body(mock.calls("GetQueryResults").get(1)).path("NextToken").asText());
            while (!page.isLast()) {
                assertEquals(rows.size(), page.next().row());
                page = get(noS3.fetch("q1", page.next()));
                assertEquals(rows.size(), page.firstRow());
                rows.addAll(page.rows());
            }
            assertEquals(2500, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals((long) i, rows.get(i)[0]);
                assertEquals("row " + i, rows.get(i)[1]);
            }
            assertEquals(3, mock.calls("GetQueryResults").size());
            assertEquals(1, mock.calls("GetQueryExecution").size(), "the query is described once");
        }
    }

    @Test
    void offsetsAndOtherQueriesTokensAreRefused() {
        assertInstanceOf(IllegalArgumentException.class, failure(client.fetch("q1", PageRef.at(10))));
        DataApiException e = assertInstanceOf(DataApiException.class, failure(client.fetch("q1",
                new PageRef.Token(S3Results.token("q2", 120), 1000))));
        assertTrue(e.getMessage().contains("belongs to query q2"), e.getMessage());
        assertInstanceOf(DataApiException.class, failure(client.fetch("q1",
                new PageRef.Token(S3Results.TOKEN_PREFIX + "x:q1", 1000))));
        assertEquals(0, mock.server.getRequestCount(), "refused without a call");
    }

    @Test
    void cancelStopsOnlyARunningQuery() throws Exception {
        mock.answer("GetQueryExecution", execution("q1", "RUNNING", "DML", null));
        mock.answer("StopQueryExecution", "{}");
        assertTrue(get(client.cancel("q1")));
        assertEquals("q1", body(mock.calls("StopQueryExecution").get(0)).path("QueryExecutionId").asText());
        mock.answer("GetQueryExecution", execution("q2", "SUCCEEDED", "DML", null));
        assertFalse(get(client.cancel("q2")));
        assertEquals(1, mock.calls("StopQueryExecution").size(), "an ended query is not stopped");
        DataApiException unknown = assertInstanceOf(DataApiException.class, failure(client.cancel("q3")));
        assertEquals(400, unknown.status());
    }

    @Test
    void historyListsTheWorkgroupsQueriesNewestFirst() throws Exception {
        mock.answer("ListQueryExecutions", "{\"QueryExecutionIds\":[\"new\",\"gone\",\"old\"],\"NextToken\":\"p2\"}",
                "{\"QueryExecutionIds\":[]}");
        mock.answer("BatchGetQueryExecution", "{\"QueryExecutions\":[" + queryExecution("old", "FAILED", "DML", null)
                + "," + queryExecution("new", "RUNNING", "DML", null) + "],\"UnprocessedQueryExecutionIds\":"
                + "[{\"QueryExecutionId\":\"gone\",\"ErrorCode\":\"INVALID_INPUT\"}]}");
        Page<StatementSummary> page = get(client.listStatements(null));
        assertEquals(List.of("new", "old"), page.items().stream().map(StatementSummary::id).toList());
        assertEquals(List.of(RunState.RUNNING, RunState.FAILED),
                page.items().stream().map(StatementSummary::status).toList());
        assertEquals("select * from t", page.items().get(0).sql());
        assertEquals("p2", page.nextToken());
        JsonNode list = body(mock.calls("ListQueryExecutions").get(0));
        assertEquals("wg", list.path("WorkGroup").asText());
        assertEquals(50, list.path("MaxResults").asInt());
        assertEquals(3, body(mock.calls("BatchGetQueryExecution").get(0)).path("QueryExecutionIds").size());

        Page<StatementSummary> last = get(client.listStatements("p2"));
        assertTrue(last.items().isEmpty() && last.isLast());
        assertEquals("p2", body(mock.calls("ListQueryExecutions").get(1)).path("NextToken").asText());
        assertEquals(1, mock.calls("BatchGetQueryExecution").size(), "an empty page needs no batch call");
    }

    @Test
    void theCatalogTreeIsCatalogDatabaseTableAndEveryCallPages() throws Exception {
        mock.answer("ListDataCatalogs", "{\"DataCatalogsSummary\":[{\"CatalogName\":\"AwsDataCatalog\",\"Type\":"
                + "\"GLUE\"},{\"CatalogName\":\"lake\",\"Type\":\"LAMBDA\"}],\"NextToken\":\"c2\"}");
        Page<CatalogEntry> catalogs = get(client.children(CatalogPath.ROOT, null));
        assertEquals(List.of(CatalogEntry.container(CatalogPath.of("AwsDataCatalog"), "GLUE"),
                CatalogEntry.container(CatalogPath.of("lake"), "LAMBDA")), catalogs.items());
        assertEquals("c2", catalogs.nextToken());
        assertEquals("wg", body(mock.calls("ListDataCatalogs").get(0)).path("WorkGroup").asText());

        mock.answer("ListDatabases", "{\"DatabaseList\":[{\"Name\":\"sales\"},{\"Name\":\"logs\"}]}");
        Page<CatalogEntry> databases = get(client.children(CatalogPath.of("lake"), "d1"));
        assertEquals(List.of(CatalogEntry.container(CatalogPath.of("lake", "sales"), "DATABASE"),
                CatalogEntry.container(CatalogPath.of("lake", "logs"), "DATABASE")), databases.items());
        JsonNode listed = body(mock.calls("ListDatabases").get(0));
        assertEquals("lake", listed.path("CatalogName").asText());
        assertEquals("d1", listed.path("NextToken").asText());

        mock.answer("ListTableMetadata", "{\"TableMetadataList\":[{\"Name\":\"orders\",\"TableType\":"
                + "\"EXTERNAL_TABLE\",\"Columns\":[{\"Name\":\"id\",\"Type\":\"bigint\"}]},{\"Name\":\"recent\","
                + "\"TableType\":\"VIRTUAL_VIEW\"}],\"NextToken\":\"t2\"}");
        CatalogPath sales = CatalogPath.of("lake", "sales");
        Page<CatalogEntry> tables = get(client.children(sales, null));
        assertEquals(List.of(new CatalogEntry(sales.child("orders"), CatalogEntry.Kind.TABLE, "EXTERNAL_TABLE", false),
                new CatalogEntry(sales.child("recent"), CatalogEntry.Kind.VIEW, "VIRTUAL_VIEW", false)), tables.items());
        assertEquals("t2", tables.nextToken());
        JsonNode metadata = body(mock.calls("ListTableMetadata").get(0));
        assertEquals("lake", metadata.path("CatalogName").asText());
        assertEquals("sales", metadata.path("DatabaseName").asText());

        mock.answer("GetTableMetadata", "{\"TableMetadata\":{\"Name\":\"orders\",\"Columns\":[{\"Name\":\"id\","
                + "\"Type\":\"bigint\"},{\"Name\":\"note\",\"Type\":\"string\",\"Comment\":\"free text\"}],"
                + "\"PartitionKeys\":[{\"Name\":\"day\",\"Type\":\"date\"}]}}");
        Page<Column> columns = get(client.columns(sales.child("orders"), null));
        assertEquals(List.of(Column.of("id", "bigint"), Column.of("note", "string"), Column.of("day", "date")),
                columns.items());
        assertTrue(columns.isLast());
        JsonNode table = body(mock.calls("GetTableMetadata").get(0));
        assertEquals(List.of("lake", "sales", "orders"), List.of(table.path("CatalogName").asText(),
                table.path("DatabaseName").asText(), table.path("TableName").asText()));

        assertInstanceOf(DataApiException.class, failure(client.children(sales.child("orders"), null)));
        assertInstanceOf(DataApiException.class, failure(client.columns(sales, null)));
    }

    @Test
    void theFlatListingsSeeTheConnectionsCatalog() throws Exception {
        mock.answer("ListDatabases", "{\"DatabaseList\":[{\"Name\":\"db\"},{\"Name\":\"logs\"}]}");
        assertEquals(List.of("db", "logs"), get(client.listDatabases(null)).items());
        assertEquals("AwsDataCatalog", body(mock.calls("ListDatabases").get(0)).path("CatalogName").asText());

        assertEquals(List.of("logs"), get(client.listSchemas("logs", null, null)).items(),
                "a database is its own schema");
        assertEquals(List.of("db"), get(client.listSchemas(null, "d%", null)).items());
        assertEquals(List.of(), get(client.listSchemas("logs", "d%", null)).items());

        mock.answer("ListTableMetadata", "{\"TableMetadataList\":[{\"Name\":\"web_hits\",\"TableType\":"
                + "\"EXTERNAL_TABLE\"},{\"Name\":\"webxhits\",\"TableType\":\"EXTERNAL_TABLE\"},{\"Name\":\"api_hits\","
                + "\"TableType\":\"VIRTUAL_VIEW\"}],\"NextToken\":\"n\"}");
        Page<TableInfo> tables = get(client.listTables("logs", "%", "web\\_%", null));
        assertEquals(List.of(new TableInfo("logs", "web_hits", "EXTERNAL_TABLE")), tables.items());
        assertEquals("n", tables.nextToken(), "filtering keeps the listing's pages");

        mock.answer("GetTableMetadata", "{\"TableMetadata\":{\"Name\":\"web_hits\",\"Columns\":[{\"Name\":\"url\","
                + "\"Type\":\"string\"}]}}");
        assertEquals(List.of(Column.of("url", "string")), get(client.describeTable("logs", null, "web_hits", null))
                .items());
        assertEquals("logs", body(mock.calls("GetTableMetadata").get(0)).path("DatabaseName").asText());
    }

    @Test
    void workgroupsAreListedPageByPage() throws Exception {
        mock.answer("ListWorkGroups", "{\"WorkGroups\":[{\"Name\":\"primary\",\"State\":\"ENABLED\",\"Description\":"
                + "\"\",\"EngineVersion\":{\"SelectedEngineVersion\":\"AUTO\",\"EffectiveEngineVersion\":"
                + "\"Athena engine version 3\"},\"CreationTime\":1720537883.968},{\"Name\":\"old\",\"State\":"
                + "\"DISABLED\"}],\"NextToken\":\"w2\"}");
        Page<WorkGroup> groups = get(client.listWorkGroups(null));
        assertEquals(List.of(new WorkGroup("primary", "ENABLED", "", "Athena engine version 3"),
                new WorkGroup("old", "DISABLED", null, null)), groups.items());
        assertFalse(groups.items().get(1).enabled());
        assertEquals("w2", groups.nextToken());
    }

    @Test
    void likePatternsMatchWholeNames() {
        assertTrue(AthenaClient.like("a_c%").test("abcdef"));
        assertFalse(AthenaClient.like("a_c%").test("xabc"));
        assertTrue(AthenaClient.like("50\\%").test("50%"));
        assertFalse(AthenaClient.like("50\\%").test("500"));
        assertTrue(AthenaClient.like("a.b").test("a.b"));
        assertFalse(AthenaClient.like("a.b").test("axb"));
        assertTrue(AthenaClient.like(null).test("anything"));
    }
}
