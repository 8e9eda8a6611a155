package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.SqlDialect;
import dev.quire.model.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One connection's catalog as a tree of paths of any depth: what lies under a path, and a table's
 * columns. Each is loaded when first asked for, every page of it, and cached until refreshed; a
 * failed load is not cached.
 */
public final class SchemaCatalog {

    /** A cached listing: the children of a path, or its columns. */
    private record Key(CatalogPath path, boolean columns) {
    }

    private final DataApi api;
    private final Map<Key, CompletableFuture<? extends List<?>>> cache = new ConcurrentHashMap<>();

    public SchemaCatalog(DataApi api) {
        this.api = api;
    }

    /** How the backend's SQL writes the catalog's names. */
    public SqlDialect dialect() {
        return api.dialect();
    }

    /** What lies under the path (the root: the top level), in the backend's order. */
    public CompletableFuture<List<CatalogEntry>> children(CatalogPath parent) {
        return cached(new Key(parent, false), () -> all(token -> api.children(parent, token)));
    }

    /** The columns of a table, view or dataset. */
    public CompletableFuture<List<Column>> columns(CatalogPath table) {
        return cached(new Key(table, true), () -> all(token -> api.columns(table, token)));
    }

    /** Tables whose name matches a LIKE pattern (% and _), across the database's schemas; not cached. */
    public CompletableFuture<List<TableInfo>> findTables(String database, String tablePattern) {
        return all(token -> api.listTables(database, "%", tablePattern, token));
    }

    /** Names already loaded that contain the text, for completion and the tree's filter; never calls the server. */
    public List<String> loadedNames(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (CompletableFuture<? extends List<?>> loaded : cache.values()) {
            if (!loaded.isDone() || loaded.isCompletedExceptionally()) {
                continue;
            }
            for (Object item : loaded.join()) {
                String name = item instanceof CatalogEntry entry ? entry.name() : ((Column) item).name();
                if (name.toLowerCase(Locale.ROOT).contains(needle) && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Forgets everything; the next question asks the server again. */
    public void refresh() {
        cache.clear();
    }

    /** Forgets what lies under the path, at every depth, and the columns of the tables there. */
    public void refresh(CatalogPath path) {
        cache.keySet().removeIf(key -> key.path().startsWith(path));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<List<T>> cached(Key key, Supplier<CompletableFuture<List<T>>> load) {
        CompletableFuture<List<T>> future = (CompletableFuture<List<T>>) cache.computeIfAbsent(key, k -> load.get());
        future.whenComplete((ok, error) -> {
            if (error != null) {
                cache.remove(key, future);
            }
        });
        return future;
    }

    /** Follows NextToken until the last page and joins the items. */
    static <T> CompletableFuture<List<T>> all(Function<String, CompletableFuture<Page<T>>> page) {
        return collect(page, null, new ArrayList<>());
    }

    private static <T> CompletableFuture<List<T>> collect(Function<String, CompletableFuture<Page<T>>> page,
                                                          String token, List<T> sofar) {
        return page.apply(token).thenCompose(p -> {
            sofar.addAll(p.items());
            return p.isLast() ? CompletableFuture.completedFuture(List.copyOf(sofar)) : collect(page, p.nextToken(),
                    sofar);
        });
    }
}
