package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.server.LocalFixture;
import dev.quire.model.AppDirs;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.RedshiftSettings;
import dev.quire.service.ProfileStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quire sql against a Redshift Data API endpoint described by flags or a saved connection, with
 * credentials from the AWS SDK's default chain (here its system properties).
 */
class SqlConnectionTest {

    @TempDir
    static Path server;
    @TempDir
    Path home;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(server);
        System.setProperty("aws.accessKeyId", local.credentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", local.credentials().secretAccessKey());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        local.close();
    }



    @Test
    void flagsDescribeTheConnection() {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--endpoint-url", local.endpoint().toString(),
                "--region", local.region(), "--workgroup", "local", "--database", "dev",
                "select 42 as answer, current_database() as db");
        assertEquals(0, result.code(), result.err());
        assertEquals("answer,db\n42,dev\n", result.out());
    }

    @Test
    void aSavedConnectionIsUsedByName() throws Exception {
        ProfileStore.open(AppDirs.under(home)).add(new ConnectionProfile("staging", new RedshiftSettings(
                RedshiftSettings.Mode.SERVERLESS_WORKGROUP, local.region(), local.endpoint(), null, "local", null,
                "dev", null, null)));
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--connection", "staging", "--format", "json",
                "select 'saved' as via");
        assertEquals(0, result.code(), result.err());
        assertEquals("[{\"via\":\"saved\"}]", result.out().trim());
        Cli missing = Cli.run("--data-dir", home.toString(), "sql", "--connection", "nope", "select 1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no saved connection named 'nope'"), missing.err());
    }

    @Test
    void serverErrorsAreReportedWithTheirCode() {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--endpoint-url", local.endpoint().toString(),
                "--region", local.region(), "--workgroup", "elsewhere", "select 1");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("ResourceNotFoundException") || result.err().contains("Workgroup elsewhere"),
                result.err());
    }

    @Test
    void missingPiecesAreUsageErrors() {
        Args args = Args.parse(new String[] {"sql", "--workgroup", "w", "select 1"}, Main.COMMANDS, Main.FLAGS);
        SqlCommand command = new SqlCommand(AppDirs.under(home), args, System.out, System.err);
        Args.UsageException noRegion = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> command.fromFlags(Map.of()));
        assertTrue(noRegion.getMessage().contains("--region"), noRegion.getMessage());
        RedshiftSettings fromEnv = (RedshiftSettings) command.fromFlags(Map.of("AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9")).settings();
        assertEquals("eu-west-1", fromEnv.region());
        assertEquals("http://127.0.0.1:9", fromEnv.endpoint().toString());
        assertEquals(RedshiftSettings.Mode.SERVERLESS_WORKGROUP, fromEnv.mode());
        Args cluster = Args.parse(new String[] {"sql", "--cluster", "c", "--db-user", "u", "--region", "us-east-1",
            "x"}, Main.COMMANDS, Main.FLAGS);
        assertEquals(RedshiftSettings.Mode.CLUSTER_DB_USER,
                ((RedshiftSettings) new SqlCommand(AppDirs.under(home), cluster, System.out, System.err)
                        .fromFlags(Map.of()).settings()).mode());
    }
}
