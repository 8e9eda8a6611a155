package dev.quire.model;

import java.util.Objects;

/**
 * One object in a catalog listing: a container (database, schema, catalog, source, space, folder)
 * or a table-like object that has columns. type is the backend's own word for it (TABLE, VIEW,
 * SYSTEM TABLE, EXTERNAL_TABLE, VIRTUAL_DATASET...); hasChildren says whether listing its
 * children can find anything.
 */
public record CatalogEntry(CatalogPath path, Kind kind, String type, boolean hasChildren) {

    public enum Kind {
        CONTAINER, TABLE, VIEW, SYSTEM_TABLE;

        public boolean hasColumns() {
            return this != CONTAINER;
        }
    }

    public CatalogEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (path.isRoot()) {
            throw new IllegalArgumentException("an entry has a name");
        }
        type = type == null ? "" : type;
    }

    public static CatalogEntry container(CatalogPath path, String type) {
        return new CatalogEntry(path, Kind.CONTAINER, type, true);
    }

    public String name() {
        return path.name();
    }
}
