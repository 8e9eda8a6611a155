package dev.quire.ui.schema;

/** One row of the schema tree. detail is a column's type, or a message for LOADING and ERROR rows. */
public record SchemaNode(Kind kind, String database, String schema, String name, String detail) {

    public enum Kind { DATABASE, SCHEMA, TABLE, VIEW, COLUMN, LOADING, ERROR }

    public boolean expandable() {
        return kind == Kind.DATABASE || kind == Kind.SCHEMA || kind == Kind.TABLE || kind == Kind.VIEW;
    }

    /** The name to put in SQL: schema-qualified for tables and views, quoted where needed. */
    public String qualifiedName() {
        return switch (kind) {
            case TABLE, VIEW -> quote(schema) + "." + quote(name);
            default -> quote(name);
        };
    }

    public String label() {
        return switch (kind) {
            case COLUMN -> name + "  " + detail;
            case LOADING, ERROR -> detail;
            default -> name;
        };
    }

    static String quote(String identifier) {
        if (identifier.matches("[a-z_][a-z0-9_$]*")) {
            return identifier;
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
