package dev.quire.cli;

import dev.quire.client.Connections;
import dev.quire.client.DataApi;
import dev.quire.local.LocalEngine;
import dev.quire.local.SampleData;
import dev.quire.local.server.LocalRuntime;
import dev.quire.model.AppDirs;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.LocalSettings;
import dev.quire.service.QueryService;
import java.io.IOException;
import java.sql.SQLException;
import java.util.function.Function;

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
        return open(dirs, port, sampleData, progress, LocalSettings.DEFAULT);
    }

    /** The engine, spoken to through the API the settings name. */
    static LocalBackend open(AppDirs dirs, int port, boolean sampleData, SampleData.Progress progress,
                             LocalSettings settings) throws IOException, SQLException {
        String name = switch (settings.api()) {
            case ATHENA -> ConnectionProfile.LOCAL_ATHENA_NAME;
            case DREMIO -> ConnectionProfile.LOCAL_DREMIO_NAME;
            case REDSHIFT_DATA -> ConnectionProfile.LOCAL_NAME;
        };
        return open(dirs, port, sampleData, progress, endpoint -> Connections.open(new ConnectionProfile(name,
                settings), endpoint));
    }

    /** The engine, spoken to through the client made for its endpoint. */
    static LocalBackend open(AppDirs dirs, int port, boolean sampleData, SampleData.Progress progress,
                             Function<Connections.LocalEndpoint, DataApi> client) throws IOException, SQLException {
        LocalEngine.Options options = LocalEngine.Options.defaults(dirs.data().resolve("local"))
                .withSampleData(sampleData);
        LocalRuntime runtime = LocalRuntime.open(options, port, progress);
        var endpoint = new Connections.LocalEndpoint(runtime.endpoint(), runtime.region(), runtime.credentials(),
                runtime.dremioToken());
        try {
            return new LocalBackend(runtime, new QueryService(client.apply(endpoint)));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    LocalRuntime runtime() {
        return runtime;
    }

    QueryService service() {
        return service;
    }


    @Override
    public void close() {
        service.close();
        runtime.close();
    }
}
