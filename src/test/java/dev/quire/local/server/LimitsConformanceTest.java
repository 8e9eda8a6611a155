package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** The service's quotas, through the AWS SDK, on a server configured with small limits. */
class LimitsConformanceTest {

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension(options -> options
                .withPageBytes(4096).withLimits(2, 64 * 1024));
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
    void tooManyActiveStatementsIsTheServicesError() {
        String slow = "select sum(hash(i)) from range(100000000000) t(i)";
        String a = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(slow)).id();
        String b2 = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(slow)).id();
        try {
            ActiveStatementsExceededException e = assertThrows(ActiveStatementsExceededException.class,
                    () -> sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql("select 1")));
            assertEquals(400, e.statusCode());
            assertEquals(1, e.numAttempts(), "a quota error is not retried");
        } finally {
            sdk.cancelStatement(b -> b.id(a));
            sdk.cancelStatement(b -> b.id(b2));
        }
        assertEquals(StatusString.ABORTED, Sdk.awaitFinal(sdk, a).status());
        assertEquals(StatusString.ABORTED, Sdk.awaitFinal(sdk, b2).status());
        assertEquals(StatusString.FINISHED, Sdk.run(sdk, "select 1").status(), "slots are free again");
    }

    @Test
    void resultOverTheSizeCapFailsTheStatement() {
        DescribeStatementResponse failed = Sdk.run(sdk, "select i, repeat('x', 100) from range(10000) t(i)");
        assertEquals(StatusString.FAILED, failed.status());
        assertTrue(failed.error().contains("maximum result size"), failed.error());
        assertEquals(StatusString.FINISHED, Sdk.run(sdk, "select i from range(100) t(i)").status(),
                "a result under the cap is fine");
    }
}
