package dev.quire.cli;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.client.redshift.RedshiftTarget;
import dev.quire.local.LocalEngine;
import dev.quire.local.SampleData;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import dev.quire.service.QueryService;
import java.io.IOException;
import java.sql.SQLException;

/** The local engine as a backend: the runtime plus a service that talks to it over HTTP. */
final class LocalBackend implements AutoCloseable {

    static final String WORKGROUP = "local";

    private final LocalRuntime runtime;
    private final QueryService service;

    private LocalBackend(LocalRuntime runtime, QueryService service) {
        this.runtime = runtime;
        this.service = service;
    }

    static LocalBackend open(AppDirs dirs, int port, boolean sampleData, SampleData.Progress progress)
            throws IOException, SQLException {
        LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                .withSampleData(sampleData);
        LocalRuntime runtime = LocalRuntime.open(options, port, progress);
        RedshiftTarget target = RedshiftTarget.workgroup(runtime.endpoint(), runtime.region(),
                LocalEngine.DATABASE, WORKGROUP);
        var credentials = runtime.credentials();
        return new LocalBackend(runtime, new QueryService(new RedshiftDataClient(target, () -> credentials)));
    }

    LocalRuntime runtime() {
        return runtime;
    }

    QueryService service() {
        return service;
    }

    String description() {
        return "local engine at " + runtime.endpoint() + (runtime.owner() ? "" : " (shared with another window)");
    }

    @Override
    public void close() {
        service.close();
        runtime.close();
    }
}
