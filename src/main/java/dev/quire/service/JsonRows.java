package dev.quire.service;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** A row of typed cells as one JSON object: numbers and booleans as JSON values, bytes as base64. */
public final class JsonRows {

    public static void write(JsonGenerator json, List<String> names, Object[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < names.size(); i++) {
            json.writeFieldName(names.get(i));
            Object value = i < row.length ? row[i] : null;
            if (value == null) {
                json.writeNull();
            } else if (value instanceof Long l) {
                json.writeNumber(l);
            } else if (value instanceof Double d) {
                json.writeNumber(d);
            } else if (value instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (value instanceof byte[] bytes) {
                json.writeString(Base64.getEncoder().encodeToString(bytes));
            } else {
                json.writeString(value.toString());
            }
        }
        json.writeEndObject();
    }

    private JsonRows() {
    }
}
