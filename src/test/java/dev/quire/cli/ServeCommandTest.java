package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.AppDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** quire serve: the exports come first, the SDK works with them, and a stop aborts and records running work. */
class ServeCommandTest {

    @TempDir
    Path home;

    /** The AWS SDK configured from the exported variables only. */
    private static RedshiftDataClient sdk(Map<String, String> env) {
        return RedshiftDataClient.builder()
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL")))
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .build();
    }

    @Test
    void printsExportsFirstServesTheSdkAndStopsCleanly() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Args args = Args.parse(new String[] {"serve", "--port", "0", "--no-sample-data"}, Main.COMMANDS, Main.FLAGS);
        ServeCommand serve = new ServeCommand(AppDirs.under(home), args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(serve::run);

        Instant deadline = Instant.now().plusSeconds(60);
        while (out.toString(StandardCharsets.UTF_8).lines().count() < 7 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        Map<String, String> env = new HashMap<>();
        for (String line : lines) {
            assertTrue(line.startsWith("export "), "only export lines on stdout: " + line);
            String[] pair = line.substring("export ".length()).split("=", 2);
            env.put(pair[0], pair[1]);
        }
        assertEquals(Set.of("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
                "AWS_DEFAULT_REGION", "DREMIO_URL", "DREMIO_TOKEN"),
                env.keySet());
        assertTrue(env.get("AWS_ENDPOINT_URL").matches("http://127\\.0\\.0\\.1:\\d+"), env.get("AWS_ENDPOINT_URL"));
        assertEquals(env.get("AWS_ENDPOINT_URL"), env.get("DREMIO_URL"), "Dremio answers on the same port");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var catalog = http.send(java.net.http.HttpRequest.newBuilder(URI.create(env.get("DREMIO_URL")
                + "/api/v3/catalog")).header("Authorization", "Bearer " + env.get("DREMIO_TOKEN")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, catalog.statusCode(), catalog.body());
        assertTrue(catalog.body().contains("\"Samples\""), catalog.body());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("data/local/" + dev.quire.local.LocalKeys.DREMIO_TOKEN_FILE))));
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains(env.get("DREMIO_TOKEN")),
                "the token is never logged");

        String running;
        try (RedshiftDataClient sdk = sdk(env)) {
            String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql("select 1")).id();
            assertEquals(StatusString.FINISHED, sdk.describeStatement(b -> b.id(id).waitTimeSeconds(20)).status());
            running = sdk.executeStatement(b -> b.workgroupName("local").database("dev")
                    .sql("select sum(hash(i)) from range(100000000000) t(i)")).id();
            Instant started = Instant.now().plus(Duration.ofSeconds(20));
            while (sdk.describeStatement(b -> b.id(running)).status() != StatusString.STARTED
                    && Instant.now().isBefore(started)) {
                Thread.onSpinWait();
            }
        }
        serve.stop();
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("stopped"), err.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--data-dir", home.toString(), "sql", "--no-sample-data",
            "select 1 as one"}, new PrintStream(csv, true, StandardCharsets.UTF_8), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code, "the data folder is free again after the stop");
        assertTrue(home.resolve("data/local/statements/" + running + ".json").toFile().exists(),
                "the aborted statement was recorded");
    }

    @Test
    void writesTheReadyFileOnceServingAndRemovesItOnStop() throws Exception {
        Path ready = home.resolve("run/quire.env");
        Files.createDirectories(ready.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Args args = Args.parse(new String[] {"serve", "--port", "0", "--no-sample-data", "--ready-file",
            ready.toString()}, Main.COMMANDS, Main.FLAGS);
        ServeCommand serve = new ServeCommand(AppDirs.under(home.resolve("fresh")), args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(serve::run);
        try {
            org.testfx.util.WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(ready) || exit.isDone());
            assertTrue(Files.exists(ready), "the ready file appears once serve answers");
            assertEquals(Files.readString(ready), out.toString(StandardCharsets.UTF_8),
                    "stdout holds the same exports by then");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ready)));

            // The file as a shell sees it after eval.
            Process shell = new ProcessBuilder("sh", "-c", "eval \"$(cat \"$1\")\"; env", "sh", ready.toString())
                    .redirectErrorStream(true).start();
            List<String> lines = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            assertEquals(0, shell.waitFor());
            Map<String, String> env = new HashMap<>();
            for (String line : lines) {
                String[] pair = line.split("=", 2);
                if (pair.length == 2 && pair[0].startsWith("AWS_")) {
                    env.put(pair[0], pair[1]);
                }
            }
            try (RedshiftDataClient sdk = sdk(env)) {
                String id = sdk.executeStatement(b -> b.workgroupName("local").database("dev").sql("select 1")).id();
                assertEquals(StatusString.FINISHED, sdk.describeStatement(b -> b.id(id).waitTimeSeconds(20)).status());
            }
        } finally {
            serve.stop();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(ready), "the ready file is removed when serve stops");
        try (var left = Files.list(ready.getParent())) {
            assertEquals(List.of(), left.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void aResultsBudgetThatIsNoSizeIsRefusedBeforeServing() {
        Cli result = Cli.run("--data-dir", home.toString(), "serve", "--no-sample-data", "--results-budget", "lots");
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("--results-budget: 'lots' is not a size"), result.err());
        assertFalse(Files.exists(home.resolve("data/local")), "nothing was started");
    }
}
