package dev.quire.model;

/** A table or view in a schema; type is the backend's word (TABLE, VIEW, SYSTEM TABLE, ...). */
public record TableInfo(String schema, String name, String type) {

    public boolean isView() {
        return type != null && type.toUpperCase(java.util.Locale.ROOT).contains("VIEW");
    }
}
