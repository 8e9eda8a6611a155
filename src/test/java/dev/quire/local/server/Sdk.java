package dev.quire.local.server;

import dev.quire.aws.Credentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** The official AWS SDK client for a local server, and helpers the conformance tests share. */
final class Sdk {

    static RedshiftDataClient client(URI endpoint, String region, Credentials credentials) {
        return RedshiftDataClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey())))
                .build();
    }

    static RedshiftDataClient client(LocalFixture local) {
        return client(local.endpoint(), local.region(), local.credentials());
    }

    static boolean isFinal(StatusString status) {
        return status == StatusString.FINISHED || status == StatusString.FAILED || status == StatusString.ABORTED;
    }

    /** Polls DescribeStatement until the statement ends, for at most 60 seconds. */
    static DescribeStatementResponse awaitFinal(RedshiftDataClient sdk, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        DescribeStatementResponse described;
        do {
            described = sdk.describeStatement(b -> b.id(id).waitTimeSeconds(5));
        } while (!isFinal(described.status()) && Instant.now().isBefore(deadline));
        return described;
    }

    /** Runs one statement on the local workgroup and waits for its end. */
    static DescribeStatementResponse run(RedshiftDataClient sdk, String sql) {
        String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql(sql)).id();
        return awaitFinal(sdk, id);
    }

    private Sdk() {
    }
}
