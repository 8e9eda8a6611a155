package dev.quire.service;

import dev.quire.client.Capabilities;
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
        return start(new QueryRun(api, scheduler, request, false));
    }

    private static QueryRun start(QueryRun run) {
        run.start();
        return run;
    }

    /**
     * Runs a script: one statement as itself; several as one batch where the backend has batches
     * (each result set fetchable on its own), else statement by statement, which is not one
     * transaction ({@link #scriptIsOneTransaction()}).
     */
    public QueryRun runScript(String script) {
        return runScript(script, null);
    }

    /** Runs a script as {@link #runScript(String)} does, in the session (null: none). */
    public QueryRun runScript(String script, dev.quire.model.Session session) {
        List<String> sqls = SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
        if (sqls.isEmpty()) {
            throw new IllegalArgumentException("The script has no statement to run.");
        }
        Capabilities can = api.capabilities();
        if (can.batches() && sqls.size() > can.maxBatch()) {
            throw new IllegalArgumentException("A script runs as one batch of at most " + can.maxBatch()
                    + " statements; this one has " + sqls.size() + ".");
        }
        return start(new QueryRun(api, scheduler, new StatementRequest(sqls, Map.of(), null, null, session),
                !can.batches()));
    }

    /** Whether a script of several statements runs as one transaction on this backend. */
    public boolean scriptIsOneTransaction() {
        return api.capabilities().scriptIsOneTransaction();
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
