package dev.quire.client.dremio;

import static dev.quire.client.dremio.DremioMock.body;
import static dev.quire.client.dremio.DremioMock.error;
import static dev.quire.client.dremio.DremioMock.job;
import static dev.quire.client.dremio.DremioMock.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.protocol.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Golden answers in the shapes of dremio-facts.md, parsed by our client; requests checked as Dremio reads them. */
class DremioClientTest {

    @RegisterExtension
    final DremioMock mock = new DremioMock();

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static DataApiException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(DataApiException.class, e.getCause());
    }

    /** The seed's example page: a TIMESTAMP and a BIGINT, one of them NULL. */
    static final String SEED_PAGE = """
            {"rowCount":2,"schema":[{"name":"pickup_datetime","type":{"name":"TIMESTAMP"}},\
            {"name":"passenger_count","type":{"name":"BIGINT"}}],
             "rows":[{"pickup_datetime":"2013-02-10 20:00:00.000","passenger_count":9},\
            {"pickup_datetime":"2013-05-27 19:15:00.000","passenger_count":null}]}""";

    /** Every type as DataJsonOutput writes it: exact numbers, base64, nested values, NULLs present and left out. */
    static final String TYPED_PAGE = """
            {"rowCount":1002,"schema":[
              {"name":"t","type":{"name":"TINYINT"}},{"name":"i","type":{"name":"INTEGER"}},
              {"name":"big","type":{"name":"BIGINT"}},{"name":"f","type":{"name":"FLOAT"}},
              {"name":"d","type":{"name":"DOUBLE"}},{"name":"price","type":{"name":"DECIMAL","precision":10,"scale":2}},
              {"name":"tiny","type":{"name":"DECIMAL","precision":38,"scale":10}},
              {"name":"ok","type":{"name":"BOOLEAN"}},{"name":"s","type":{"name":"VARCHAR"}},
              {"name":"bin","type":{"name":"VARBINARY"}},{"name":"day","type":{"name":"DATE"}},
              {"name":"clock","type":{"name":"TIME"}},{"name":"at","type":{"name":"TIMESTAMP"}},
              {"name":"span","type":{"name":"INTERVAL DAY TO SECOND"}},
              {"name":"person","type":{"name":"STRUCT","subSchema":[{"name":"name","type":{"name":"VARCHAR"}},\
            {"name":"age","type":{"name":"INTEGER"}}]}},
              {"name":"tags","type":{"name":"LIST","subSchema":[{"type":{"name":"VARCHAR"}}]}},
              {"name":"attrs","type":{"name":"MAP","subSchema":[{"type":{"name":"VARCHAR"}},{"type":{"name":"DECIMAL"}}]}},
              {"name":"u","type":{"name":"UNION","subSchema":[{"type":{"name":"INTEGER"}},{"type":{"name":"VARCHAR"}}]}},
              {"name":"gone","type":{"name":"VARCHAR"}}],
             "rows":[
              {"t":-7,"i":2147483647,"big":9007199254740993,"f":3.0,"d":1.0E10,"price":12.50,"tiny":1E-8,"ok":true,\
            "s":"naïve \\"quoted\\"","bin":"AAEC/w==","day":"2024-02-29","clock":"23:59:59.125",\
            "at":"2013-02-10 20:00:00.000","span":"+1 02:03:04.500","person":{"name":"Ana"},\
            "tags":["a",null,"c"],"attrs":{"k":12.50,"e":1E+3},"u":"text","gone":null},
              {"t":null,"i":null,"big":null,"f":null,"d":null,"price":null,"tiny":null,"ok":false,"s":"",\
            "bin":"","day":null,"clock":null,"at":null,"span":null,"person":{"name":"Bo","age":41},\
            "tags":[],"attrs":{},"u":42}]}""";

    @Test
    void theSeedsPageIsReadAsDremioWroteIt() throws Exception {
        mock.answer("GET /api/v3/job/j1/results", SEED_PAGE);
        ResultPage page = get(mock.client().fetch("j1", null));
        assertEquals(List.of(new Column("pickup_datetime", "TIMESTAMP", true, 0, 0),
                new Column("passenger_count", "BIGINT", true, 0, 0)), page.columns());
        assertEquals(2, page.rows().size());
        assertArrayEquals(new Object[] {"2013-02-10 20:00:00.000", 9L}, page.rows().get(0));
        assertArrayEquals(new Object[] {"2013-05-27 19:15:00.000", null}, page.rows().get(1));
        assertEquals(0, page.firstRow());
        assertEquals(2, page.totalRows());
        assertTrue(page.isLast());
        RecordedRequest sent = mock.calls("GET /api/v3/job/j1/results").get(0);
        assertEquals("0", sent.getRequestUrl().queryParameter("offset"));
        assertEquals("500", sent.getRequestUrl().queryParameter("limit"), "the most Dremio allows");
        assertEquals("Bearer " + DremioMock.TOKEN, sent.getHeader("Authorization"));
    }

    @Test
    void everyTypeBecomesItsCell() throws Exception {
        mock.answer("GET /api/v3/job/j1/results", TYPED_PAGE);
        ResultPage page = get(mock.client().fetch("j1", PageRef.at(1000)));
        assertEquals(1000, page.firstRow());
        assertEquals(1002, page.totalRows(), "rowCount is the job's total");
        assertTrue(page.isLast());
        assertEquals(new Column("price", "DECIMAL", true, 10, 2), page.columns().get(5));
        assertEquals("STRUCT", page.columns().get(14).typeName());
        Object[] row = page.rows().get(0);
        assertEquals(-7L, row[0]);
        assertEquals(2147483647L, row[1]);
        assertEquals(9007199254740993L, row[2], "BIGINT exact beyond 2^53");
        assertEquals(3.0, row[3]);
        assertEquals(1.0E10, row[4]);
        BigDecimal price = assertInstanceOf(BigDecimal.class, row[5]);
        assertEquals("12.50", price.toString(), "DECIMAL exact, its scale kept");
        assertEquals(new BigDecimal("1E-8"), row[6]);
        assertEquals(true, row[7]);
        assertEquals("naïve \"quoted\"", row[8]);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, (byte[]) row[9]);
        assertEquals("2024-02-29", row[10]);
        assertEquals("23:59:59.125", row[11]);
        assertEquals("2013-02-10 20:00:00.000", row[12]);
        assertEquals("+1 02:03:04.500", row[13]);
        assertEquals("{\"name\":\"Ana\"}", row[14], "a STRUCT's null child is left out, as Dremio leaves it");
        assertEquals("[\"a\",null,\"c\"]", row[15]);
        assertEquals("{\"k\":12.50,\"e\":1E+3}", row[16], "numbers inside JSON text exactly as written");
        assertEquals("text", row[17]);
        assertNull(row[18]);

        Object[] nulls = page.rows().get(1);
        for (int c = 0; c < 7; c++) {
            assertNull(nulls[c], page.columns().get(c).name());
        }
        assertEquals(false, nulls[7]);
        assertEquals("", nulls[8]);
        assertArrayEquals(new byte[0], (byte[]) nulls[9]);
        assertEquals("{\"name\":\"Bo\",\"age\":41}", nulls[14]);
        assertEquals("[]", nulls[15]);
        assertEquals("{}", nulls[16]);
        assertEquals(42L, nulls[17], "a UNION's value as its member's");
    }

    @Test
    void aMissingKeyIsNullAndRowsBeforeTheSchemaAreKept() throws Exception {
        mock.answer("GET /api/v3/job/j1/results", """
                {"rows":[{"b":"x"},{"a":1,"b":null,"extra":{"z":[1]}}],"rowCount":5,\
                "schema":[{"name":"a","type":{"name":"INTEGER"}},{"name":"b","type":{"name":"VARCHAR"}}]}""");
        ResultPage page = get(mock.client().fetch("j1", PageRef.at(3)));
        assertArrayEquals(new Object[] {null, "x"}, page.rows().get(0));
        assertArrayEquals(new Object[] {1L, null}, page.rows().get(1));
        assertTrue(page.isLast());
    }

    @Test
    void aPageBeforeTheEndNamesTheNextOffsetAndPastTheEndIsEmpty() throws Exception {
        mock.answer("GET /api/v3/job/j1/results", "{\"rowCount\":7,\"schema\":[{\"name\":\"n\",\"type\":{\"name\":"
                + "\"BIGINT\"}}],\"rows\":[{\"n\":2},{\"n\":3}]}", "{\"rowCount\":7,\"schema\":[{\"name\":\"n\","
                + "\"type\":{\"name\":\"BIGINT\"}}],\"rows\":[]}");
        DremioClient client = mock.client();
        ResultPage page = get(client.fetch("j1", PageRef.at(2)));
        assertEquals(PageRef.at(4), page.next());
        assertEquals(7, page.totalRows());
        ResultPage past = get(client.fetch("j1", PageRef.at(9)));
        assertTrue(past.rows().isEmpty() && past.isLast(), "offset past rowCount: rows [] with the schema");
        assertEquals(1, past.columns().size());
        assertEquals("9", mock.calls("GET /api/v3/job/j1/results").get(1).getRequestUrl().queryParameter("offset"));
        assertEquals(DremioErrors.INVALID_REQUEST, failure(client.fetch("j1", new PageRef.Token("t", 0))).code());
    }

    @Test
    void malformedPagesAreRefusedClearly() throws Exception {
        DremioClient client = mock.client();
        for (String body : List.of("{\"rowCount\":3,\"rows\":[]}", "{\"schema\":[],\"rows\":[]}",
                "{\"rowCount\":9,\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}}],\"rows\":[]}",
                "{\"rowCount\":9,\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}}],\"rows\":[{\"n\":\"x\"}]}",
                "{\"rowCount\":9,\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BOOLEAN\"}}],\"rows\":[{\"n\":1}]}",
                "[]", "{\"rowCount\":1,\"schema\":[],\"rows\":[]} {}")) {
            mock.answer("GET /api/v3/job/j2/results", body);
            DataApiException e = failure(client.fetch("j2", PageRef.at(1)));
            assertEquals(DataApiException.MALFORMED_RESPONSE, e.code(), body);
            assertEquals(1, e.attempts(), "a malformed answer is not asked again: " + body);
        }
    }

    @Test
    void aStatementIsSubmittedWithItsContextAndDescribed() throws Exception {
        mock.answer("POST /api/v3/sql", "{\"id\":\"1d3091b1-d0be-0169-8ace-e43f562c7000\"}");
        String id = "1d3091b1-d0be-0169-8ace-e43f562c7000";
        mock.answer("GET /api/v3/job/" + id, job("PLANNING", 0), job("RUNNING", 0), job("COMPLETED", 2));
        DremioClient client = mock.client(DremioLogin.token(() -> DremioMock.TOKEN),
                builder -> builder.context(List.of("Samples", "samples.dremio.com")));
        String sql = "SELECT * FROM \"NYC-taxi-trips\" LIMIT 2";
        assertEquals(id, get(client.execute(StatementRequest.of(sql))));
        RecordedRequest sent = mock.calls("POST /api/v3/sql").get(0);
        assertEquals(Json.MAPPER.readTree("{\"sql\":" + DremioMock.quote(sql)
                + ",\"context\":[\"Samples\",\"samples.dremio.com\"]}"), body(sent));
        assertTrue(sent.getHeader("Content-Type").startsWith("application/json"));

        StatementInfo planning = get(client.describe(id));
        assertEquals(RunState.QUEUED, planning.status());
        assertEquals("PLANNING", planning.statusName());
        assertNull(planning.updatedAt(), "endedAt is absent until the job ends");
        assertEquals(RunState.RUNNING, get(client.describe(id)).status());
        StatementInfo done = get(client.describe(id));
        assertEquals(RunState.FINISHED, done.status());
        assertEquals(2, done.resultRows());
        assertEquals(sql, done.queryString());
        assertEquals(Instant.parse("2022-12-13T18:34:14.069Z"), done.createdAt());
        assertEquals(Instant.parse("2022-12-13T18:35:09.963Z"), done.updatedAt());
        assertEquals(55_894_000_000L, done.durationNanos());
        assertTrue(done.hasResultSet());
        assertNull(done.error());
        assertEquals(done, get(client.describe(id)), "a job that ended is not asked again");
        assertEquals(3, mock.calls("GET /api/v3/job/" + id).size());
    }

    @Test
    void failedAndCancelledJobsCarryTheirReason() throws Exception {
        mock.answer("GET /api/v3/job/f", job("FAILED", 0, "Column 'no_such_column' not found in any table", ""));
        mock.answer("GET /api/v3/job/c", job("CANCELED", 0, "", "Query cancelled by user 'ana'"));
        mock.answer("GET /api/v3/job/x", job("CANCELED", 0, "", ""));
        DremioClient client = mock.client();
        StatementInfo failed = get(client.describe("f"));
        assertEquals(RunState.FAILED, failed.status());
        assertEquals("Column 'no_such_column' not found in any table", failed.error());
        StatementInfo cancelled = get(client.describe("c"));
        assertEquals(RunState.CANCELLED, cancelled.status());
        assertEquals("Query cancelled by user 'ana'", cancelled.error());
        assertEquals("Query was cancelled", get(client.describe("x")).error());
    }

    @Test
    void everyJobStateHasItsNeutralState() {
        Map<String, RunState> states = Map.ofEntries(Map.entry("NOT_SUBMITTED", RunState.QUEUED),
                Map.entry("STARTING", RunState.QUEUED), Map.entry("RUNNING", RunState.RUNNING),
                Map.entry("COMPLETED", RunState.FINISHED), Map.entry("CANCELED", RunState.CANCELLED),
                Map.entry("FAILED", RunState.FAILED), Map.entry("CANCELLATION_REQUESTED", RunState.RUNNING),
                Map.entry("ENQUEUED", RunState.QUEUED), Map.entry("PLANNING", RunState.QUEUED),
                Map.entry("PENDING", RunState.QUEUED), Map.entry("METADATA_RETRIEVAL", RunState.QUEUED),
                Map.entry("QUEUED", RunState.QUEUED), Map.entry("ENGINE_START", RunState.QUEUED),
                Map.entry("EXECUTION_PLANNING", RunState.QUEUED), Map.entry("INVALID_STATE", RunState.FAILED));
        assertEquals(15, states.size());
        states.forEach((name, state) -> assertEquals(state, DremioWire.stateOf(name), name));
        assertEquals(DremioWire.FINAL_STATES, states.keySet().stream()
                .filter(s -> List.of("COMPLETED", "CANCELED", "FAILED").contains(s)).collect(
                        java.util.stream.Collectors.toSet()));
        assertEquals(RunState.UNKNOWN, DremioWire.stateOf("SOMETHING_NEW"));
    }

    @Test
    void errorsCarryDremiosMessageAndStatus() throws Exception {
        mock.answer("GET /api/v3/job/nope", error(404, "Could not find a job with id [nope]"));
        mock.answer("GET /api/v3/job/r/results", error(400, "Can not fetch details for a job that is in [RUNNING] state."));
        mock.answer("POST /api/v3/sql", new MockResponse().setResponseCode(400).setHeader("Content-Type", "text/plain")
                .setBody("Unexpected character ('}' (code 125)): was expecting double-quote"));
        DremioClient client = mock.client();
        DataApiException missing = failure(client.describe("nope"));
        assertEquals(DremioErrors.NOT_FOUND, missing.code());
        assertEquals(404, missing.status());
        assertEquals("Could not find a job with id [nope]", missing.getMessage());
        assertEquals(1, missing.attempts());
        DataApiException running = failure(client.fetch("r", null));
        assertEquals("Can not fetch details for a job that is in [RUNNING] state.", running.getMessage());
        assertEquals(DremioErrors.BAD_REQUEST, running.code());
        DataApiException text = failure(client.execute(StatementRequest.of("select 1")));
        assertTrue(text.getMessage().startsWith("Unexpected character"), text.getMessage());
    }

    @Test
    void requestsDremioCannotTakeAreRefusedBeforeSending() {
        DremioClient client = mock.client();
        assertEquals(DremioErrors.INVALID_REQUEST, failure(client.execute(new StatementRequest(
                List.of("select 1", "select 2"), Map.of(), null, null))).code());
        assertTrue(failure(client.execute(new StatementRequest(List.of("select :a"), Map.of("a", "1"), null, null)))
                .getMessage().contains("no parameters"));
        assertTrue(mock.requests().isEmpty());
    }

    @Test
    void cancelStopsARunningJobOnlyAndAFinishedOneAnswersFalse() throws Exception {
        mock.answer("GET /api/v3/job/run", job("RUNNING", 0));
        mock.answer("POST /api/v3/job/run/cancel", new MockResponse().setResponseCode(204));
        mock.answer("GET /api/v3/job/done", job("COMPLETED", 3));
        mock.answer("GET /api/v3/job/raced", job("RUNNING", 0));
        mock.answer("POST /api/v3/job/raced/cancel", error(404, "Could not find a job with id [raced]"));
        mock.answer("GET /api/v3/job/unknown", error(404, "Could not find a job with id [unknown]"));
        DremioClient client = mock.client();
        assertTrue(get(client.cancel("run")));
        assertFalse(get(client.cancel("done")));
        assertTrue(mock.calls("POST /api/v3/job/done/cancel").isEmpty(), "a finished job is not cancelled");
        assertFalse(get(client.cancel("raced")), "it ended before the cancel came");
        assertEquals(404, failure(client.cancel("unknown")).status());
    }

    @Test
    void theCatalogIsATreeOfAnyDepthPageByPage() throws Exception {
        String top = """
                {"data":[{"id":"h1","path":["@ana"],"tag":"a","type":"CONTAINER","containerType":"HOME"},
                 {"id":"s1","path":["Sales"],"tag":"b","type":"CONTAINER","containerType":"SPACE",\
                "createdAt":"2023-01-01T00:00:00.000Z"},
                 {"id":"src","path":["Samples"],"tag":"y","type":"CONTAINER","containerType":"SOURCE",\
                "createdAt":"2023-01-01T00:00:00.000Z"},
                 {"id":"fn","path":["f"],"type":"CONTAINER","containerType":"FUNCTION"}]}""";
        mock.answer("GET /api/v3/catalog", top, top);
        String folder = "/api/v3/catalog/by-path/Samples/samples.dremio.com/NYC%20taxi";
        mock.answer("GET " + folder, """
                {"entityType":"folder","id":"f1","path":["Samples","samples.dremio.com","NYC taxi"],"tag":"t",
                 "children":[{"id":"d1","path":["Samples","samples.dremio.com","NYC taxi","trips"],"type":"DATASET",\
                "datasetType":"PROMOTED"},
                  {"id":"d2","path":["Samples","samples.dremio.com","NYC taxi","by month"],"type":"DATASET",\
                "datasetType":"VIRTUAL"}],
                 "nextPageToken":"eyJwYXRoIjoiU2FtcGxlcyJ9"}""", """
                {"entityType":"folder","id":"f1","path":["Samples","samples.dremio.com","NYC taxi"],"tag":"t",
                 "children":[{"id":"f2","path":["Samples","samples.dremio.com","NYC taxi","2024"],"type":"CONTAINER",\
                "containerType":"FOLDER"},
                  {"id":"dremio:/Samples/x.csv","path":["Samples","samples.dremio.com","NYC taxi","x.csv"],\
                "type":"FILE"}]}""");
        String dataset = "/api/v3/catalog/by-path/Samples/samples.dremio.com/NYC%20taxi/trips";
        mock.answer("GET " + dataset, """
                {"entityType":"dataset","id":"d1","type":"PHYSICAL_DATASET",\
                "path":["Samples","samples.dremio.com","NYC taxi","trips"],"createdAt":"2023-01-01T00:00:00.000Z",
                 "tag":"q","fields":[{"name":"pickup_datetime","type":{"name":"TIMESTAMP"}},
                  {"name":"fare_amount","type":{"name":"DECIMAL","precision":10,"scale":2}},
                  {"name":"stops","type":{"name":"LIST","subSchema":[{"type":{"name":"VARCHAR"}}]}}],
                 "format":{"type":"Parquet"}}""", """
                {"entityType":"dataset","id":"d1","type":"PHYSICAL_DATASET","path":["a"],"fields":[]}""");
        DremioClient client = mock.client();

        Page<CatalogEntry> root = get(client.children(CatalogPath.ROOT, null));
        assertEquals(List.of(CatalogEntry.container(CatalogPath.of("@ana"), "HOME"),
                CatalogEntry.container(CatalogPath.of("Sales"), "SPACE"),
                CatalogEntry.container(CatalogPath.of("Samples"), "SOURCE")), root.items(), "functions left out");
        assertTrue(root.isLast());
        assertEquals(List.of("@ana", "Sales", "Samples"), get(client.listDatabases(null)).items());

        CatalogPath taxi = CatalogPath.of("Samples", "samples.dremio.com", "NYC taxi");
        Page<CatalogEntry> first = get(client.children(taxi, null));
        assertEquals(List.of(new CatalogEntry(taxi.child("trips"), CatalogEntry.Kind.TABLE, "PHYSICAL_DATASET", false),
                new CatalogEntry(taxi.child("by month"), CatalogEntry.Kind.VIEW, "VIRTUAL_DATASET", false)),
                first.items());
        assertEquals("eyJwYXRoIjoiU2FtcGxlcyJ9", first.nextToken());
        Page<CatalogEntry> second = get(client.children(taxi, first.nextToken()));
        assertEquals(List.of(CatalogEntry.container(taxi.child("2024"), "FOLDER"),
                new CatalogEntry(taxi.child("x.csv"), CatalogEntry.Kind.TABLE, "FILE", false)), second.items());
        assertTrue(second.isLast());
        List<RecordedRequest> pages = mock.calls("GET " + folder);
        assertEquals("100", pages.get(0).getRequestUrl().queryParameter("maxChildren"));
        assertNull(pages.get(0).getRequestUrl().queryParameter("pageToken"));
        assertEquals("eyJwYXRoIjoiU2FtcGxlcyJ9", pages.get(1).getRequestUrl().queryParameter("pageToken"));

        assertEquals(List.of(new Column("pickup_datetime", "TIMESTAMP", true, 0, 0),
                new Column("fare_amount", "DECIMAL", true, 10, 2), new Column("stops", "LIST", true, 0, 0)),
                get(client.columns(taxi.child("trips"), null)).items());
        DataApiException leaf = failure(client.children(taxi.child("trips"), null));
        assertEquals(DremioErrors.INVALID_REQUEST, leaf.code());
        assertTrue(leaf.getMessage().contains("dataset has no children"), leaf.getMessage());
    }

    @Test
    void theHistoryIsReadFromJobsRecentWithoutItsOwnJob() throws Exception {
        mock.answer("POST /api/v3/sql", "{\"id\":\"h1\"}");
        mock.answer("GET /api/v3/job/h1", job("RUNNING", 0), job("COMPLETED", 3));
        String schema = "\"schema\":[{\"name\":\"job_id\",\"type\":{\"name\":\"VARCHAR\"}},{\"name\":\"status\","
                + "\"type\":{\"name\":\"VARCHAR\"}},{\"name\":\"query\",\"type\":{\"name\":\"VARCHAR\"}},"
                + "{\"name\":\"submitted_ts\",\"type\":{\"name\":\"TIMESTAMP\"}},{\"name\":\"final_state_ts\","
                + "\"type\":{\"name\":\"TIMESTAMP\"}}]";
        mock.answer("GET /api/v3/job/h1/results", "{\"rowCount\":600," + schema + ",\"rows\":["
                + "{\"job_id\":\"h1\",\"status\":\"RUNNING\",\"query\":\"SELECT job_id ...\","
                + "\"submitted_ts\":\"2024-05-01 10:00:02.000\",\"final_state_ts\":null},"
                + "{\"job_id\":\"j9\",\"status\":\"COMPLETED\",\"query\":\"select 1\","
                + "\"submitted_ts\":\"2024-05-01 10:00:00.250\",\"final_state_ts\":\"2024-05-01 10:00:01.000\"}]}",
                "{\"rowCount\":600," + schema + ",\"rows\":[{\"job_id\":\"j8\",\"status\":\"FAILED\","
                        + "\"query\":\"select x\",\"submitted_ts\":\"2024-05-01 09:00:00.000\"}]}");
        DremioClient client = mock.client(DremioLogin.password("ana", () -> "pw"), builder -> builder);
        mock.answer("POST /apiv2/login", "{\"token\":\"s1\",\"userName\":\"ana\",\"expires\":" + Long.MAX_VALUE + "}");

        Page<StatementSummary> first = get(client.listStatements(null));
        assertEquals(List.of(new StatementSummary("j9", RunState.FINISHED, "COMPLETED", List.of("select 1"), null,
                Instant.parse("2024-05-01T10:00:00.250Z"), Instant.parse("2024-05-01T10:00:01Z"), false)), first.items());
        String sql = body(mock.calls("POST /api/v3/sql").get(0)).path("sql").asText();
        assertTrue(sql.startsWith(DremioClient.LISTING_MARK), "the client's own jobs are marked: " + sql);
        assertTrue(sql.contains("FROM sys.jobs_recent WHERE query NOT LIKE '-- quire listing\n%' AND user_name = 'ana'"),
                sql);
        assertEquals("2@h1", first.nextToken());
        Page<StatementSummary> second = get(client.listStatements(first.nextToken()));
        assertEquals(RunState.FAILED, second.items().get(0).status());
        assertEquals("2", mock.calls("GET /api/v3/job/h1/results").get(1).getRequestUrl().queryParameter("offset"));
        assertEquals(1, mock.calls("POST /api/v3/sql").size(), "the next page reads on, not again");
        assertEquals(DremioErrors.INVALID_REQUEST, failure(client.listStatements("garbage")).code());
    }

    @Test
    void aServerWithoutJobsRecentHasNoHistoryToList() throws Exception {
        mock.answer("POST /api/v3/sql", "{\"id\":\"h1\"}");
        mock.answer("GET /api/v3/job/h1", job("FAILED", 0, "Object 'jobs_recent' not found within 'sys'", ""));
        DremioClient client = mock.client();
        assertEquals(new Page<>(List.of(), null), get(client.listStatements(null)));
        assertEquals(new Page<>(List.of(), null), get(client.listStatements(null)));
        assertEquals(1, mock.calls("POST /api/v3/sql").size(), "asked once per client");
    }

    @Test
    void theFlatListingsReadInformationSchema() throws Exception {
        mock.answer("POST /api/v3/sql", "{\"id\":\"t1\"}");
        mock.answer("GET /api/v3/job/t1", job("COMPLETED", 1));
        mock.answer("GET /api/v3/job/t1/results", "{\"rowCount\":1,\"schema\":[{\"name\":\"TABLE_SCHEMA\",\"type\":"
                + "{\"name\":\"VARCHAR\"}},{\"name\":\"TABLE_NAME\",\"type\":{\"name\":\"VARCHAR\"}},{\"name\":"
                + "\"TABLE_TYPE\",\"type\":{\"name\":\"VARCHAR\"}}],\"rows\":[{\"TABLE_SCHEMA\":"
                + "\"Samples.samples.dremio.com\",\"TABLE_NAME\":\"NYC-taxi-trips\",\"TABLE_TYPE\":\"TABLE\"}]}");
        Page<dev.quire.model.TableInfo> tables = get(mock.client().listTables("Sam_les", "%", "NYC%", null));
        assertEquals(List.of(new dev.quire.model.TableInfo("Samples.samples.dremio.com", "NYC-taxi-trips", "TABLE")),
                tables.items());
        assertTrue(tables.isLast());
        String sql = body(mock.calls("POST /api/v3/sql").get(0)).path("sql").asText();
        assertTrue(sql.contains("TABLE_SCHEMA = 'Sam_les' OR TABLE_SCHEMA LIKE 'Sam\\_les.%' ESCAPE '\\'"), sql);
        assertTrue(sql.contains("TABLE_NAME LIKE 'NYC%'"), sql);
    }

    @Test
    void theTokenNeverShowsInTheLoginsText() {
        DremioLogin login = DremioLogin.password("ana", () -> "pw-secret");
        assertFalse(login.toString().contains("pw-secret"));
        assertFalse(DremioLogin.token(() -> DremioMock.TOKEN).toString().contains(DremioMock.TOKEN));
    }
}
