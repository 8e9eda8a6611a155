package dev.quire.service.history;

import dev.quire.client.DataApi;
import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import dev.quire.model.StatementSummary;
import dev.quire.service.QueryRun;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The history as the UI uses it: records runs, searches the local store, and merges a
 * connection's local entries with the statements its server lists. Every call returns at once;
 * the store's file work runs in order on one named thread. Owns the store and closes it.
 */
public final class HistoryService implements AutoCloseable {

    /** ListStatements pages read at most (100 statements each); the server keeps 24 hours. */
    static final int MAX_SERVER_PAGES = 100;
    private static final int QUEUE = 10_000;

    private static final System.Logger LOG = System.getLogger(HistoryService.class.getName());

    private final HistoryStore store;
    private final ThreadPoolExecutor executor;

    public HistoryService(HistoryStore store) {
        this.store = store;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "quire-history");
            t.setDaemon(true);
            return t;
        });
    }

    public HistoryStore store() {
        return store;
    }

    /**
     * Records a run under the connection's name: now as submitted, again when the backend gives
     * it an id, and at its end. Completes with the final entry once it is on disk.
     */
    public CompletableFuture<HistoryEntry> track(String connection, QueryRun run) {
        Tracked tracked = new Tracked(HistoryEntry.submitted(connection, run.request(), Instant.now()));
        logFailure(async(() -> tracked.save(UnaryOperator.identity())));
        run.id().thenAccept(id -> logFailure(async(() -> tracked.save(e -> e.withStatementId(id)))));
        CompletableFuture<HistoryEntry> last = new CompletableFuture<>();
        run.finished().whenComplete((info, error) -> {
            Instant at = Instant.now();
            async(() -> tracked.save(e -> error == null ? e.ended(info, at) : e.failed(message(error), at)))
                    .whenComplete((entry, failure) -> {
                        if (failure != null) {
                            last.completeExceptionally(failure);
                        } else {
                            last.complete(entry);
                        }
                    });
        });
        return last;
    }

    /** Searches the local history of every connection. */
    public CompletableFuture<HistoryPage<HistoryEntry>> search(HistoryQuery query) {
        return async(() -> store.search(query));
    }

    /**
     * A connection's history: its local entries merged with the statements the server lists
     * (every status, newest first). One row per statement id: the local SQL text and the server's
     * status when it is newer. The query's connection names the connection.
     */
    public CompletableFuture<HistoryPage<HistoryRow>> history(DataApi api, HistoryQuery query) {
        Objects.requireNonNull(query.connection(), "a merged history is for one connection");
        return listAll(api, null, new ArrayList<>(), 1).thenCompose(server -> async(() -> merge(server, query)));
    }

    /** Removes the local entries submitted before the given time; completes with how many went. */
    public CompletableFuture<Integer> prune(Instant olderThan) {
        return async(() -> store.prune(olderThan));
    }

    private static CompletableFuture<List<StatementSummary>> listAll(DataApi api, String token,
                                                                     List<StatementSummary> into, int pages) {
        return api.listStatements(token).thenCompose(page -> {
            into.addAll(page.items());
            if (page.isLast() || pages >= MAX_SERVER_PAGES) {
                return CompletableFuture.completedFuture(into);
            }
            return listAll(api, page.nextToken(), into, pages + 1);
        });
    }

    private HistoryPage<HistoryRow> merge(List<StatementSummary> server, HistoryQuery query) throws Exception {
        HistoryFilter filter = new HistoryFilter(query);
        Map<String, StatementSummary> serverOnly = new LinkedHashMap<>();
        server.forEach(s -> serverOnly.putIfAbsent(s.id(), s));
        List<HistoryRow> matches = new ArrayList<>();
        for (HistoryStore.Indexed item : store.entries(query.connection())) {
            HistoryEntry local = item.entry();
            StatementSummary listed = local.statementId() == null ? null : serverOnly.remove(local.statementId());
            if (listed == null) {
                if (filter.test(local, item.text())) {
                    matches.add(new HistoryRow(local, HistoryRow.Source.LOCAL));
                }
            } else {
                HistoryEntry merged = merge(local, listed);
                if (filter.test(merged, merged == local ? item.text() : HistoryFilter.text(merged))) {
                    matches.add(new HistoryRow(merged, HistoryRow.Source.BOTH));
                }
            }
        }
        for (StatementSummary s : serverOnly.values()) {
            HistoryEntry entry = fromServer(s, query.connection());
            if (filter.test(entry, HistoryFilter.text(entry))) {
                matches.add(new HistoryRow(entry, HistoryRow.Source.SERVER));
            }
        }
        matches.sort(Comparator.comparing((HistoryRow r) -> r.entry().submittedAt()).reversed());
        int from = Math.min(query.offset(), matches.size());
        int to = Math.min(from + query.limit(), matches.size());
        return new HistoryPage<>(matches.subList(from, to), matches.size());
    }

    /** The local entry, with the server's status when the server saw the statement later. */
    static HistoryEntry merge(HistoryEntry local, StatementSummary server) {
        boolean serverNewer = !local.status().isFinal() || local.endedAt() == null
                || server.updatedAt() != null && server.updatedAt().isAfter(local.endedAt());
        if (!serverNewer || server.status() == local.status() || server.status() == RunState.UNKNOWN) {
            return local;
        }
        Instant ended = server.status().isFinal() ? server.updatedAt() : null;
        String error = server.status() == RunState.FAILED ? local.error() : null;
        return local.withStatus(server.status(), ended, took(server.createdAt(), ended), error);
    }

    static HistoryEntry fromServer(StatementSummary s, String connection) {
        Instant created = Objects.requireNonNullElse(s.createdAt(), Instant.EPOCH);
        Instant ended = s.status().isFinal() ? s.updatedAt() : null;
        return new HistoryEntry(null, connection, s.id(), s.sqls(), s.statementName(), s.status(), created, ended,
                took(created, ended), -1, null, s.batch());
    }

    private static Duration took(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }

    private static void logFailure(CompletableFuture<HistoryEntry> save) {
        save.whenComplete((entry, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "could not record a run in the history", error);
            }
        });
    }

    private static String message(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> async(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.run());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** A run's entry as last saved; touched only on the history thread, one save after another. */
    private final class Tracked {
        private HistoryEntry entry;

        Tracked(HistoryEntry entry) {
            this.entry = entry;
        }

        HistoryEntry save(UnaryOperator<HistoryEntry> change) throws Exception {
            entry = change.apply(entry);
            return store.save(entry);
        }
    }

    /** Finishes the writes already asked for, then closes the store. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close the history file", e);
        }
    }
}
