package dev.quire.cli;

import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** quire serve: the local endpoint, headless, until interrupted. */
final class ServeCommand {

    private final AppDirs dirs;
    private final Args args;
    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(AppDirs dirs, Args args, PrintStream out, PrintStream err) {
        this.dirs = dirs;
        this.args = args;
        this.out = out;
        this.err = err;
    }

    int run() {
        int port = args.intOption("port", 0);
        if (port < 0 || port > 65535) {
            throw new Args.UsageException("--port must be between 0 and 65535");
        }
        LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                .withSampleData(!args.flag("no-sample-data"));
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.open(options, port, (fraction, label) ->
                    err.printf("preparing sample data: %s (%d%%)%n", label, Math.round(fraction * 100)));
        } catch (Exception e) {
            err.println("quire serve: the local engine could not start: " + e.getMessage());
            return 1;
        }
        out.println("export AWS_ENDPOINT_URL=" + runtime.endpoint());
        out.println("export AWS_ACCESS_KEY_ID=" + runtime.credentials().accessKeyId());
        out.println("export AWS_SECRET_ACCESS_KEY=" + runtime.credentials().secretAccessKey());
        out.println("export AWS_REGION=" + runtime.region());
        out.flush();
        if (!runtime.owner()) {
            err.println("quire serve: another Quire process already serves " + dirs.data() + " at "
                    + runtime.endpoint() + "; use it.");
            runtime.close();
            return 0;
        }
        err.println("quire serve: serving workgroup '" + LocalBackend.WORKGROUP + "', database '"
                + LocalEngine.DATABASE + "' at " + runtime.endpoint() + "; press Ctrl+C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "quire-serve-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
