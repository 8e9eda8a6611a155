package dev.quire.local.dremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.LocalKeys;
import dev.quire.local.server.LocalFixture;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dremio jobs, their results, the token and sys.jobs_recent survive a restart; a job the stop cut off ends CANCELED. */
class DremioRestartTest {

    @TempDir
    Path dir;

    @Test
    void jobsAndResultsSurviveARestart() throws Exception {
        String token;
        String done;
        String cut;
        String page;
        try (LocalFixture first = LocalFixture.start(dir)) {
            token = LocalKeys.dremioToken(dir);
            DremioHttp dremio = DremioHttp.bearer(first.endpoint(), token);
            done = dremio.run("SELECT i, 'row ' || i AS label FROM range(1234) t(i)");
            page = dremio.get("/api/v3/job/" + done + "/results?offset=1200&limit=50").body();
            cut = dremio.submit("SELECT sum(hash(i)) FROM range(100000000000) t(i)");
            Instant deadline = Instant.now().plusSeconds(60);
            while (!dremio.get("/api/v3/job/" + cut).json().get("jobState").asText().equals("RUNNING")) {
                assertTrue(Instant.now().isBefore(deadline), "the long job never ran");
                Thread.onSpinWait();
            }
        }
        try (LocalFixture second = LocalFixture.start(dir)) {
            assertEquals(token, LocalKeys.dremioToken(dir), "the token is kept");
            DremioHttp dremio = DremioHttp.bearer(second.endpoint(), token);
            JsonNode status = dremio.get("/api/v3/job/" + done).json();
            assertEquals("COMPLETED", status.get("jobState").asText());
            assertEquals(1234, status.get("rowCount").asInt());
            assertEquals(page, dremio.get("/api/v3/job/" + done + "/results?offset=1200&limit=50").body());
            JsonNode stopped = dremio.get("/api/v3/job/" + cut).json();
            assertEquals("CANCELED", stopped.get("jobState").asText());
            assertTrue(stopped.get("cancellationReason").asText().contains("stopped"), stopped.toString());
            String history = dremio.run("SELECT job_id, status FROM sys.jobs_recent WHERE job_id IN ('" + done + "', '"
                    + cut + "') ORDER BY submitted_ts");
            JsonNode rows = dremio.get("/api/v3/job/" + history + "/results").json().get("rows");
            assertEquals(2, rows.size(), rows.toString());
            assertEquals("COMPLETED", rows.get(0).get("status").asText());
            assertEquals("CANCELED", rows.get(1).get("status").asText());
        }
    }
}
