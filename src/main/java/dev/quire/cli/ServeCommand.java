package dev.quire.cli;

import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.client.Connections;
import dev.quire.client.DataApi;
import dev.quire.local.DiskBudget;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import dev.quire.model.ConnectionProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** quire serve: the local endpoint, headless, until interrupted. */
final class ServeCommand {

    private final AppDirs dirs;
    private final Args args;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile LocalRuntime runtime;
    private volatile Path readyFile;

    ServeCommand(AppDirs dirs, Args args, PrintStream out, PrintStream err) {
        this.dirs = dirs;
        this.args = args;
        this.out = out;
        this.err = err;
    }

    /** Stops serving: running statements are aborted and recorded, then the engine closes. */
    void stop() {
        if (stopping.compareAndSet(false, true)) {
            removeReadyFile();
            LocalRuntime current = runtime;
            if (current != null) {
                current.close();
            }
            stopped.countDown();
        }
    }

    int run() {
        int port = args.intOption("port", 0);
        if (port < 0 || port > 65535) {
            throw new Args.UsageException("--port must be between 0 and 65535");
        }
        int retentionHours = args.intOption("retention-hours", 24);
        if (retentionHours < 1) {
            throw new Args.UsageException("--retention-hours must be at least 1");
        }
        long budget = DiskBudget.DEFAULT_BYTES;
        if (args.option("results-budget") != null) {
            try {
                budget = DiskBudget.parse(args.option("results-budget"));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--results-budget: " + e.getMessage());
            }
        }
        LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                .withSampleData(!args.flag("no-sample-data"))
                .withRetention(java.time.Duration.ofHours(retentionHours))
                .withResultsBudget(budget);
        String readyOption = args.option("ready-file");
        if (readyOption != null) {
            readyFile = Path.of(readyOption).toAbsolutePath();
            removeReadyFile();
        }
        LocalRuntime opened;
        try {
            opened = LocalRuntime.open(options, port, (fraction, label) ->
                    err.printf("preparing sample data: %s (%d%%)%n", label, Math.round(fraction * 100)));
        } catch (Exception e) {
            err.println("quire serve: the local engine could not start: " + e.getMessage());
            return 1;
        }
        runtime = opened;
        if (stopping.get()) {
            opened.close();
            return 0;
        }
        if (!runtime.owner()) {
            err.println("quire serve: another Quire process already serves " + dirs.data() + " at "
                    + runtime.endpoint() + "; use it.");
            printExports();
            runtime.close();
            return 0;
        }
        try {
            awaitAnswer();
        } catch (Exception e) {
            err.println("quire serve: the local server does not answer: " + e.getMessage());
            stop();
            return 1;
        }
        // From here a Ctrl+C or kill also removes the ready file.
        Thread hook = new Thread(this::stop, "quire-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printExports();
        if (readyFile != null) {
            try {
                OwnerOnlyFiles.write(readyFile, exports().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println("quire serve: could not write the ready file " + readyFile + ": " + e.getMessage());
                stop();
                Runtime.getRuntime().removeShutdownHook(hook);
                return 1;
            }
            if (stopping.get()) {
                removeReadyFile();
            }
        }
        err.println("quire serve: serving workgroup '" + LocalBackend.WORKGROUP + "', database '"
                + LocalEngine.DATABASE + "' at " + runtime.endpoint() + "; press Ctrl+C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what stopped us; the JVM is exiting.
        }
        err.println("quire serve: stopped.");
        return 0;
    }

    /** The lines a shell can eval to reach the endpoint. */
    private String exports() {
        String region = runtime.region();
        return "export AWS_ENDPOINT_URL=" + runtime.endpoint() + "\n"
                + "export AWS_ACCESS_KEY_ID=" + runtime.credentials().accessKeyId() + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + runtime.credentials().secretAccessKey() + "\n"
                + "export AWS_REGION=" + region + "\n"
                + "export AWS_DEFAULT_REGION=" + region + "\n"
                + "export DREMIO_URL=" + runtime.endpoint() + "\n"
                + "export DREMIO_TOKEN=" + runtime.dremioToken() + "\n";
    }

    private void printExports() {
        out.print(exports());
        out.flush();
    }

    /** Returns once the server answers a signed call. */
    private void awaitAnswer() throws Exception {
        var endpoint = new Connections.LocalEndpoint(runtime.endpoint(), runtime.region(), runtime.credentials(),
                runtime.dremioToken());
        try (DataApi api = Connections.open(ConnectionProfile.local(), endpoint)) {
            api.listDatabases(null).get(60, TimeUnit.SECONDS);
        }
    }

    private void removeReadyFile() {
        Path file = readyFile;
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            err.println("quire serve: could not remove the ready file " + file + ": " + e.getMessage());
        }
    }
}
