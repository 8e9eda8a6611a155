package dev.quire.model;

/** A result or table column. typeName is the backend's own type name (e.g. int4, varchar). */
public record Column(String name, String typeName, boolean nullable, int precision, int scale) {

    public Column {
        name = name == null ? "" : name;
        typeName = typeName == null ? "" : typeName;
    }

    public static Column of(String name, String typeName) {
        return new Column(name, typeName, true, 0, 0);
    }

    public boolean isNumeric() {
        return switch (typeName.toLowerCase(java.util.Locale.ROOT)) {
            case "int2", "int4", "int8", "float4", "float8", "numeric", "decimal", "integer", "bigint",
                    "smallint", "tinyint", "double", "real", "float", "hugeint" -> true;
            default -> false;
        };
    }
}
