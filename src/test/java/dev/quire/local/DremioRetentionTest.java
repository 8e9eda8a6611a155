package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.dremio.DremioHttp;
import dev.quire.local.server.LocalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dremio keeps a job's results a day and the job 30 days, as Dremio does; then sys.jobs_recent forgets it too. */
class DremioRetentionTest {

    @TempDir
    Path dir;

    @Test
    void resultsGoAfterADayAndJobsAfterThirtyDays() throws Exception {
        LocalEngineTest.TestClock clock = new LocalEngineTest.TestClock();
        try (LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false),
                SampleData.Progress.NONE, clock);
             LocalServer server = LocalServer.start(engine, 0, List.of(LocalKeys.loadOrCreate(dir)),
                     LocalKeys.REGION)) {
            DremioHttp dremio = DremioHttp.bearer(server.endpoint(), LocalKeys.dremioToken(dir));
            String id = dremio.run("SELECT 7 AS seven");
            assertEquals(1, dremio.get("/api/v3/job/" + id + "/results").json().get("rows").size());

            clock.advance(Duration.ofHours(23));
            engine.purgeExpired();
            assertEquals(200, dremio.get("/api/v3/job/" + id + "/results").status(), "kept for a day");

            clock.advance(Duration.ofHours(2));
            engine.purgeExpired();
            assertEquals("COMPLETED", dremio.get("/api/v3/job/" + id).json().get("jobState").asText());
            DremioHttp.Answer gone = dremio.get("/api/v3/job/" + id + "/results");
            assertEquals(404, gone.status());
            assertTrue(gone.error().contains("no longer available"), gone.body());

            clock.advance(Duration.ofDays(29));
            engine.purgeExpired();
            assertEquals(404, dremio.get("/api/v3/job/" + id).status(), "the job is gone after 30 days");
            String left = dremio.run("SELECT count(*) AS n FROM sys.jobs_recent WHERE job_id = '" + id + "'");
            assertEquals(0, dremio.get("/api/v3/job/" + left + "/results").json().at("/rows/0/n").asInt());
        }
    }

}
