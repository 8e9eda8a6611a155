package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.StatementRequest;
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
