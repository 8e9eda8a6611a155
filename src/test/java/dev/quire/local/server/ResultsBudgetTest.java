package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.DiskBudget;
import dev.quire.local.LocalEngine;
import dev.quire.local.dremio.DremioHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Stored results stay within their disk budget; each API tells its client why a dropped one is gone. */
class ResultsBudgetTest {

    private static final long BUDGET = 2L << 20;
    /** About 400 KB of Parquet: hashes do not compress much. */
    private static final String SQL = "SELECT i, md5(i::VARCHAR) AS h FROM range(20000) t(i)";
    private static final String MADE_FROM = LocalEngine.MADE_FROM_RESULTS;
    private static final String WHY = "dropped to keep the stored results within their disk budget of 2 MiB";

    @TempDir
    Path dir;

    private LocalEngine.Options options() {
        return LocalEngine.Options.defaults(dir).withSampleData(false).withResultsBudget(BUDGET);
    }

    @Test
    void twentyFiveResultsLeaveAtMostTheBudgetAndTheOldestAreGoneWithTheReason() throws Exception {
        List<String> ids = new ArrayList<>();
        String athenaId;
        String dremioId;
        try (LocalFixture local = LocalFixture.start(options());
             RedshiftDataClient redshift = Sdk.client(local);
             AthenaClient athena = AthenaSdk.athena(local);
             S3Client s3 = AthenaSdk.s3(local)) {
            var first = AthenaSdk.run(athena, "public", SQL);
            assertEquals(QueryExecutionState.SUCCEEDED, first.status().state());
            athenaId = first.queryExecutionId();
            String key = "athena-results/" + athenaId + ".csv";
            long csv = s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)).asByteArray().length;
            assertTrue(csv > 500_000, "the CSV copy counts in the budget too: " + csv);
            assertTrue(local.engine().resultsOnDisk() <= BUDGET);

            DremioHttp dremio = DremioHttp.bearer(local.endpoint(), local.dremioToken());
            dremioId = dremio.run(SQL);
            long largest = 0;
            for (int i = 0; i < 25; i++) {
                var done = Sdk.run(redshift, SQL);
                assertEquals(StatusString.FINISHED, done.status(), done.error());
                ids.add(done.id());
                long onDisk = local.engine().resultsOnDisk();
                largest = Math.max(largest, onDisk);
                assertTrue(onDisk <= BUDGET, "after result " + (i + 1) + ": " + onDisk + " bytes on disk");
            }
            assertTrue(largest > BUDGET / 2, "the results filled the budget: " + largest);
            try (var files = java.nio.file.Files.list(dir.resolve("results"))) {
                for (Path file : files.toList()) {
                    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                            java.nio.file.Files.getPosixFilePermissions(file)), file + " is the owner's only");
                }
            }
            for (String folder : List.of("results", "statements", "spill", MADE_FROM)) {
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(dir.resolve(folder))), folder);
            }
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir.resolve("dev.duckdb"))));

            String newest = ids.get(ids.size() - 1);
            assertEquals(20000, redshift.getStatementResult(b -> b.id(newest)).totalNumRows());
            ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class,
                    () -> redshift.getStatementResult(b -> b.id(ids.get(0))));
            assertTrue(gone.getMessage().contains(WHY), gone.getMessage());

            InvalidRequestException athenaGone = assertThrows(InvalidRequestException.class,
                    () -> athena.getQueryResults(b -> b.queryExecutionId(athenaId)));
            assertTrue(athenaGone.getMessage().contains(WHY), athenaGone.getMessage());
            NoSuchKeyException s3Gone = assertThrows(NoSuchKeyException.class,
                    () -> s3.getObjectAsBytes(b -> b.bucket("quire-local").key(key)));
            assertEquals(404, s3Gone.statusCode());

            DremioHttp.Answer dremioGone = dremio.get("/api/v3/job/" + dremioId + "/results");
            assertEquals(404, dremioGone.status());
            assertTrue(dremioGone.error().contains(WHY), dremioGone.body());
            assertEquals("COMPLETED", dremio.get("/api/v3/job/" + dremioId).json().get("jobState").asText(),
                    "the job is kept; only its result went");
        }

        try (LocalFixture again = LocalFixture.start(options());
             RedshiftDataClient redshift = Sdk.client(again)) {
            ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class,
                    () -> redshift.getStatementResult(b -> b.id(ids.get(0))));
            assertTrue(gone.getMessage().contains(WHY), "the reason outlives a restart: " + gone.getMessage());
            assertEquals(20000, redshift.getStatementResult(b -> b.id(ids.get(ids.size() - 1))).totalNumRows());
            assertTrue(again.engine().resultsOnDisk() <= BUDGET);
        }
    }

    @Test
    void sizesAreReadAndWrittenForPeople() {
        assertEquals(4L << 30, DiskBudget.parse("4g"));
        assertEquals(4L << 30, DiskBudget.parse("4 GiB"));
        assertEquals(500L << 20, DiskBudget.parse("500MB"));
        assertEquals(1536L << 20, DiskBudget.parse("1.5g"));
        assertEquals(123_456, DiskBudget.parse("123456"));
        assertThrows(IllegalArgumentException.class, () -> DiskBudget.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> DiskBudget.parse("-1g"));
        assertThrows(IllegalArgumentException.class, () -> DiskBudget.parse("0"));
        assertEquals("4 GiB", DiskBudget.describe(4L << 30));
        assertEquals("1.5 GiB", DiskBudget.describe(1536L << 20));
        assertEquals("900 bytes", DiskBudget.describe(900));
    }
}
