package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.S3Client;

/** Athena's query history, its members and the results outlive a restart of the local server. */
class AthenaRestartTest {

    @TempDir
    Path dir;

    @Test
    void historyAndResultsSurviveARestart() throws Exception {
        QueryExecution before;
        QueryExecution plain;
        GetQueryResultsResponse rowsBefore;
        String csvBefore;
        try (LocalFixture first = LocalFixture.start(dir); AthenaClient athena = AthenaSdk.athena(first);
             S3Client s3 = AthenaSdk.s3(first)) {
            AthenaSdk.run(athena, "public", "CREATE SCHEMA kept");
            AthenaSdk.run(athena, "kept", "CREATE TABLE things AS SELECT range AS n FROM range(5)");
            String id = athena.startQueryExecution(b -> b.queryString("SELECT n, ? AS tag FROM things WHERE n < ?")
                    .executionParameters("'it''s'", "3")
                    .queryExecutionContext(c -> c.database("kept").catalog("AwsDataCatalog"))
                    .resultConfiguration(r -> r.outputLocation("s3://kept-results/q/"))).queryExecutionId();
            before = AthenaSdk.awaitFinal(athena, id);
            assertEquals(QueryExecutionState.SUCCEEDED, before.status().state(), before.status().toString());
            rowsBefore = athena.getQueryResults(b -> b.queryExecutionId(id));
            csvBefore = s3.getObjectAsBytes(b -> b.bucket("kept-results").key("q/" + id + ".csv")).asUtf8String();
            plain = AthenaSdk.run(athena, "public", "SELECT 'not downloaded yet' AS note");
        }
        try (LocalFixture again = LocalFixture.start(dir); AthenaClient athena = AthenaSdk.athena(again);
             S3Client s3 = AthenaSdk.s3(again)) {
            String id = before.queryExecutionId();
            QueryExecution after = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
            assertEquals(before.query(), after.query());
            assertEquals(before.status(), after.status());
            assertEquals(before.statementType(), after.statementType());
            assertEquals(before.executionParameters(), after.executionParameters());
            assertEquals(before.queryExecutionContext(), after.queryExecutionContext());
            assertEquals(before.resultConfiguration(), after.resultConfiguration());
            assertEquals(before.workGroup(), after.workGroup());
            assertEquals(before.statistics().dataScannedInBytes(), after.statistics().dataScannedInBytes());
            assertEquals(rowsBefore.resultSet(), athena.getQueryResults(b -> b.queryExecutionId(id)).resultSet());
            assertEquals(List.of("n", "tag"), rowsBefore.resultSet().rows().get(0).data().stream()
                    .map(d -> d.varCharValue()).toList());
            assertEquals(csvBefore, s3.getObjectAsBytes(b -> b.bucket("kept-results").key("q/" + id + ".csv"))
                    .asUtf8String());
            assertEquals("\"note\"\n\"not downloaded yet\"\n", s3.getObjectAsBytes(b -> b.bucket("quire-local")
                    .key("athena-results/" + plain.queryExecutionId() + ".csv")).asUtf8String());
            List<String> listed = athena.listQueryExecutions(b -> { }).queryExecutionIds();
            assertTrue(listed.containsAll(List.of(id, plain.queryExecutionId())), listed.toString());
            assertEquals(plain.queryExecutionId(), listed.get(0), "newest first, also after a restart");
        }
    }
}
