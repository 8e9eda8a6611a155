package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.aws.Credentials;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.http.HttpClients;
import dev.quire.client.http.RetryPolicy;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.Column;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.RedshiftSettings.Mode;
import dev.quire.model.Page;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.TableInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;

/**
 * DataApi calls against the real local server (SigV4 verified), opened as a Redshift connection
 * whose credentials come from an AWS profile through the SDK's providers: parameters, idempotency
 * tokens, retries and the flat catalog calls. What every client does is in {@link DataApiContract}.
 */
class DataApiLocalTest {

    @TempDir
    static Path dir;
    static LocalFixture local;
    static DataApi api;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(dir);
        Credentials key = local.credentials();
        ProfileFile profiles = ProfileFile.builder()
                .content(new ByteArrayInputStream(("[profile quire-local]\naws_access_key_id = " + key.accessKeyId()
                        + "\naws_secret_access_key = " + key.secretAccessKey() + "\n").getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
        ConnectionProfile profile = new ConnectionProfile("local as Redshift", new RedshiftSettings(
                Mode.SERVERLESS_WORKGROUP, local.region(), local.endpoint(), "quire-local", "local", null, "dev",
                null, null));
        api = Connections.open(profile, null,
                name -> CredentialsSource.of(name, ProfileFileSupplier.fixedProfileFile(profiles)));
    }

    @AfterAll
    static void stop() {
        api.close();
        local.close();
    }

    static <T> T get(Future<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    static StatementInfo finish(String id) throws Exception {
        return DataApiContract.finish(api, id);
    }

    @Test
    void executeDescribeAndFetch() throws Exception {
        assertTrue(api.capabilities().longPolls());
        String id = get(api.execute(new StatementRequest(List.of("select :n::int as n, 'x' as s"),
                Map.of("n", "42"), "probe", null)));
        StatementInfo info = finish(id);
        assertEquals(RunState.FINISHED, info.status());
        assertEquals(id, get(api.describe(id)).id());
        ResultPage page = get(api.fetch(id, null));
        assertEquals(List.of("n", "s"), page.columns().stream().map(Column::name).toList());
        assertEquals(42L, page.rows().get(0)[0]);
        assertTrue(page.isLast());
    }

    @Test
    void sameClientTokenRunsTheStatementOnce() throws Exception {
        finish(get(api.execute(StatementRequest.of("create table if not exists once(i int)"))));
        String token = UUID.randomUUID().toString();
        StatementRequest insert = new StatementRequest(List.of("insert into once values (1)"), Map.of(), null, token);
        String first = get(api.execute(insert));
        String again = get(api.execute(insert));
        assertEquals(first, again, "a repeated token answers with the first statement");
        finish(first);
        String other = get(api.execute(StatementRequest.of("insert into once values (1)")));
        assertNotEquals(first, other, "without the token it is a new statement");
        finish(other);
        String count = get(api.execute(StatementRequest.of("select count(*) from once")));
        finish(count);
        assertEquals(2L, get(api.fetch(count, null)).rows().get(0)[0]);
    }

    @Test
    void lostAnswerToExecuteIsRetriedAndTheStatementRunsOnce() throws Exception {
        finish(get(api.execute(StatementRequest.of("create table if not exists lost(i int)"))));
        AtomicInteger sent = new AtomicInteger();
        Interceptor loseFirstAnswer = chain -> {
            Response response = chain.proceed(chain.request());
            if ("RedshiftData.ExecuteStatement".equals(chain.request().header("X-Amz-Target"))
                    && sent.getAndIncrement() == 0) {
                response.close();
                throw new IOException("the answer was lost");
            }
            return response;
        };
        OkHttpClient http = HttpClients.create().newBuilder().addNetworkInterceptor(loseFirstAnswer).build();
        Credentials key = local.credentials();
        try (RedshiftDataClient client = RedshiftDataClient.builder(local.target(), () -> key).http(http)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1),
                        () -> 1.0))
                .build()) {
            String id = get(client.execute(StatementRequest.of("insert into lost values (1)")));
            assertEquals(2, sent.get(), "the server saw the submission twice");
            assertEquals(RunState.FINISHED, finish(id).status());
        } finally {
            HttpClients.shutdown(http);
        }
        String count = get(api.execute(StatementRequest.of("select count(*) from lost")));
        finish(count);
        assertEquals(1L, get(api.fetch(count, null)).rows().get(0)[0], "and ran it once");
    }

    @Test
    void catalogCalls() throws Exception {
        finish(get(api.execute(StatementRequest.of("create schema if not exists sales"))));
        finish(get(api.execute(StatementRequest.of(
                "create table if not exists sales.orders(id bigint not null, note varchar)"))));
        assertEquals(List.of("dev"), get(api.listDatabases(null)).items());
        assertTrue(get(api.listSchemas(null, "sal%", null)).items().contains("sales"));
        Page<TableInfo> tables = get(api.listTables(null, "sales", "%", null));
        assertEquals(List.of(new TableInfo("sales", "orders", "TABLE")), tables.items());
        Page<Column> columns = get(api.describeTable(null, "sales", "orders", null));
        assertEquals(List.of("id", "note"), columns.items().stream().map(Column::name).toList());
        assertFalse(columns.items().get(0).nullable());
    }
}
