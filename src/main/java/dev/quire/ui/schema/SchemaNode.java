package dev.quire.ui.schema;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;

/**
 * One row of the schema tree, keyed by its catalog path (a column's path ends with the column's
 * name; a LOADING or ERROR row carries its parent's path). detail is the backend's type word of
 * an entry, a column's type, or the message of a LOADING or ERROR row.
 */
public record SchemaNode(Kind kind, CatalogPath path, String detail, boolean expandable) {

    public enum Kind { CONTAINER, TABLE, VIEW, SYSTEM_TABLE, COLUMN, LOADING, ERROR }

    static SchemaNode of(CatalogEntry entry) {
        Kind kind = switch (entry.kind()) {
            case CONTAINER -> Kind.CONTAINER;
            case TABLE -> Kind.TABLE;
            case VIEW -> Kind.VIEW;
            case SYSTEM_TABLE -> Kind.SYSTEM_TABLE;
        };
        return new SchemaNode(kind, entry.path(), entry.type(), entry.hasChildren() || entry.kind().hasColumns());
    }

    static SchemaNode column(CatalogPath table, Column column) {
        return new SchemaNode(Kind.COLUMN, table.child(column.name()),
                column.typeName() + (column.nullable() ? "" : " not null"), false);
    }

    static SchemaNode message(Kind kind, CatalogPath owner, String text) {
        return new SchemaNode(kind, owner, text, false);
    }

    /** The row's own name; empty for LOADING and ERROR rows. */
    public String name() {
        return kind == Kind.LOADING || kind == Kind.ERROR ? "" : path.name();
    }

    public boolean isTable() {
        return kind == Kind.TABLE || kind == Kind.VIEW || kind == Kind.SYSTEM_TABLE;
    }

    public String label() {
        return switch (kind) {
            case COLUMN -> name() + "  " + detail;
            case LOADING, ERROR -> detail;
            default -> name();
        };
    }
}
