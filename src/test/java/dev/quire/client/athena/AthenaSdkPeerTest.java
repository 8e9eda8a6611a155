package dev.quire.client.athena;

import static dev.quire.client.athena.AthenaMock.KEY;
import static dev.quire.client.athena.AthenaMock.body;
import static dev.quire.client.athena.AthenaMock.execution;
import static dev.quire.client.athena.AthenaMock.queryExecution;
import static dev.quire.client.athena.AthenaMock.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.model.CatalogPath;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * The official AWS SDK's Athena client as a peer: our requests carry what the SDK's carry for the
 * same call, and the answers these tests play are read by the SDK as by us.
 */
class AthenaSdkPeerTest {

    @RegisterExtension
    final AthenaMock mock = new AthenaMock(Duration.ofSeconds(10), Duration.ofSeconds(10));
    AthenaClient client;
    software.amazon.awssdk.services.athena.AthenaClient sdk;

    @BeforeEach
    void start() {
        AthenaTarget target = new AthenaTarget(mock.server.url("/").uri(), "eu-west-1", "wg", "lake", "db",
                "s3://out/results/");
        client = AthenaClient.builder(target, () -> KEY).http(mock.http()).readFromS3(false).build();
        sdk = software.amazon.awssdk.services.athena.AthenaClient.builder()
                .endpointOverride(mock.server.url("/").uri())
                .region(Region.EU_WEST_1)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY.accessKeyId(),
                        KEY.secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() {
        sdk.close();
        client.close();
    }

    /** The last request of the action, target and body, with the idempotency token's value left out. */
    JsonNode last(String action) throws Exception {
        List<RecordedRequest> calls = mock.calls(action);
        RecordedRequest request = calls.get(calls.size() - 1);
        ObjectNode body = (ObjectNode) body(request);
        if (body.has("ClientRequestToken")) {
            assertTrue(body.get("ClientRequestToken").asText().length() >= 32);
            body.put("ClientRequestToken", "token");
        }
        return body;
    }

    /** Makes the SDK's call; only what it sends matters here, not the answer (an error when none is played). */
    static void sent(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException answered) {
            // what was sent is in the mock's record
        }
    }

