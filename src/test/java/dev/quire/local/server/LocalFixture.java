package dev.quire.local.server;

import dev.quire.aws.Credentials;
import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.local.LocalEngine;
import dev.quire.local.SampleData;
import java.net.URI;
import java.nio.file.Path;

/** A real local engine and server in a temporary folder, without the sample data. */
public final class LocalFixture implements AutoCloseable {

    private final LocalRuntime runtime;

    private LocalFixture(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    public static LocalFixture start(Path dir) throws Exception {
        return start(LocalEngine.Options.defaults(dir).withSampleData(false));
    }

    /** Starts one and runs the script on it (one batch, which must finish). */
    public static LocalFixture startWith(Path dir, String script) throws Exception {
        LocalFixture local = start(dir);
        try (var service = new dev.quire.service.QueryService(local.client())) {
            var info = service.runScript(script).finished().get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (info.status() != dev.quire.model.RunState.FINISHED) {
                local.close();
                throw new IllegalStateException("the fixture's script ended " + info.status() + ": " + info.error());
            }
        } catch (Exception | Error e) {
            local.close();
            throw e;
        }
        return local;
    }

    public static LocalFixture start(LocalEngine.Options options) throws Exception {
        return new LocalFixture(LocalRuntime.open(options, 0, SampleData.Progress.NONE));
    }

    public LocalEngine engine() {
        return runtime.engine();
    }

    public URI endpoint() {
        return runtime.endpoint();
    }

    /** The server, when this fixture's runtime owns it. */
    LocalServer server() {
        return runtime.server();
    }

    public Credentials credentials() {
        return runtime.credentials();
    }

    /** The bearer token of the Dremio endpoint. */
    public String dremioToken() {
        return runtime.dremioToken();
    }

    public String region() {
        return runtime.region();
    }

    public RedshiftTarget target() {
        return RedshiftTarget.workgroup(endpoint(), region(), LocalEngine.DATABASE, "local");
    }

    /** Our own client for this server. */
    public RedshiftDataClient client() {
        Credentials credentials = credentials();
        return new RedshiftDataClient(target(), () -> credentials);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
