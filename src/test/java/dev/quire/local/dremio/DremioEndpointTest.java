package dev.quire.local.dremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.LocalKeys;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.protocol.dremio.DremioError;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every route of the local Dremio endpoint through a plain HTTP client, errors and auth included. */
class DremioEndpointTest {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static DremioHttp dremio;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        TaxiTrips.create(SERVER.fixture().engine(), 1000);
        token = LocalKeys.dremioToken(SERVER.fixture().engine().options().dataDir());
        dremio = DremioHttp.bearer(SERVER.fixture().endpoint(), token);
    }

    private static URI endpoint() {
        return SERVER.fixture().endpoint();
    }

    @Test
    void theSeedsExampleQueryAnswersInTheSeedsShape() {
        String id = dremio.run("SELECT * FROM Samples.\"samples.dremio.com\".\"NYC-taxi-trips\" LIMIT 11");
        JsonNode page = dremio.get("/api/v3/job/" + id + "/results").json();
        assertEquals(List.of("rowCount", "schema", "rows"), names(page));
        assertEquals(11, page.get("rowCount").asInt());
        assertEquals("[{\"name\":\"pickup_datetime\",\"type\":{\"name\":\"TIMESTAMP\"}},{\"name\":\"passenger_count\","
                + "\"type\":{\"name\":\"BIGINT\"}},{\"name\":\"trip_distance_mi\",\"type\":{\"name\":\"DOUBLE\"}},"
                + "{\"name\":\"fare_amount\",\"type\":{\"name\":\"DOUBLE\"}},{\"name\":\"tip_amount\",\"type\":"
                + "{\"name\":\"DOUBLE\"}},{\"name\":\"total_amount\",\"type\":{\"name\":\"DOUBLE\"}}]",
                page.get("schema").toString());
        assertEquals(11, page.get("rows").size());
        JsonNode first = page.get("rows").get(0);
        assertEquals(List.of("pickup_datetime", "passenger_count", "trip_distance_mi", "fare_amount", "tip_amount",
                "total_amount"), names(first));
        assertEquals("2013-02-10 20:00:00.000", first.get("pickup_datetime").asText());
        assertTrue(first.get("passenger_count").isIntegralNumber());
        assertEquals("0.25", first.get("trip_distance_mi").toString());
        assertEquals("5.0", first.get("fare_amount").toString(), "DOUBLE in Java's form");
        assertTrue(page.get("rows").get(3).get("passenger_count").isNull(), "a NULL is null, key present");
    }

    @Test
    void contextResolvesUnqualifiedNames() {
        String inSpace = dremio.run("SELECT count(*) AS n FROM trips", "taxi");
        assertEquals(1000, dremio.get("/api/v3/job/" + inSpace + "/results").json().at("/rows/0/n").asInt());
        String inFolder = dremio.run("SELECT count(*) AS n FROM \"NYC-taxi-trips\"", "Samples", "samples.dremio.com");
        assertEquals(1000, dremio.get("/api/v3/job/" + inFolder + "/results").json().at("/rows/0/n").asInt());
        String unknown = dremio.submit("SELECT 1", "nowhere");
        JsonNode failed = dremio.awaitFinal(unknown);
        assertEquals("FAILED", failed.get("jobState").asText());
        assertTrue(failed.get("errorMessage").asText().contains("nowhere"), failed.toString());
    }

    @Test
    void pagesByOffsetAndLimitWithTheTotalAndSchemaOnEveryPage() {
        String id = dremio.run("SELECT trip_id FROM taxi.trips ORDER BY trip_id");
        JsonNode defaults = dremio.get("/api/v3/job/" + id + "/results").json();
        assertEquals(100, defaults.get("rows").size(), "limit defaults to 100");
        JsonNode page = dremio.get("/api/v3/job/" + id + "/results?offset=990&limit=500").json();
        assertEquals(1000, page.get("rowCount").asInt());
        assertEquals(10, page.get("rows").size());
        assertEquals(990, page.at("/rows/0/trip_id").asInt());
        assertEquals(1, page.get("schema").size());
        JsonNode past = dremio.get("/api/v3/job/" + id + "/results?offset=5000").json();
        assertEquals(0, past.get("rows").size());
        assertEquals(1000, past.get("rowCount").asInt());
        assertEquals(1, past.get("schema").size());
        assertEquals(0, dremio.get("/api/v3/job/" + id + "/results?limit=0").json().get("rows").size());
        List<Integer> all = new ArrayList<>();
        for (int offset = 0; offset < 1000; offset += 500) {
            dremio.get("/api/v3/job/" + id + "/results?offset=" + offset + "&limit=500").json().get("rows")
                    .forEach(row -> all.add(row.get("trip_id").asInt()));
        }
        assertEquals(1000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i));
        }
    }

    @Test
    void limitsAndParametersAreCheckedAsDremioDoes() {
        DremioHttp.Answer over = dremio.get("/api/v3/job/no-such-job/results?limit=501");
        assertEquals(400, over.status(), "the limit is checked before the job is looked up");
        assertEquals("limit can not exceed 500 rows", over.error());
        assertEquals("", over.json().get("moreInfo").asText());
        DremioHttp.Answer notNumber = dremio.get("/api/v3/job/x/results?limit=x");
        assertEquals(404, notNumber.status());
        assertEquals("HTTP 404 Not Found: Integer limit (default: 100). For input string: \"x\"", notNumber.error());
        assertEquals(400, dremio.get("/api/v3/job/x/results?offset=-1").status());
        DremioHttp.Answer unknown = dremio.get("/api/v3/job/no-such-job");
        assertEquals(404, unknown.status());
        assertEquals(DremioError.jobNotFound("no-such-job"), unknown.error());
        assertEquals(404, dremio.get("/api/v3/job/no-such-job/results").status());
        assertEquals(404, dremio.post("/api/v3/job/no-such-job/cancel", null).status());
    }

    @Test
    void aJobNotCompletedHasNoResults() throws Exception {
        String id = dremio.submit("SELECT sum(hash(i)) FROM range(100000000000) t(i)");
        awaitState(id, "RUNNING");
        DremioHttp.Answer early = dremio.get("/api/v3/job/" + id + "/results");
        assertEquals(400, early.status());
        assertEquals("Can not fetch details for a job that is in [RUNNING] state.", early.error());
        JsonNode running = dremio.get("/api/v3/job/" + id).json();
        assertFalse(running.has("endedAt"), "endedAt is absent until the job ends");
        assertEquals(0, running.get("rowCount").asInt());
        DremioHttp.Answer cancelled = dremio.post("/api/v3/job/" + id + "/cancel", null);
        assertEquals(204, cancelled.status());
        assertEquals("", cancelled.body());
        JsonNode end = dremio.awaitFinal(id);
        assertEquals("CANCELED", end.get("jobState").asText());
        assertEquals("Query cancelled by user 'quire'", end.get("cancellationReason").asText());
        assertTrue(end.has("endedAt"));
        assertEquals("Can not fetch details for a job that is in [CANCELED] state.",
                dremio.get("/api/v3/job/" + id + "/results").error());
        DremioHttp.Answer again = dremio.post("/api/v3/job/" + id + "/cancel", null);
        assertEquals(404, again.status(), "a cancel of a job that ended is not found, as in Dremio 25");
        assertEquals(DremioError.jobNotFound(id), again.error());
    }

    @Test
    void failedJobsSayWhy() {
        String id = dremio.submit("SELECT * FROM no_such_table");
        JsonNode status = dremio.awaitFinal(id);
        assertEquals("FAILED", status.get("jobState").asText());
        assertTrue(status.get("errorMessage").asText().contains("no_such_table"), status.toString());
        assertEquals("", status.get("cancellationReason").asText());
        assertEquals("Can not fetch details for a job that is in [FAILED] state.",
                dremio.get("/api/v3/job/" + id + "/results").error());
    }

    @Test
    void authIsBearerOrALoginsSessionToken() {
        DremioHttp anonymous = dremio.as(null);
        DremioHttp.Answer missing = anonymous.get("/api/v3/catalog");
        assertEquals(401, missing.status());
        assertEquals("", missing.body(), "401 on /api/v3 has an empty body");
        assertNull(missing.contentType());
        assertEquals(401, dremio.as("Bearer wrong").get("/api/v3/catalog").status());
        assertEquals(401, dremio.as("Bearer " + token + " extra").get("/api/v3/catalog").status());
        assertEquals(401, dremio.as(null).post("/api/v3/sql", "{\"sql\":\"SELECT 1\"}").status());
        assertEquals(401, anonymous.get("/api/v3/no-such-path").status(), "auth comes before routing");
        assertEquals(200, dremio.as("bearer " + token).get("/api/v3/catalog").status(), "bearer in any case");
        assertEquals(200, dremio.as(token).get("/api/v3/catalog").status(), "a bare token, as Dremio's TokenUtils");

        DremioHttp.Answer bad = anonymous.post("/apiv2/login", "{\"userName\":\"quire\",\"password\":\"nope\"}");
        assertEquals(401, bad.status());
        assertEquals("Login failed: Invalid username or password, user quire", bad.error());
        assertEquals("user name or password cannot be null or empty",
                anonymous.post("/apiv2/login", "{\"userName\":\"\",\"password\":\"\"}").error());
        DremioHttp.Answer login = anonymous.post("/apiv2/login", "{\"userName\":\"quire\",\"password\":\"" + token
                + "\"}");
        assertEquals(200, login.status(), login.body());
        String session = login.json().get("token").asText();
        assertTrue(session.matches("[0-9a-v]{1,26}"), session);
        assertTrue(login.json().get("expires").asLong() > Instant.now().toEpochMilli());
        DremioHttp withSession = dremio.as("_dremio" + session);
        assertEquals(200, withSession.get("/api/v3/catalog").status());
        assertEquals(200, dremio.as("_dremio " + session).get("/api/v3/catalog").status());
        assertEquals("true", withSession.get("/apiv2/login").body());
        assertEquals(204, withSession.send("DELETE", "/apiv2/login", null, null).status());
        assertEquals(401, withSession.get("/api/v3/catalog").status(), "logged out");
    }

    @Test
    void malformedRequestsGetClearErrorsInDremiosShape() {
        DremioHttp.Answer notJson = dremio.post("/api/v3/sql", "{\"sql\": ");
        assertEquals(400, notJson.status());
        assertTrue(notJson.contentType().startsWith("text/plain"), notJson.contentType());
        assertFalse(notJson.body().isBlank());
        assertEquals("Invalid value found at: foo", dremio.post("/api/v3/sql", "{\"sql\":\"SELECT 1\",\"foo\":1}")
                .error());
        assertEquals("Invalid value found at: context", dremio.post("/api/v3/sql",
                "{\"sql\":\"SELECT 1\",\"context\":\"taxi\"}").error());
        assertEquals("Invalid value found at: context[1]", dremio.post("/api/v3/sql",
                "{\"sql\":\"SELECT 1\",\"context\":[\"taxi\",2]}").error());
        assertEquals(400, dremio.post("/api/v3/sql", "{}").status());
        assertEquals(400, dremio.post("/api/v3/sql", "[1]").status());
        assertEquals(400, dremio.post("/api/v3/sql", null).status());
        assertEquals(400, dremio.post("/api/v3/sql", "{\"sql\":\"SELECT 1; SELECT 2\"}").status());
        assertEquals(415, dremio.send("POST", "/api/v3/sql", "text/plain", "{\"sql\":\"SELECT 1\"}").status());
        DremioHttp.Answer unknownPath = dremio.get("/api/v3/nothing/here");
        assertEquals(404, unknownPath.status());
        assertEquals("HTTP 404 Not Found", unknownPath.error());
        assertEquals("", unknownPath.json().get("moreInfo").asText());
        assertEquals(405, dremio.get("/api/v3/sql").status());
        assertEquals(405, dremio.send("DELETE", "/api/v3/catalog", null, null).status());
    }

    @Test
    void theCatalogHasTheHomeSpacesAndTheSamplesSource() {
        JsonNode top = dremio.get("/api/v3/catalog").json();
        List<String> paths = new ArrayList<>();
        top.get("data").forEach(item -> paths.add(item.get("path").toString()));
        assertEquals("[\"@quire\"]", paths.get(0), "the home first");
        assertTrue(paths.contains("[\"taxi\"]") && paths.contains("[\"public\"]"), paths.toString());
        assertEquals("[\"Samples\"]", paths.get(paths.size() - 1));

        JsonNode dataset = dremio.get("/api/v3/catalog/by-path/Samples/samples.dremio.com/NYC-taxi-trips").json();
        assertEquals("dataset", dataset.get("entityType").asText());
        assertEquals("PHYSICAL_DATASET", dataset.get("type").asText());
        List<String> fields = new ArrayList<>();
        dataset.get("fields").forEach(f -> fields.add(f.get("name").asText()));
        assertEquals(DremioCatalog.SAMPLE_COLUMNS, fields);
        JsonNode byId = dremio.get("/api/v3/catalog/" + dataset.get("id").asText()).json();
        assertEquals(dataset, byId);
        JsonNode anyCase = dremio.get("/api/v3/catalog/by-path/samples/SAMPLES.DREMIO.COM/nyc-taxi-trips").json();
        assertEquals(dataset.get("id"), anyCase.get("id"));
        assertEquals(dataset, dremio.get("/api/v3/catalog/by-path/Samples//samples.dremio.com/"
                + URLEncoder.encode("NYC-taxi-trips", StandardCharsets.UTF_8)).json(), "empty segments are dropped");

        DremioHttp.Answer missing = dremio.get("/api/v3/catalog/by-path/Samples/x");
        assertEquals(404, missing.status());
        assertEquals("Could not find entity with path [[Samples, x]]", missing.error());
        DremioHttp.Answer noId = dremio.get("/api/v3/catalog/not-an-id");
        assertEquals(404, noId.status());
        assertEquals("Could not find entity with id [not-an-id]", noId.error());
    }

    @Test
    void childrenArePagedWithTokens() throws Exception {
        try (var connection = SERVER.fixture().engine().connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS paged");
            for (int i = 0; i < 5; i++) {
                statement.execute("CREATE OR REPLACE TABLE paged.t" + i + " AS SELECT " + i + " AS x");
            }
            statement.execute("CREATE OR REPLACE VIEW paged.v AS SELECT x FROM paged.t0");
        }
        JsonNode all = dremio.get("/api/v3/catalog/by-path/paged").json();
        assertEquals("space", all.get("entityType").asText());
        assertEquals(6, all.get("children").size());
        assertFalse(all.has("nextPageToken"));
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String query = "?maxChildren=2" + (next == null ? "" : "&pageToken=" + next);
            JsonNode page = dremio.get("/api/v3/catalog/by-path/paged" + query).json();
            page.get("children").forEach(child -> seen.add(child.at("/path/1").asText()));
            next = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
            pages++;
        } while (next != null && pages < 10);
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "v"), seen);
        assertEquals(3, pages);
        assertEquals(0, dremio.get("/api/v3/catalog/by-path/paged?maxChildren=0").json().get("children").size());
        assertEquals(0, dremio.get("/api/v3/catalog/by-path/paged?exclude=children").json().get("children").size());
        String token = dremio.get("/api/v3/catalog/by-path/paged?maxChildren=2").json().get("nextPageToken").asText();
        DremioHttp.Answer elsewhere = dremio.get("/api/v3/catalog/by-path/taxi?maxChildren=2&pageToken=" + token);
        assertEquals(400, elsewhere.status());
        assertEquals("Passed path [taxi] does not match previous path [paged]", elsewhere.error());
        assertEquals("Failed to parse pagination token.",
                dremio.get("/api/v3/catalog/by-path/paged?pageToken=@@@").error());
        JsonNode view = dremio.get("/api/v3/catalog/by-path/paged/v").json();
        assertEquals("VIRTUAL_DATASET", view.get("type").asText());
        assertTrue(view.get("sql").asText().toLowerCase().contains("select"), view.toString());
        assertEquals("VIRTUAL", all.at("/children/5/datasetType").asText());
        assertEquals("DIRECT", all.at("/children/0/datasetType").asText());
    }

    @Test
    void historyIsInSysJobsRecent() {
        String earlier = dremio.run("SELECT 42 AS answer");
        String id = dremio.run("SELECT job_id, status, query_type, user_name, rows_returned, query FROM sys.jobs_recent"
                + " WHERE job_id = '" + earlier + "'");
        JsonNode row = dremio.get("/api/v3/job/" + id + "/results").json().at("/rows/0");
        assertEquals(earlier, row.get("job_id").asText());
        assertEquals("COMPLETED", row.get("status").asText());
        assertEquals("REST", row.get("query_type").asText());
        assertEquals("quire", row.get("user_name").asText());
        assertEquals(1, row.get("rows_returned").asInt());
        assertEquals("SELECT 42 AS answer", row.get("query").asText());
        String columns = dremio.run("SELECT * FROM jobs_recent LIMIT 1", "sys");
        List<String> names = new ArrayList<>();
        dremio.get("/api/v3/job/" + columns + "/results").json().get("schema")
                .forEach(field -> names.add(field.get("name").asText()));
        assertEquals(38, names.size(), names.toString());
        assertEquals("job_id", names.get(0));
        assertEquals("execution_cpu_time_millis", names.get(37));
    }

    @Test
    void theOtherApisNeverSeeDremioJobs() {
        String id = dremio.run("SELECT 1 AS one");
        try (var redshift = SERVER.fixture().client()) {
            assertEquals(404, redshift.describe(id).handle((ok, e) -> e == null ? 200 : 404).join());
        }
    }

    private void awaitState(String id, String state) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!dremio.get("/api/v3/job/" + id).json().get("jobState").asText().equals(state)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " never reached " + state);
            }
            Thread.onSpinWait();
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
