package dev.quire.local.dremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.local.LocalKeys;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every response shape of the local Dremio endpoint against golden JSON written from
 * {@code dremio-facts.md}: members in Dremio's order, numbers in Dremio's text, absent members
 * absent. Values that vary (ids, times, tags, tokens) are checked for their form and compared as
 * placeholders ({@code "<id>"}).
 */
class DremioGoldenTest {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    /** The members that vary, and the form each must have. */
    private static final Map<String, Pattern> VARYING = Map.ofEntries(
            Map.entry("id", UUID), Map.entry("userId", UUID), Map.entry("clusterId", UUID),
            Map.entry("startedAt", ISO), Map.entry("endedAt", ISO), Map.entry("createdAt", ISO),
            Map.entry("tag", Pattern.compile("[A-Za-z0-9+/=]{4,}")), Map.entry("token", Pattern.compile("[0-9a-v]{1,26}")),
            Map.entry("expires", Pattern.compile("\\d{13}")), Map.entry("clusterCreatedAt", Pattern.compile("\\d{13}")),
            Map.entry("userCreatedAt", Pattern.compile("\\d{13}")));

    private static DremioHttp dremio;

    @BeforeAll
    static void start() throws Exception {
        TaxiTrips.create(SERVER.fixture().engine(), 100);
        try (Connection connection = SERVER.fixture().engine().connect();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIEW taxi.short_trips AS SELECT trip_id, trip_distance_mi FROM taxi.trips "
                    + "WHERE trip_distance_mi < 1");
        }
        dremio = DremioHttp.bearer(SERVER.fixture().endpoint(),
                LocalKeys.dremioToken(SERVER.fixture().engine().options().dataDir()));
    }

    @Test
    void jobs() {
        DremioHttp.Answer submitted = dremio.post("/api/v3/sql", "{\"sql\":\"SELECT * FROM range(2) t(n)\"}");
        assertGolden("submit.json", submitted, 200);
        String id = submitted.json().get("id").asText();
        dremio.awaitFinal(id);
        assertGolden("job-completed.json", dremio.get("/api/v3/job/" + id), 200);

        String failed = dremio.submit("SELECT * FROM no_such_table");
        dremio.awaitFinal(failed);
        assertGolden("job-failed.json", dremio.get("/api/v3/job/" + failed), 200, "errorMessage");

        String running = dremio.submit("SELECT sum(hash(i)) FROM range(100000000000) t(i)");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!dremio.get("/api/v3/job/" + running).json().get("jobState").asText().equals("RUNNING")
                && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertGolden("job-running.json", dremio.get("/api/v3/job/" + running), 200);
        assertEquals(204, dremio.post("/api/v3/job/" + running + "/cancel", null).status());
        dremio.awaitFinal(running);
        assertGolden("job-canceled.json", dremio.get("/api/v3/job/" + running), 200);
        assertGolden("error-not-completed.json", dremio.get("/api/v3/job/" + running + "/results"), 400);
        assertGolden("error-job-not-found.json", dremio.get("/api/v3/job/1d3091b1-d0be-0169-8ace-e43f562c7000"), 404);
    }

    @Test
    void results() {
        String types = dremio.run("SELECT 1::TINYINT AS t, 2::SMALLINT AS s, 3::INTEGER AS i, 9007199254740993::BIGINT AS"
                + " b, 2.5::FLOAT AS f, 3.0::DOUBLE AS d, 1.0E10::DOUBLE AS big_d, 12.50::DECIMAL(10,2) AS dec,"
                + " 0.00000001::DECIMAL(18,8) AS tiny_dec, true AS bool, 'text' AS v, '\\x68\\x69'::BLOB AS bin,"
                + " DATE '2013-02-10' AS dt, TIME '20:00:00.5' AS tm, TIMESTAMP '2013-02-10 20:00:00.123456' AS ts,"
                + " [1, NULL, 3] AS list, {'a': 1, 'b': NULL::INTEGER} AS struct, MAP {'k': 1.5::DOUBLE} AS map,"
                + " NULL::VARCHAR AS nothing, 12345678901234567890::UBIGINT AS ub");
        assertGolden("results-types.json", dremio.get("/api/v3/job/" + types + "/results"), 200);
        String seed = dremio.run("SELECT * FROM Samples.\"samples.dremio.com\".\"NYC-taxi-trips\" LIMIT 2");
        assertGolden("results-seed.json", dremio.get("/api/v3/job/" + seed + "/results?offset=0&limit=500"), 200);
        String two = dremio.run("SELECT n::INTEGER AS n FROM range(2) t(n)");
        assertGolden("results-past-end.json", dremio.get("/api/v3/job/" + two + "/results?offset=2"), 200);
        assertGolden("error-limit.json", dremio.get("/api/v3/job/" + two + "/results?limit=501"), 400);
    }

    @Test
    void loginAndErrors() throws IOException {
        DremioHttp anonymous = dremio.as(null);
        String token = LocalKeys.dremioToken(SERVER.fixture().engine().options().dataDir());
        assertGolden("login.json", anonymous.post("/apiv2/login",
                "{\"userName\":\"quire\",\"password\":\"" + token + "\"}"), 200);
        assertGolden("error-login.json", anonymous.post("/apiv2/login",
                "{\"userName\":\"quire\",\"password\":\"wrong\"}"), 401);
        assertGolden("error-unknown-path.json", dremio.get("/api/v3/jobs"), 404);
    }

    @Test
    void catalog() {
        assertGolden("catalog-top.json", dremio.get("/api/v3/catalog"), 200);
        assertGolden("catalog-home.json", dremio.get("/api/v3/catalog/by-path/@quire"), 200);
        assertGolden("catalog-space.json", dremio.get("/api/v3/catalog/by-path/taxi"), 200);
        assertGolden("catalog-space-paged.json", dremio.get("/api/v3/catalog/by-path/taxi?maxChildren=1"), 200);
        assertGolden("catalog-source.json", dremio.get("/api/v3/catalog/by-path/Samples"), 200);
        assertGolden("catalog-folder.json", dremio.get("/api/v3/catalog/by-path/Samples/samples.dremio.com"), 200);
        assertGolden("catalog-dataset.json",
                dremio.get("/api/v3/catalog/by-path/Samples/samples.dremio.com/NYC-taxi-trips"), 200);
        assertGolden("catalog-view.json", dremio.get("/api/v3/catalog/by-path/taxi/short_trips"), 200, "sql");
        assertGolden("error-entity-path.json", dremio.get("/api/v3/catalog/by-path/Samples/x"), 404);
        assertGolden("error-entity-id.json", dremio.get("/api/v3/catalog/nope"), 404);
        assertGolden("error-page-token.json", dremio.get("/api/v3/catalog/by-path/taxi?pageToken=eyJ"), 400);
    }

    private static void assertGolden(String name, DremioHttp.Answer answer, int status, String... blanked) {
        assertEquals(status, answer.status(), name + ": " + answer.body());
        assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/json"),
                name + ": " + answer.contentType());
        assertEquals(canonical(golden(name), Set.of(), false), canonical(answer.body(), Set.of(blanked), true), name);
    }

    private static String golden(String name) {
        try (InputStream in = DremioGoldenTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The document re-printed token by token, numbers in their own text; in an answer, the varying
     * members (and those blanked) are checked for their form and replaced by {@code "<name>"}.
     */
    static String canonical(String json, Set<String> blanked, boolean answer) {
        StringWriter text = new StringWriter();
        try (JsonParser in = Json.FACTORY.createParser(json);
             JsonGenerator out = Json.FACTORY.createGenerator(text).useDefaultPrettyPrinter()) {
            String field = null;
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    field = in.currentName();
                    out.writeFieldName(field);
                    continue;
                }
                if (token.isScalarValue() && answer && field != null
                        && (VARYING.containsKey(field) || blanked.contains(field))) {
                    Pattern form = VARYING.get(field);
                    if (form != null && !(form.matcher(in.getText()).matches())) {
                        throw new AssertionError(field + " has the wrong form: " + in.getText());
                    }
                    out.writeString("<" + field + ">");
                } else {
                    switch (token) {
                        case START_OBJECT -> out.writeStartObject();
                        case END_OBJECT -> out.writeEndObject();
                        case START_ARRAY -> out.writeStartArray();
                        case END_ARRAY -> out.writeEndArray();
                        case VALUE_STRING -> out.writeString(in.getText());
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(in.getText());
                        case VALUE_TRUE, VALUE_FALSE -> out.writeBoolean(in.getBooleanValue());
                        case VALUE_NULL -> out.writeNull();
                        default -> throw new AssertionError("unexpected " + token);
                    }
                }
                field = null;
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
        return text.toString();
    }
}
