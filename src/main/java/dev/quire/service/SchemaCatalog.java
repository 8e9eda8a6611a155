package dev.quire.service;

import dev.quire.client.DataApi;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One connection's catalog: databases, schemas, tables and views, columns. Each level is loaded
 * when first asked for, every page of it, and cached until refreshed; a failed load is not cached.
 */
public final class SchemaCatalog {

    private final DataApi api;
    private final Map<List<String>, CompletableFuture<? extends List<?>>> cache = new ConcurrentHashMap<>();

    public SchemaCatalog(DataApi api) {
        this.api = api;
    }

    public CompletableFuture<List<String>> databases() {
        return cached(List.of("databases"), () -> all(api::listDatabases));
    }

    public CompletableFuture<List<String>> schemas(String database) {
        return cached(List.of("schemas", database), () -> all(token -> api.listSchemas(database, null, token)));
    }

    public CompletableFuture<List<TableInfo>> tables(String database, String schema) {
        return cached(List.of("tables", database, schema),
                () -> all(token -> api.listTables(database, escape(schema), "%", token)));
    }

    public CompletableFuture<List<Column>> columns(String database, String schema, String table) {
        return cached(List.of("columns", database, schema, table),
                () -> all(token -> api.describeTable(database, schema, table, token)));
    }

    /** Tables whose name matches a LIKE pattern (% and _), across the database's schemas; not cached. */
    public CompletableFuture<List<TableInfo>> findTables(String database, String tablePattern) {
        return all(token -> api.listTables(database, "%", tablePattern, token));
    }

    /** Names already loaded that contain the text, for completion and the tree's filter; never calls the server. */
    public List<String> loadedNames(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (var entry : cache.entrySet()) {
            CompletableFuture<? extends List<?>> loaded = entry.getValue();
            if (!loaded.isDone() || loaded.isCompletedExceptionally()) {
                continue;
            }
            for (Object item : loaded.join()) {
                String name = item instanceof TableInfo t ? t.name() : item instanceof Column c ? c.name()
                        : item.toString();
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

    /** Forgets one database's schemas, or one schema's tables and their columns. */
    public void refresh(String database, String schema) {
        cache.keySet().removeIf(key -> key.size() > 1 && key.get(1).equals(database)
                && (schema == null || (key.size() > 2 && key.get(2).equals(schema))));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<List<T>> cached(List<String> key, java.util.function.Supplier<
            CompletableFuture<List<T>>> load) {
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

    /** A schema name as a LIKE pattern that matches only itself. */
    static String escape(String name) {
        return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
