package dev.quire.ui;

import dev.quire.local.server.LocalFixture;
import dev.quire.service.QueryService;
import dev.quire.service.SpillStore;
import java.nio.file.Path;

/** What the window runs on in tests: a real local server and DuckDB, a query service on it, a result store. */
record LocalBackend(LocalFixture local, QueryService service, SpillStore store) implements AutoCloseable {

    /** Starts them in the folder: the server in server/, the spilled results in cache/. */
    static LocalBackend start(Path dir) throws Exception {
        LocalFixture local = LocalFixture.start(dir.resolve("server"));
        return new LocalBackend(local, new QueryService(local.client()),
                SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache"))));
    }

    @Override
    public void close() {
        store.close();
        service.close();
        local.close();
    }
}
