package dev.quire.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where an object sits in a backend's catalog: its names from the top down, of any depth
 * (Redshift: database, schema, table; Athena: catalog, database, table; Dremio: a source or space,
 * its folders, a dataset). The root is the empty path.
 */
public record CatalogPath(List<String> names) {

    public static final CatalogPath ROOT = new CatalogPath(List.of());

    public CatalogPath {
        names = List.copyOf(names);
    }

    public static CatalogPath of(String... names) {
        return new CatalogPath(List.of(names));
    }

    /**
     * A path as SQL writes it: names joined by dots, each bare or in double quotes (a quote inside
     * doubled), e.g. {@code Samples."samples.dremio.com"}; blank text is the root. Throws
     * IllegalArgumentException on a blank name or an unclosed quote.
     */
    public static CatalogPath parse(String text) {
        List<String> names = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ROOT;
        }
        String path = text.strip();
        int i = 0;
        while (true) {
            StringBuilder name = new StringBuilder();
            boolean quoted = i < path.length() && path.charAt(i) == '"';
            if (quoted) {
                i++;
                while (true) {
                    if (i >= path.length()) {
                        throw new IllegalArgumentException("A quoted name is not closed in " + path);
                    }
                    char c = path.charAt(i++);
                    if (c == '"' && i < path.length() && path.charAt(i) == '"') {
                        name.append('"');
                        i++;
                    } else if (c == '"') {
                        break;
                    } else {
                        name.append(c);
                    }
                }
                if (i < path.length() && path.charAt(i) != '.') {
                    throw new IllegalArgumentException("A dot must follow a quoted name in " + path);
                }
            } else {
                while (i < path.length() && path.charAt(i) != '.') {
                    name.append(path.charAt(i++));
                }
                if (name.toString().isBlank()) {
                    throw new IllegalArgumentException("A name in " + path + " is blank");
                }
            }
            names.add(quoted ? name.toString() : name.toString().strip());
            if (i >= path.length()) {
                return new CatalogPath(names);
            }
            i++;
        }
    }

    public CatalogPath child(String name) {
        List<String> longer = new ArrayList<>(names);
        longer.add(Objects.requireNonNull(name, "name"));
        return new CatalogPath(longer);
    }

    public CatalogPath parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new CatalogPath(names.subList(0, names.size() - 1));
    }

    /** The last name; empty for the root. */
    public String name() {
        return isRoot() ? "" : names.get(names.size() - 1);
    }

    public String name(int index) {
        return names.get(index);
    }

    public int depth() {
        return names.size();
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    /** The names from index on: the path as seen from below its first levels. */
    public CatalogPath from(int index) {
        return new CatalogPath(names.subList(index, names.size()));
    }

    /** True for this path and every path below it. */
    public boolean startsWith(CatalogPath prefix) {
        return names.size() >= prefix.names.size() && names.subList(0, prefix.names.size()).equals(prefix.names);
    }

    /** The names joined by " / ", for messages; SQL text comes from {@link SqlDialect}. */
    @Override
    public String toString() {
        return String.join(" / ", names);
    }
}
