package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * How a value Dremio writes in a results page becomes a typed cell, by its column's type name:
 * integers are Long, FLOAT and DOUBLE Double, DECIMAL an exact BigDecimal (its scale kept),
 * BOOLEAN Boolean, VARBINARY and BINARY the bytes of their base64, dates, times, timestamps,
 * intervals and text the string as written, STRUCT, LIST and MAP their JSON text, and UNION (or a
 * type this client does not know) the value as it comes: a string, number or boolean as such, an
 * object or array as JSON text. JSON null is null.
 */
enum CellKind {
    LONG, DOUBLE, DECIMAL, BOOLEAN, TEXT, BINARY, JSON, ANY;

    /** The kind of a schema type name such as BIGINT, DECIMAL or STRUCT. */
    static CellKind of(String typeName) {
        return switch (typeName == null ? "" : typeName) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT" -> LONG;
            case "FLOAT", "DOUBLE" -> DOUBLE;
            case "DECIMAL" -> DECIMAL;
            case "BOOLEAN" -> BOOLEAN;
            case "VARCHAR", "CHAR", "DATE", "TIME", "TIMESTAMP", "INTERVAL DAY TO SECOND", "INTERVAL YEAR TO MONTH",
                    "INTERVAL" -> TEXT;
            case "VARBINARY", "BINARY" -> BINARY;
            case "STRUCT", "LIST", "MAP" -> JSON;
            default -> ANY;
        };
    }

    /** Reads the value the parser is on (its first token, for an object or array) as a cell of this kind. */
    Object read(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (this) {
            case LONG -> token == JsonToken.VALUE_NUMBER_INT ? in.getLongValue() : parse(in, Long::valueOf);
            case DOUBLE -> token.isNumeric() ? in.getDoubleValue() : parse(in, Double::valueOf);
            case DECIMAL -> token.isNumeric() ? in.getDecimalValue() : parse(in, BigDecimal::new);
            case BOOLEAN -> switch (token) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> refuse(in);
            };
            case TEXT -> token.isScalarValue() ? in.getText() : refuse(in);
            case BINARY -> token == JsonToken.VALUE_STRING ? decode(in) : refuse(in);
            case JSON -> text(in);
            case ANY -> switch (token) {
                case VALUE_STRING -> in.getText();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NUMBER_INT -> in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? in.getDecimalValue() : (Object) in.getLongValue();
                case VALUE_NUMBER_FLOAT -> in.getDecimalValue();
                default -> text(in);
            };
        };
    }

    private interface Parse {
        Object from(String text);
    }

    /** A number Dremio sent as a string (NaN, Infinity, or another server's numbers-as-strings). */
    private Object parse(JsonParser in, Parse parse) throws IOException {
        if (in.currentToken() != JsonToken.VALUE_STRING) {
            throw wrong(in);
        }
        try {
            return parse.from(in.getText());
        } catch (NumberFormatException e) {
            throw wrong(in);
        }
    }

    private byte[] decode(JsonParser in) throws IOException {
        try {
            return Base64.getDecoder().decode(in.getText());
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(in, "malformed result: a " + this + " value is not base64");
        }
    }

    private Object refuse(JsonParser in) throws JsonParseException {
        throw wrong(in);
    }

    private JsonParseException wrong(JsonParser in) {
        return new JsonParseException(in, "malformed result: " + in.currentToken() + " is not a "
                + name().toLowerCase(java.util.Locale.ROOT) + " value");
    }

    /** The value the parser is on as compact JSON text, numbers exactly as written; leaves the parser on its last token. */
    static String text(JsonParser in) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator copy = Json.FACTORY.createGenerator(out)) {
            int depth = 0;
            while (true) {
                JsonToken token = in.currentToken();
                if (token == null) {
                    throw new JsonParseException(in, "malformed result: the value ends too soon");
                }
                if (token.isNumeric()) {
                    copy.writeNumber(in.getText());
                } else {
                    copy.copyCurrentEvent(in);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    break;
                }
                in.nextToken();
            }
        }
        return out.toString();
    }
}
