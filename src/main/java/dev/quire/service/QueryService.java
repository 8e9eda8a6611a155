package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.SqlScript;
import dev.quire.model.StatementRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Runs statements on one connection's backend. Owns the scheduler its polls run on. */
public final class QueryService implements AutoCloseable {

    private final DataApi api;
    private final ScheduledExecutorService scheduler;

    public QueryService(DataApi api) {
        this.api = api;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("quire-poller");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    public QueryRun run(StatementRequest request) {
        QueryRun run = new QueryRun(api, scheduler, request);
        run.start();
        return run;
    }

    /** The most statements one batch may hold, as the Redshift Data API allows. */
    public static final int MAX_BATCH = 40;

    /**
     * Runs a script: one statement as itself, several as one batch (one transaction), each
     * result set fetchable on its own.
     */
    public QueryRun runScript(String script) {
        List<String> sqls = SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
        if (sqls.isEmpty()) {
            throw new IllegalArgumentException("The script has no statement to run.");
        }
        if (sqls.size() > MAX_BATCH) {
            throw new IllegalArgumentException("A script runs as one batch of at most " + MAX_BATCH
                    + " statements; this one has " + sqls.size() + ".");
        }
        return run(new StatementRequest(sqls, Map.of(), null, null));
    }

    public DataApi api() {
        return api;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
