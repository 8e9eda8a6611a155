package dev.quire.bench;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A real local engine and server (loopback only) in a fresh temporary data folder without sample
 * data, with Quire's client and the official AWS SDK client for it. Closing stops the server and
 * deletes the folder.
 */
final class LocalBench implements AutoCloseable {

    private final Path dir;
    private final LocalFixture local;

    private LocalBench(Path dir, LocalFixture local) {
        this.dir = dir;
        this.local = local;
    }

    static LocalBench start(String name) throws Exception {
        return start(name, options -> options);
    }

    /** As {@link #start(String)}, with the engine's options adjusted (e.g. a larger result size cap). */
    static LocalBench start(String name, UnaryOperator<LocalEngine.Options> adjust) throws Exception {
        Path dir = Files.createTempDirectory("quire-bench-" + name + "-");
        try {
            return new LocalBench(dir, LocalFixture.start(adjust.apply(
                    LocalEngine.Options.defaults(dir).withSampleData(false))));
        } catch (Exception | Error e) {
            Bench.deleteTree(dir);
            throw e;
        }
    }

    /** The benchmark's temporary folder, deleted on close. */
    Path dir() {
        return dir;
    }

    LocalFixture fixture() {
        return local;
    }

    /** Quire's own client (OkHttp + Jackson), signed with the server's generated key. */
    RedshiftDataClient quireClient() {
        return local.client();
    }

    /** The official AWS SDK for Java v2 client (its default sync HTTP client) for the same server. */
    software.amazon.awssdk.services.redshiftdata.RedshiftDataClient sdkClient() {
        return software.amazon.awssdk.services.redshiftdata.RedshiftDataClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.of(local.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        local.credentials().accessKeyId(), local.credentials().secretAccessKey())))
                .build();
    }

    /** Executes with Quire's client and polls describe (no backoff, 1 ms apart) until a final state. */
    static StatementInfo executeAndAwait(RedshiftDataClient client, String sql, Duration timeout) throws Exception {
        String id = client.execute(StatementRequest.of(sql)).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StatementInfo info = client.describe(id).get(30, TimeUnit.SECONDS);
            if (info.isFinal()) {
                return info;
            }
            Bench.check(System.nanoTime() < deadline, "statement %s did not end within %s", id, timeout);
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            Bench.deleteTree(dir);
        }
    }
}
