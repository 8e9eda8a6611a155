package dev.quire.client.athena;

import dev.quire.model.ResultPage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * GetQueryResults pages asked for one ahead of their reader: as soon as a page's NextToken is read
 * (before its rows when the answer names it first), the page it names is fetched, so the server
 * makes it while the reader works on the one before. Only a page somebody asked for, or took from
 * here, leads to the next one, so a result is never read further than one page past its reader. A
 * page fetched ahead that failed is fetched again when it is asked for.
 */
final class PagesAhead implements AutoCloseable {

    /** Fetches the GetQueryResults page at a token; onToken is told the page's NextToken once it is read. */
    interface Fetch {
        CompletableFuture<QueryResults.Typed> page(String id, String token, Consumer<String> onToken);
    }

    private static final int RESULTS = 8;

    private final Fetch fetch;
    // guarded by this
    private final Map<String, Ahead> ahead = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** One page on its way before it was asked for. */
    private final class Ahead implements Consumer<String> {
        final String id;
        final String token;
        final CompletableFuture<QueryResults.Typed> page = new CompletableFuture<>();
        volatile CompletableFuture<QueryResults.Typed> call;
        // guarded by PagesAhead.this
        boolean taken;
        String next;

        Ahead(String id, String token) {
            this.id = id;
            this.token = token;
        }

        @Override
        public void accept(String token) {
            synchronized (PagesAhead.this) {
                next = token;
                if (!taken) {
                    return;
                }
            }
            start(id, token);
        }

        void drop() {
            page.cancel(true);
            CompletableFuture<QueryResults.Typed> sent = call;
            if (sent != null) {
                sent.cancel(true);
            }
        }
    }

    PagesAhead(Fetch fetch) {
        this.fetch = fetch;
    }

    /**
     * The page at the token, its first row being row: the one fetched ahead when it is that one,
     * else fetched now; the page after it follows.
     */
    CompletableFuture<ResultPage> page(String id, String token, long row) {
        Ahead found;
        String next = null;
        synchronized (this) {
            found = ahead.get(id);
            if (found != null && found.token.equals(token)) {
                ahead.remove(id);
                found.taken = true;
                next = found.next;
            } else {
                found = null;
            }
        }
        if (found == null) {
            return fetch.page(id, token, after(id)).thenApply(page -> page.at(row));
        }
        start(id, next);
        return found.page.handle((page, error) -> error == null ? CompletableFuture.completedFuture(page)
                : fetch.page(id, token, after(id))).thenCompose(page -> page).thenApply(page -> page.at(row));
    }

    /** What starts the page after a page of the result asked for now. */
    Consumer<String> after(String id) {
        return token -> start(id, token);
    }

    /** Fetches the page at the token ahead of its reader (nothing at the end of the result, where it is null or empty). */
    private void start(String id, String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        Ahead next = new Ahead(id, token);
        List<Ahead> dropped = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Ahead replaced = ahead.put(id, next);
            if (replaced != null) {
                dropped.add(replaced);
            }
            Iterator<Ahead> eldest = ahead.values().iterator();
            while (ahead.size() > RESULTS) {
                dropped.add(eldest.next());
                eldest.remove();
            }
        }
        dropped.forEach(Ahead::drop);
        CompletableFuture<QueryResults.Typed> sent = fetch.page(id, token, next);
        next.call = sent;
        sent.whenComplete((page, error) -> {
            if (error == null) {
                next.page.complete(page);
            } else {
                next.page.completeExceptionally(error);
            }
        });
        if (next.page.isCancelled()) {
            sent.cancel(true);
        }
    }

    /** Pages fetched ahead now (for tests). */
    synchronized int size() {
        return ahead.size();
    }

    @Override
    public void close() {
        List<Ahead> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(ahead.values());
            ahead.clear();
        }
        dropped.forEach(Ahead::drop);
    }
}
