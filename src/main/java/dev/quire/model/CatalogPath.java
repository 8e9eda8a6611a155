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
