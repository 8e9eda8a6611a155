package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.aws.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/** The official AWS SDK for Java v2 against the local server. */
class SdkConformanceTest {

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension();
    static LocalFixture local;
    static RedshiftDataClient sdk;

    @BeforeAll
    static void start() throws Exception {
        local = server.fixture();
        sdk = Sdk.client(local);
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }



    @Test
    void executeDescribeAndGetResult() {
        ExecuteStatementResponse executed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select 42 as answer, 'forty-two' as word, null::int as nothing, 2.5::double as half, "
                        + "true as yes, timestamp '2020-08-21 17:33:51.88712' as at"));
        assertTrue(executed.id().matches("[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}"), executed.id());
        assertNotNull(executed.createdAt());
        assertTrue(Duration.between(executed.createdAt(), Instant.now()).abs().getSeconds() < 60);

        DescribeStatementResponse described = Sdk.awaitFinal(sdk, executed.id());
        assertEquals(StatusString.FINISHED, described.status());
        assertEquals(1L, described.resultRows());
        assertTrue(described.hasResultSet());
        assertTrue(described.duration() >= 0);
        assertTrue(described.resultSize() > 0);

        GetStatementResultResponse result = sdk.getStatementResult(b -> b.id(executed.id()));
        assertEquals(1L, result.totalNumRows());
        assertNull(result.nextToken());
        List<String> names = result.columnMetadata().stream().map(ColumnMetadata::name).toList();
        assertEquals(List.of("answer", "word", "nothing", "half", "yes", "at"), names);
        List<String> types = result.columnMetadata().stream().map(ColumnMetadata::typeName).toList();
        assertEquals(List.of("int4", "varchar", "int4", "float8", "bool", "timestamp"), types);
        List<Field> row = result.records().get(0);
        assertEquals(42L, row.get(0).longValue());
        assertEquals("forty-two", row.get(1).stringValue());
        assertTrue(row.get(2).isNull());
        assertEquals(2.5, row.get(3).doubleValue());
        assertTrue(row.get(4).booleanValue());
        assertEquals("2020-08-21 17:33:51.88712", row.get(5).stringValue());
        for (Field field : row) {
            assertNotNull(field.type(), "every Field has exactly one member");
        }
    }

    @Test
    void paginatorWalksEveryPage() throws Exception {
        ExecuteStatementResponse executed = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select i, repeat('x', 200) as pad from range(20000) t(i)"));
        assertEquals(StatusString.FINISHED, Sdk.awaitFinal(sdk, executed.id()).status());
        long rows = 0;
        long expected = 0;
        int pages = 0;
        for (GetStatementResultResponse page : sdk.getStatementResultPaginator(b -> b.id(executed.id()))) {
            pages++;
            assertEquals(20000L, page.totalNumRows());
            for (List<Field> record : page.records()) {
                assertEquals(expected++, record.get(0).longValue());
                rows++;
            }
        }
        assertEquals(20000, rows);
        assertTrue(pages > 1, "a 4 MB result spans several pages, got " + pages);
    }

    @Test
    void failedStatementReportsItsError() {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select * from no_such_table")).id();
        DescribeStatementResponse described = Sdk.awaitFinal(sdk, id);
        assertEquals(StatusString.FAILED, described.status());
        assertTrue(described.error().contains("no_such_table"), described.error());
        assertThrows(ValidationException.class, () -> sdk.getStatementResult(b -> b.id(id)));
    }

    @Test
    void unknownIdIsResourceNotFound() {
        String id = "00000000-0000-0000-0000-000000000000";
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> sdk.describeStatement(b -> b.id(id)));
        assertEquals(id, e.resourceId());
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertNotNull(e.requestId());
    }

    @Test
    void malformedIdIsValidationError() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> sdk.describeStatement(b -> b.id("not-an-id")));
        assertTrue(e.getMessage().contains("regular expression pattern"), e.getMessage());
    }

    @Test
    void wrongSecretIsRefusedLikeAws() {
        try (RedshiftDataClient wrong = Sdk.client(local.endpoint(), local.region(),
                new Credentials(local.credentials().accessKeyId(), "not-the-secret"))) {
            RedshiftDataException e = assertThrows(RedshiftDataException.class,
                    () -> wrong.executeStatement(b -> b.workgroupName("local").database("dev").sql("select 1")));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void unknownKeyIsRefusedLikeAws() {
        try (RedshiftDataClient stranger = Sdk.client(local.endpoint(), local.region(),
                new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))) {
            RedshiftDataException e = assertThrows(RedshiftDataException.class,
                    () -> stranger.describeStatement(b -> b.id("00000000-0000-0000-0000-000000000000")));
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void unsignedRequestIsRefused() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(local.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "RedshiftData.ExecuteStatement")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Sql\":\"select 1\"}"))
                .build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), response.body());
    }

    @Test
    void cancelStopsALongQuery() {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                .sql("select sum(hash(i)) from range(100000000000) t(i)")).id();
        Instant deadline = Instant.now().plusSeconds(20);
        while (sdk.describeStatement(b -> b.id(id)).status() != StatusString.STARTED
                && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertTrue(sdk.cancelStatement(b -> b.id(id)).status());
        assertEquals(StatusString.ABORTED, Sdk.awaitFinal(sdk, id).status());
        assertFalse(sdk.cancelStatement(b -> b.id(id)).status(), "a second cancel finds it ended");
    }
}
