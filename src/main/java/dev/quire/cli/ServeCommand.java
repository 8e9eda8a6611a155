package dev.quire.cli;

import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import java.io.PrintStream;
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

    ServeCommand(AppDirs dirs, Args args, PrintStream out, PrintStream err) {
        this.dirs = dirs;
        this.args = args;
        this.out = out;
        this.err = err;
    }

    /** Stops serving: running statements are aborted and recorded, then the engine closes. */
    void stop() {
        if (stopping.compareAndSet(false, true)) {
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
        LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                .withSampleData(!args.flag("no-sample-data"))
                .withRetention(java.time.Duration.ofHours(retentionHours));
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
        out.println("export AWS_ENDPOINT_URL=" + runtime.endpoint());
        out.println("export AWS_ACCESS_KEY_ID=" + runtime.credentials().accessKeyId());
        out.println("export AWS_SECRET_ACCESS_KEY=" + runtime.credentials().secretAccessKey());
        out.println("export AWS_REGION=" + runtime.region());
        out.println("export AWS_DEFAULT_REGION=" + runtime.region());
        out.flush();
        if (!runtime.owner()) {
            err.println("quire serve: another Quire process already serves " + dirs.data() + " at "
                    + runtime.endpoint() + "; use it.");
            runtime.close();
            return 0;
        }
        err.println("quire serve: serving workgroup '" + LocalBackend.WORKGROUP + "', database '"
                + LocalEngine.DATABASE + "' at " + runtime.endpoint() + "; press Ctrl+C to stop.");
        Thread hook = new Thread(this::stop, "quire-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
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
}
