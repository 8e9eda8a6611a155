package dev.quire.service;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.SqlScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What completes the word before the caret, from the catalog: after {@code name.} what lies in that
 * scope (the schemas of a database, the tables of a schema, the columns of a table, or of the table an
 * alias of the statement stands for); for a bare word the columns of the statement's tables, then
 * the names already loaded. Whatever the catalog has not loaded yet is loaded here, in the background.
 */
public final class Completions {

    /** One thing to offer: the text put in the statement and what the list shows. */
    public record Item(String insert, String label) {
    }

    /** The items, and where the word they replace starts. */
    public record Result(int from, List<Item> items) {
    }

    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "on", "left", "right", "inner", "outer",
            "full", "cross", "group", "order", "limit", "having", "union", "except", "intersect", "using", "natural",
            "offset", "window", "qualify", "set", "values", "lateral");

    private final SchemaCatalog catalog;
    /** The connection's database or catalog, whose names a statement may leave out. */
    private final String database;

    public Completions(SchemaCatalog catalog, String database) {
        this.catalog = catalog;
        this.database = database;
    }

    /** Completes the word that ends at the caret. */
    public CompletableFuture<Result> complete(String text, int caret) {
        Chain chain = Chain.before(text, caret);
        SqlScript.Statement statement = SqlScript.at(text, Math.max(0, chain.start() - 1));
        List<TableRef> tables = statement == null ? List.of() : tableRefs(statement.sql());
        if (chain.qualifier().isEmpty()) {
            return columnsOf(tables).thenApply(columns -> {
                List<Item> items = new ArrayList<>();
                columns.forEach(c -> add(items, c, chain.prefix()));
                for (String name : catalog.loadedNames(chain.prefix())) {
                    add(items, new Item(catalog.dialect().quote(name), name), chain.prefix());
                }
                return new Result(chain.from(), items);
            });
        }
        List<String> qualifier = chain.qualifier();
        Optional<TableRef> aliased = tables.stream().filter(t -> t.alias() != null && qualifier.size() == 1
                && t.alias().equalsIgnoreCase(qualifier.get(0))).findFirst();
        if (aliased.isEmpty() && qualifier.size() == 1) {
            aliased = tables.stream().filter(t -> t.alias() == null
                    && t.names().get(t.names().size() - 1).equalsIgnoreCase(qualifier.get(0))).findFirst();
        }
        CompletableFuture<Optional<CatalogEntry>> scope = aliased.isPresent() ? resolveTable(aliased.get().names())
                : resolve(qualifier);
        return scope.thenCompose(found -> found.map(this::inside).orElse(CompletableFuture.completedFuture(List.of())))
                .thenApply(inside -> {
                    List<Item> items = new ArrayList<>();
                    inside.forEach(item -> add(items, item, chain.prefix()));
                    return new Result(chain.from(), items);
                });
    }

    private static void add(List<Item> items, Item item, String prefix) {
        if (item.label().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))
                && items.stream().noneMatch(i -> i.insert().equals(item.insert()))) {
            items.add(item);
        }
    }

    /** What a scope holds: a table's columns, or a container's children. */
    private CompletableFuture<List<Item>> inside(CatalogEntry entry) {
        if (entry.kind().hasColumns()) {
            return catalog.columns(entry.path()).thenApply(this::columnItems);
        }
        return catalog.children(entry.path()).thenApply(children -> children.stream()
                .map(child -> new Item(catalog.dialect().quote(child.name()), child.name())).toList());
    }

    private List<Item> columnItems(List<Column> columns) {
        return columns.stream().map(c -> new Item(catalog.dialect().quote(c.name()), c.name())).toList();
    }

    /** The columns of every table the statement reads, in its order. */
    private CompletableFuture<List<Item>> columnsOf(List<TableRef> tables) {
        CompletableFuture<List<Item>> all = CompletableFuture.completedFuture(List.of());
        for (TableRef table : tables) {
            CompletableFuture<List<Item>> columns = resolveTable(table.names()).thenCompose(found -> found
                    .filter(e -> e.kind().hasColumns())
                    .map(e -> catalog.columns(e.path()).thenApply(this::columnItems))
                    .orElse(CompletableFuture.completedFuture(List.of())))
                    .exceptionally(failure -> List.of());
            all = all.thenCombine(columns, (a, b) -> {
                List<Item> joined = new ArrayList<>(a);
                joined.addAll(b);
                return joined;
            });
        }
        return all;
    }

    /** A table named in a statement: as written, or in a default schema when its name stands alone. */
    private CompletableFuture<Optional<CatalogEntry>> resolveTable(List<String> names) {
        return resolve(names).thenCompose(found -> {
            if (found.isPresent() || names.size() != 1) {
                return CompletableFuture.completedFuture(found);
            }
            return resolve(List.of("public", names.get(0)));
        });
    }

    /**
     * The catalog entry a qualified name stands for: looked up from the root, then under the
     * connection's database (or catalog), then under each other top-level entry, each part matched
     * regardless of case.
     */
    CompletableFuture<Optional<CatalogEntry>> resolve(List<String> names) {
        return catalog.children(CatalogPath.ROOT).thenCompose(top -> {
            List<CatalogPath> bases = new ArrayList<>();
            bases.add(CatalogPath.ROOT);
            top.stream().filter(e -> database != null && e.name().equalsIgnoreCase(database)).findFirst()
                    .ifPresent(e -> bases.add(e.path()));
            top.stream().filter(e -> !e.kind().hasColumns()).map(CatalogEntry::path)
                    .filter(p -> !bases.contains(p)).limit(8).forEach(bases::add);
            return firstFound(bases, 0, names);
        });
    }

    private CompletableFuture<Optional<CatalogEntry>> firstFound(List<CatalogPath> bases, int index, List<String> names) {
        if (index == bases.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return walk(bases.get(index), names, 0, null).exceptionally(failure -> Optional.empty())
                .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found)
                        : firstFound(bases, index + 1, names));
    }

    private CompletableFuture<Optional<CatalogEntry>> walk(CatalogPath at, List<String> names, int index,
                                                            CatalogEntry reached) {
        if (index == names.size()) {
            return CompletableFuture.completedFuture(Optional.ofNullable(reached));
        }
        if (reached != null && reached.kind().hasColumns()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return catalog.children(at).thenCompose(children -> {
            Optional<CatalogEntry> next = children.stream().filter(c -> c.name().equals(names.get(index))).findFirst()
                    .or(() -> children.stream().filter(c -> c.name().equalsIgnoreCase(names.get(index))).findFirst());
            return next.isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                    : walk(next.get().path(), names, index + 1, next.get());
        });
    }

    /** A table a statement reads, with its alias (or null). */
    record TableRef(List<String> names, String alias) {
    }

    /** The tables after FROM (a list of them, too) and JOIN, with their aliases. */
    static List<TableRef> tableRefs(String sql) {
        List<String> tokens = tokens(sql);
        Map<String, TableRef> found = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i).toLowerCase(Locale.ROOT);
            if (!word.equals("from") && !word.equals("join")) {
                continue;
            }
            boolean list = word.equals("from");
            int at = i + 1;
            while (at < tokens.size() && isName(tokens.get(at))) {
                List<String> names = new ArrayList<>();
                names.add(unquote(tokens.get(at++)));
                while (at + 1 < tokens.size() && tokens.get(at).equals(".") && isName(tokens.get(at + 1))) {
                    names.add(unquote(tokens.get(at + 1)));
                    at += 2;
                }
                String alias = null;
                if (at < tokens.size() && tokens.get(at).equalsIgnoreCase("as")) {
                    at++;
                }
                if (at < tokens.size() && isName(tokens.get(at))
                        && !NOT_ALIASES.contains(tokens.get(at).toLowerCase(Locale.ROOT))) {
                    alias = unquote(tokens.get(at++));
                }
                found.putIfAbsent(String.join(".", names) + " " + alias, new TableRef(List.copyOf(names), alias));
                if (list && at < tokens.size() && tokens.get(at).equals(",")) {
                    at++;
                } else {
                    break;
                }
            }
            i = at - 1;
        }
        return List.copyOf(found.values());
    }

    private static boolean isName(String token) {
        char c = token.charAt(0);
        return c == '"' || Character.isLetter(c) || c == '_';
    }

    private static String unquote(String token) {
        return token.startsWith("\"") ? token.substring(1, token.length() - (token.endsWith("\"") && token.length() > 1
                ? 1 : 0)).replace("\"\"", "\"") : token;
    }

    /** Words, quoted names and single characters; strings and comments left out. */
    private static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < sql.length() && (sql.charAt(end) != '\'' || sql.startsWith("''", end))) {
                    end += sql.startsWith("''", end) ? 2 : 1;
                }
                i = end + 1;
            } else if (c == '"') {
                int end = i + 1;
                while (end < sql.length() && (sql.charAt(end) != '"' || sql.startsWith("\"\"", end))) {
                    end += sql.startsWith("\"\"", end) ? 2 : 1;
                }
                tokens.add(sql.substring(i, Math.min(sql.length(), end + 1)));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                tokens.add(sql.substring(i, end));
                i = end;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    /**
     * The dotted name that ends at the caret: its qualifier (the names before the last dot) and the
     * prefix typed after it. from is where the prefix starts.
     */
    record Chain(List<String> qualifier, String prefix, int from, int start) {

        static Chain before(String text, int caret) {
            int from = caret;
            while (from > 0 && isWordChar(text.charAt(from - 1))) {
                from--;
            }
            if (from > 0 && text.charAt(from - 1) == '"' && (from == 1 || !isWordChar(text.charAt(from - 2)))) {
                from--; // a quoted name being typed
            }
            String prefix = text.substring(from, caret).replace("\"", "");
            List<String> qualifier = new ArrayList<>();
            int at = from;
            while (at > 0 && text.charAt(at - 1) == '.') {
                int end = at - 1;
                int start = end;
                if (start > 0 && text.charAt(start - 1) == '"') {
                    int open = text.lastIndexOf('"', start - 2);
                    if (open < 0) {
                        break;
                    }
                    qualifier.add(0, text.substring(open + 1, start - 1).replace("\"\"", "\""));
                    start = open;
                } else {
                    while (start > 0 && isWordChar(text.charAt(start - 1))) {
                        start--;
                    }
                    if (start == end) {
                        break;
                    }
                    qualifier.add(0, text.substring(start, end));
                }
                at = start;
            }
            return new Chain(List.copyOf(qualifier), prefix, from, at);
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