    /** Waits for our call to end; only what it sent matters here. */
    static void sent(CompletableFuture<?> call) {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException answered) {
            // what was sent is in the mock's record
        } catch (Exception e) {
            throw new AssertionError("the call did not end", e);
        }
    }

    @Test
    void aStartCarriesWhatTheSdksCarries() throws Exception {
        sent(client.execute(new StatementRequest(List.of("select * from t where a = ? and b = ?"),
                Map.of("1", "42", "2", "x"), null, null)));
        JsonNode ours = last("StartQueryExecution");
        sent(() -> sdk.startQueryExecution(b -> b.queryString("select * from t where a = ? and b = ?")
                .queryExecutionContext(c -> c.catalog("lake").database("db")).workGroup("wg")
                .resultConfiguration(r -> r.outputLocation("s3://out/results/")).executionParameters("42", "'x'")));
        assertEquals(last("StartQueryExecution"), ours);
    }

    @Test
    void readsAndListingsCarryWhatTheSdksCarry() throws Exception {
        sent(client.fetch("q1", new PageRef.Token("t2", 1000)));
        JsonNode ours = last("GetQueryResults");
        sent(() -> sdk.getQueryResults(b -> b.queryExecutionId("q1").nextToken("t2").maxResults(1000)));
        assertEquals(last("GetQueryResults"), ours);

        sent(client.describe("q2"));
        ours = last("GetQueryExecution");
        sent(() -> sdk.getQueryExecution(b -> b.queryExecutionId("q2")));
        assertEquals(last("GetQueryExecution"), ours);

        mock.answer("GetQueryExecution", execution("q3", "RUNNING", "DML", null));
        sent(client.cancel("q3"));
        ours = last("StopQueryExecution");
        sent(() -> sdk.stopQueryExecution(b -> b.queryExecutionId("q3")));
        assertEquals(last("StopQueryExecution"), ours);

        mock.answer("ListQueryExecutions", "{\"QueryExecutionIds\":[\"q1\",\"q2\"]}");
        sent(client.listStatements("p2"));
        JsonNode list = last("ListQueryExecutions");
        JsonNode batch = last("BatchGetQueryExecution");
        sent(() -> sdk.listQueryExecutions(b -> b.workGroup("wg").maxResults(50).nextToken("p2")));
        sent(() -> sdk.batchGetQueryExecution(b -> b.queryExecutionIds("q1", "q2")));
        assertEquals(last("ListQueryExecutions"), list);
        assertEquals(last("BatchGetQueryExecution"), batch);

        sent(client.children(CatalogPath.ROOT, "c"));
        ours = last("ListDataCatalogs");
        sent(() -> sdk.listDataCatalogs(b -> b.maxResults(50).workGroup("wg").nextToken("c")));
        assertEquals(last("ListDataCatalogs"), ours);

        sent(client.children(CatalogPath.of("lake"), null));
        ours = last("ListDatabases");
        sent(() -> sdk.listDatabases(b -> b.catalogName("lake").maxResults(50).workGroup("wg")));
        assertEquals(last("ListDatabases"), ours);

        sent(client.children(CatalogPath.of("lake", "db"), "t"));
        ours = last("ListTableMetadata");
        sent(() -> sdk.listTableMetadata(b -> b.catalogName("lake").databaseName("db").maxResults(50).workGroup("wg")
                .nextToken("t")));
        assertEquals(last("ListTableMetadata"), ours);

        sent(client.columns(CatalogPath.of("lake", "db", "orders"), null));
        ours = last("GetTableMetadata");
        sent(() -> sdk.getTableMetadata(b -> b.catalogName("lake").databaseName("db").tableName("orders")
                .workGroup("wg")));
        assertEquals(last("GetTableMetadata"), ours);

        sent(client.listWorkGroups("w"));
        ours = last("ListWorkGroups");
        sent(() -> sdk.listWorkGroups(b -> b.maxResults(50).nextToken("w")));
        assertEquals(last("ListWorkGroups"), ours);
    }

    @Test
    void theSdkReadsTheAnswersPlayedHereAsWeDo() throws Exception {
        String described = execution("q1", "SUCCEEDED", "DML", "s3://out/results/q1.csv");
        mock.answer("GetQueryExecution", described, described);
        GetQueryExecutionResponse theirs = sdk.getQueryExecution(b -> b.queryExecutionId("q1"));
        StatementInfo ours = client.describe("q1").get(10, TimeUnit.SECONDS);
        assertEquals(QueryExecutionState.SUCCEEDED, theirs.queryExecution().status().state());
        assertEquals(theirs.queryExecution().status().submissionDateTime(), ours.createdAt());
        assertEquals(theirs.queryExecution().status().completionDateTime(), ours.updatedAt());
        assertEquals(theirs.queryExecution().statistics().dataScannedInBytes(), ours.scannedBytes());
        assertEquals(theirs.queryExecution().query(), ours.queryString());
        assertEquals("s3://out/results/q1.csv", theirs.queryExecution().resultConfiguration().outputLocation());

        String page = results(List.of("n:bigint", "s:varchar"), true, List.of(List.of("1", ""),
                Arrays.asList(null, "x")), "next");
        mock.answer("GetQueryResults", page, page);
        GetQueryResultsResponse rows = sdk.getQueryResults(b -> b.queryExecutionId("q1"));
        ResultPage read = client.fetch("q1", null).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("n", "s"), rows.resultSet().resultSetMetadata().columnInfo().stream()
                .map(c -> c.name()).toList());
        assertEquals(List.of("bigint", "varchar"), read.columns().stream().map(c -> c.typeName()).toList());
        List<List<String>> texts = new ArrayList<>();
        rows.resultSet().rows().forEach(row -> texts.add(row.data().stream().map(Datum::varCharValue).toList()));
        assertEquals(List.of(List.of("n", "s"), List.of("1", ""), Arrays.asList(null, "x")), texts,
                "the SDK sees the header row, an empty string and a NULL");
        assertNull(rows.resultSet().rows().get(2).data().get(0).varCharValue());
        assertEquals(List.of(Arrays.asList(1L, ""), Arrays.asList(null, "x")),
                read.rows().stream().map(Arrays::asList).toList());
        assertEquals("next", rows.nextToken());
        assertEquals(new PageRef.Token("next", 2), read.next());

        mock.answer("BatchGetQueryExecution", "{\"QueryExecutions\":[" + queryExecution("q1", "RUNNING", "DML", null)
                + "]}");
        assertEquals(QueryExecutionState.RUNNING, sdk.batchGetQueryExecution(b -> b.queryExecutionIds("q1"))
                .queryExecutions().get(0).status().state());
    }
}
