package dev.quire.local.server;

import dev.quire.aws.Credentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.S3Client;

/** The official AWS SDK's Athena and S3 clients for a local server, and the waits the Athena tests share. */
final class AthenaSdk {

    static AthenaClient athena(LocalFixture local) {
        return athena(local.endpoint(), local.region(), local.credentials());
    }

    static AthenaClient athena(URI endpoint, String region, Credentials key) {
        return AthenaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(credentials(key))
                .build();
    }

    static S3Client s3(LocalFixture local) {
        return s3(local.endpoint(), local.region(), local.credentials());
    }

    /** Path-style, as a local endpoint needs; checksums as the SDK does them by default. */
    static S3Client s3(URI endpoint, String region, Credentials key) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(credentials(key))
                .build();
    }

    private static StaticCredentialsProvider credentials(Credentials key) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    static boolean isFinal(QueryExecutionState state) {
        return state == QueryExecutionState.SUCCEEDED || state == QueryExecutionState.FAILED
                || state == QueryExecutionState.CANCELLED;
    }

    /** Polls GetQueryExecution until the query is in one of the states, for at most 60 seconds. */
    static QueryExecution await(AthenaClient athena, String id, List<QueryExecutionState> states) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        QueryExecution query;
        do {
            query = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
            if (states.contains(query.status().state()) || Instant.now().isAfter(deadline)) {
                return query;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        } while (true);
    }

    static QueryExecution awaitFinal(AthenaClient athena, String id) {
        return await(athena, id, List.of(QueryExecutionState.SUCCEEDED, QueryExecutionState.FAILED,
                QueryExecutionState.CANCELLED));
    }

    /** Runs a query in the database and waits for its end. */
    static QueryExecution run(AthenaClient athena, String database, String sql) {
        String id = athena.startQueryExecution(b -> b.queryString(sql)
                .queryExecutionContext(c -> c.database(database))).queryExecutionId();
        return awaitFinal(athena, id);
    }

    private AthenaSdk() {
    }
}
