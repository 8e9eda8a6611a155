package dev.quire.protocol.redshift;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import java.io.IOException;

/** The ColumnMetadata shape (lower-camel member names on the wire). */
public record ColumnMetadata(String name, String label, String typeName, int nullable, int precision, int scale,
                             int length, boolean isSigned, boolean isCaseSensitive, boolean isCurrency,
                             String schemaName, String tableName, String columnDefault) {

    public static final int NO_NULLS = 0;
    public static final int NULLABLE = 1;
    public static final int NULLABLE_UNKNOWN = 2;

    public Column toColumn() {
        String shown = label != null && !label.isEmpty() ? label : name;
        return new Column(shown, typeName, nullable != NO_NULLS, precision, scale);
    }

    public void write(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeBooleanField("isCaseSensitive", isCaseSensitive);
        out.writeBooleanField("isCurrency", isCurrency);
        out.writeBooleanField("isSigned", isSigned);
        out.writeStringField("label", label);
        out.writeNumberField("length", length);
        out.writeStringField("name", name);
        out.writeNumberField("nullable", nullable);
        out.writeNumberField("precision", precision);
        out.writeNumberField("scale", scale);
        out.writeStringField("schemaName", schemaName == null ? "" : schemaName);
        out.writeStringField("tableName", tableName == null ? "" : tableName);
        if (columnDefault != null) {
            out.writeStringField("columnDefault", columnDefault);
        }
        out.writeStringField("typeName", typeName);
        out.writeEndObject();
    }

    public static ColumnMetadata read(JsonNode node) {
        return new ColumnMetadata(node.path("name").asText(""), node.path("label").asText(""),
                node.path("typeName").asText(""), node.path("nullable").asInt(NULLABLE_UNKNOWN),
                node.path("precision").asInt(0), node.path("scale").asInt(0), node.path("length").asInt(0),
                node.path("isSigned").asBoolean(false), node.path("isCaseSensitive").asBoolean(false),
                node.path("isCurrency").asBoolean(false), node.path("schemaName").asText(""),
                node.path("tableName").asText(""), node.path("columnDefault").asText(null));
    }
}
