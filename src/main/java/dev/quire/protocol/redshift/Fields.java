package dev.quire.protocol.redshift;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Field union of GetStatementResult records: exactly one member per cell. Typed cells are
 * Long, Double, Boolean, String, byte[] or null.
 */
public final class Fields {

    public static void write(JsonGenerator out, Object value) throws IOException {
        out.writeStartObject();
        if (value == null) {
            out.writeBooleanField("isNull", true);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.writeNumberField("longValue", ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.writeNumberField("doubleValue", d);
            } else {
                out.writeStringField("stringValue", Double.toString(d));
            }
        } else if (value instanceof Boolean b) {
            out.writeBooleanField("booleanValue", b);
        } else if (value instanceof byte[] bytes) {
            out.writeStringField("blobValue", Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof BigDecimal d) {
            out.writeStringField("stringValue", d.toPlainString());
        } else if (value instanceof BigInteger i) {
            out.writeStringField("stringValue", i.toString());
        } else {
            out.writeStringField("stringValue", value.toString());
        }
        out.writeEndObject();
    }

    /** Reads one Field object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    public static Object read(JsonParser in) throws IOException {
        expect(in.currentToken(), JsonToken.START_OBJECT, in);
        Object value = null;
        int members = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken token = in.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            members++;
            value = switch (name) {
                case "isNull" -> null;
                case "longValue" -> in.getLongValue();
                case "doubleValue" -> in.getDoubleValue();
                case "booleanValue" -> in.getBooleanValue();
                case "stringValue" -> in.getText();
                case "blobValue" -> Base64.getDecoder().decode(in.getText());
                default -> {
                    in.skipChildren();
                    members--;
                    yield value;
                }
            };
        }
        if (members > 1) {
            throw new JsonParseException(in, "a Field has more than one member set");
        }
        return value;
    }

    /** Reads the Records array (the parser is on its START_ARRAY) into rows of typed cells. */
    public static List<Object[]> readRecords(JsonParser in) throws IOException {
        expect(in.currentToken(), JsonToken.START_ARRAY, in);
        List<Object[]> rows = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_ARRAY) {
            row.clear();
            while (in.nextToken() == JsonToken.START_OBJECT) {
                row.add(read(in));
            }
            expect(in.currentToken(), JsonToken.END_ARRAY, in);
            rows.add(row.toArray());
        }
        expect(in.currentToken(), JsonToken.END_ARRAY, in);
        return rows;
    }

    static void expect(JsonToken actual, JsonToken expected, JsonParser in) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(in, "malformed result: expected " + expected + " but found " + actual
                    + " at " + in.currentLocation().offsetDescription());
        }
    }

    private Fields() {
    }
}
