package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ThrottleReason;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

/** Too many queries at once: Athena's TooManyRequestsException, which the SDK retries, and room again after. */
class AthenaLimitsTest {

    @RegisterExtension
    static final LocalServerExtension server = new LocalServerExtension(o -> o.withLimits(1, o.maxResultBytes()));

    @Test
    void tooManyRunningQueriesAreRefusedUntilOneEnds() {
        LocalFixture local = server.fixture();
        try (AthenaClient athena = AthenaSdk.athena(local); AthenaClient once = AthenaClient.builder()
                .endpointOverride(local.endpoint()).region(Region.of(local.region()))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        local.credentials().accessKeyId(), local.credentials().secretAccessKey())))
                .build()) {
            String running = athena.startQueryExecution(b -> b.queryString("SELECT count(*) FROM range(100000000) "
                    + "a(i), range(100000000) b(j) WHERE i + j = 7")).queryExecutionId();
            TooManyRequestsException refused = assertThrows(TooManyRequestsException.class,
                    () -> once.startQueryExecution(b -> b.queryString("SELECT 1")));
            assertEquals(ThrottleReason.CONCURRENT_QUERY_LIMIT_EXCEEDED, refused.reason());
            assertEquals(400, refused.statusCode());
            assertTrue(refused.isThrottlingException(), "the SDK takes it for throttling and retries it");

            athena.stopQueryExecution(b -> b.queryExecutionId(running));
            assertEquals(QueryExecutionState.CANCELLED, AthenaSdk.awaitFinal(athena, running).status().state());
            String next = athena.startQueryExecution(b -> b.queryString("SELECT 1")).queryExecutionId();
            assertEquals(QueryExecutionState.SUCCEEDED, AthenaSdk.await(athena, next,
                    List.of(QueryExecutionState.SUCCEEDED, QueryExecutionState.FAILED)).status().state());
        }
    }
}
