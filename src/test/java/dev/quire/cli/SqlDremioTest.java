package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Connections;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.AppDirs;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.RunState;
import dev.quire.service.QueryService;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quire sql --backend dremio: against a Dremio endpoint named by flags, and on the local engine. */
class SqlDremioTest {

    @TempDir
    static Path server;
    @TempDir
    Path home;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(server);
        var endpoint = new Connections.LocalEndpoint(local.endpoint(), local.region(), local.credentials());
        try (QueryService service = new QueryService(Connections.open(ConnectionProfile.local(), endpoint))) {
            var setup = service.runScript("create schema if not exists shop;"
                    + "create or replace table shop.items as select * from (values (1, 'pen'), (2, 'ink')) t(id, name)");
            assertEquals(RunState.FINISHED, setup.finished().get(60, TimeUnit.SECONDS).status());
        }
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private Cli remote(String... words) {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", home.toString(), "sql", "--backend",
                "dremio", "--endpoint-url", local.endpoint().toString()));
        all.addAll(List.of(words));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void aTokenAndAContextRunOnTheEndpoint() {
        Cli csv = remote("--token", local.dremioToken(), "--context", "shop",
                "select id, name from items order by id");
        assertEquals(0, csv.code(), csv.err());
        assertEquals("id,name\n1,pen\n2,ink\n", csv.out());
        assertTrue(csv.err().contains("COMPLETED"), "Dremio's job states as progress: " + csv.err());
        assertTrue(csv.err().endsWith("2 rows\n"), csv.err());

        Cli json = remote("--token", local.dremioToken(), "--format", "json",
                "select 1.50 as price, cast(null as varchar) as nothing");
        assertEquals(0, json.code(), json.err());
        assertEquals("[{\"price\":\"1.50\",\"nothing\":null}]", json.out().trim(),
                "a DECIMAL exact, as on the other backends");
    }

    @Test
    void aUserSignsInWithThePasswordFromStdin() {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream((local.dremioToken() + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            Cli result = remote("--user", "quire", "--password-stdin", "select 'in' as signed");
            assertEquals(0, result.code(), result.err());
            assertEquals("signed\nin\n", result.out());
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void aWrongTokenAndAFailedStatementEndInExitCodeOne() {
        Cli refused = remote("--token", "not-the-token", "select 1");
        assertEquals(1, refused.code());
        assertTrue(refused.err().startsWith("quire sql: "), refused.err());
        assertTrue(refused.err().contains("401") || refused.err().toLowerCase().contains("token"), refused.err());
        assertTrue(!refused.err().contains("not-the-token"), "the token is not printed: " + refused.err());

        Cli failed = remote("--token", local.dremioToken(), "select * from no_such_table");
        assertEquals(1, failed.code());
        assertTrue(failed.err().contains("quire sql: statement FAILED"), failed.err());
    }

    @Test
    void withoutAUrlItRunsOnTheLocalEngineThroughTheDremioApi() {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", "--backend", "dremio",
                "--format", "json", "select 42 as answer");
        assertEquals(0, result.code(), result.err());
        assertEquals("[{\"answer\":42}]\n", result.out(), "the JSON ends its line; stdout stays open");
        assertTrue(result.err().contains("COMPLETED"), result.err());

        Cli saved = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", "--connection",
                ConnectionProfile.LOCAL_DREMIO_NAME, "select 'built in' as via");
        assertEquals(0, saved.code(), saved.err());
        assertEquals("via\nbuilt in\n", saved.out());
    }

    private SqlCommand command(String... words) {
        Args args = Args.parse(words, Main.COMMANDS, Main.FLAGS);
        return new SqlCommand(AppDirs.under(home), args, System.out, System.err);
    }

    @Test
    void theEnvironmentNamesTheEndpointAndTheToken() {
        var target = command("sql", "--backend", "dremio", "--context", "Samples.\"samples.dremio.com\"", "x")
                .dremioFromFlags(Map.of("DREMIO_URL", "https://dremio.example.com:9047", "DREMIO_TOKEN", "t0k"));
        assertEquals("https://dremio.example.com:9047", target.url().toString());
        assertEquals("t0k", target.token());
        assertEquals(List.of("Samples", "samples.dremio.com"), target.context());
        assertTrue(!target.toString().contains("t0k"), "the token is not in the text: " + target);
        var flagsWin = command("sql", "--backend", "dremio", "--endpoint-url", "http://127.0.0.1:9", "--token", "mine",
                "x").dremioFromFlags(Map.of("DREMIO_URL", "https://dremio.example.com", "DREMIO_TOKEN", "t0k"));
        assertEquals("http://127.0.0.1:9", flagsWin.url().toString());
        assertEquals("mine", flagsWin.token());
        assertNull(command("sql", "--backend", "dremio", "x").dremioFromFlags(Map.of("DREMIO_TOKEN", "t0k")).url(),
                "no URL: the local engine");
    }

    @Test
    void mistakesAreUsageErrors() {
        Map<String, String> none = Map.of();
        List<String[]> wrong = List.of(
                new String[] {"sql", "--backend", "dremio", "--endpoint-url", "http://h:1", "x"},
                new String[] {"sql", "--backend", "dremio", "--endpoint-url", "http://h:1", "--user", "u", "x"},
                new String[] {"sql", "--backend", "dremio", "--endpoint-url", "ftp://h:1", "--token", "t", "x"},
                new String[] {"sql", "--backend", "dremio", "--token", "t", "x"},
                new String[] {"sql", "--backend", "dremio", "--region", "us-east-1", "x"},
                new String[] {"sql", "--backend", "dremio", "--context", "a.\"b", "x"},
                new String[] {"sql", "--backend", "dremio", "--endpoint-url", "http://h:1", "--token", "t", "--user",
                    "u", "--password-stdin", "x"});
        for (String[] words : wrong) {
            assertThrows(Args.UsageException.class, () -> command(words).dremioFromFlags(none), String.join(" ", words));
        }
        Cli tokenOnRedshift = Cli.run("--data-dir", home.toString(), "sql", "--token", "t", "select 1");
        assertEquals(2, tokenOnRedshift.code());
        assertTrue(tokenOnRedshift.err().contains("--token is for Dremio"), tokenOnRedshift.err());
        Cli sqlOnStdin = Cli.run("--data-dir", home.toString(), "sql", "--backend", "dremio", "--user", "u",
                "--password-stdin");
        assertEquals(2, sqlOnStdin.code());
        assertTrue(sqlOnStdin.err().contains("stdin holds the password"), sqlOnStdin.err());
    }
}
