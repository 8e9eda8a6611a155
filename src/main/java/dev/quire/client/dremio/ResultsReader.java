package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A results page ({@code GET /job/{id}/results}) parsed as it streams in:
 * {@code {"rowCount":<job total>,"schema":[...],"rows":[{"col":value,...},...]}}. Rows are objects
 * keyed by column name; a key left out is NULL. Dremio writes the schema before the rows; rows that
 * come first are kept as trees until it arrives.
 */
final class ResultsReader {

    /** Reads a page asked for at offset with the given limit. */
    static ResultPage read(InputStream body, long offset, int limit) throws IOException {
        try (JsonParser in = Json.FACTORY.createParser(body)) {
            expect(in, in.nextToken(), JsonToken.START_OBJECT);
            long total = -1;
            Schema schema = null;
            List<Object[]> rows = null;
            List<JsonNode> early = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                switch (name) {
                    case "rowCount" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || in.getLongValue() < 0) {
                            throw new JsonParseException(in, "malformed result: rowCount is not a count");
                        }
                        total = in.getLongValue();
                    }
                    case "schema" -> {
                        expect(in, value, JsonToken.START_ARRAY);
                        schema = new Schema(fields(in));
                    }
                    case "rows" -> {
                        expect(in, value, JsonToken.START_ARRAY);
                        if (schema != null) {
                            rows = schema.rows(in);
                        } else {
                            early = new ArrayList<>();
                            while (in.nextToken() == JsonToken.START_OBJECT) {
                                early.add(Json.EMBEDDED.readTree(in));
                            }
                            expect(in, in.currentToken(), JsonToken.END_ARRAY);
                        }
                    }
                    default -> in.skipChildren();
                }
            }
            expect(in, in.currentToken(), JsonToken.END_OBJECT);
            if (in.nextToken() != null) {
                throw new JsonParseException(in, "malformed result: data after the end of the page");
            }
            if (schema == null || total < 0) {
                throw new JsonParseException(in, "malformed result: no " + (schema == null ? "schema" : "rowCount"));
            }
            if (rows == null) {
                rows = new ArrayList<>();
                for (JsonNode row : early == null ? List.<JsonNode>of() : early) {
                    try (JsonParser tree = row.traverse(in.getCodec())) {
                        tree.nextToken();
                        rows.add(schema.row(tree));
                    }
                }
            }
            if (rows.size() > limit) {
                throw new JsonParseException(in, "malformed result: " + rows.size() + " rows for a limit of " + limit);
            }
            long end = offset + rows.size();
            if (rows.isEmpty() && limit > 0 && offset < total) {
                throw new JsonParseException(in, "malformed result: no rows at row " + offset + " of " + total);
            }
            return new ResultPage(schema.columns(), rows, offset, total, end < total ? PageRef.at(end) : null);
        }
    }

    /** The columns of a schema or a dataset's fields, the parser on the array's START_ARRAY. */
    static List<Column> fields(JsonParser in) throws IOException {
        List<Column> columns = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_OBJECT) {
            JsonNode field = Json.EMBEDDED.readTree(in);
            columns.add(column(field, in));
        }
        expect(in, in.currentToken(), JsonToken.END_ARRAY);
        return columns;
    }

    /** One field: {"name":"c","type":{"name":"DECIMAL","precision":10,"scale":2,"subSchema":[...]}}. */
    static Column column(JsonNode field, JsonParser at) throws JsonParseException {
        JsonNode type = field.path("type");
        String name = field.path("name").asText(null);
        String typeName = type.path("name").asText(null);
        if (name == null || typeName == null) {
            throw new JsonParseException(at, "malformed result: a field without a name or a type name");
        }
        return new Column(name, typeName, true, type.path("precision").asInt(0), type.path("scale").asInt(0));
    }

    /** The columns of a page, with each one's cell kind and its index by name. */
    private static final class Schema {
        private final List<Column> columns;
        private final CellKind[] kinds;
        private final Map<String, Integer> index = new HashMap<>();

        Schema(List<Column> columns) {
            this.columns = columns;
            this.kinds = new CellKind[columns.size()];
            for (int c = 0; c < kinds.length; c++) {
                kinds[c] = CellKind.of(columns.get(c).typeName());
                index.putIfAbsent(columns.get(c).name(), c);
            }
        }

        List<Column> columns() {
            return columns;
        }

        /** The rows array, the parser on its START_ARRAY. */
        List<Object[]> rows(JsonParser in) throws IOException {
            List<Object[]> rows = new ArrayList<>();
            while (in.nextToken() == JsonToken.START_OBJECT) {
                rows.add(row(in));
            }
            expect(in, in.currentToken(), JsonToken.END_ARRAY);
            return rows;
        }

        /** One row, the parser on its START_OBJECT. */
        Object[] row(JsonParser in) throws IOException {
            Object[] cells = new Object[kinds.length];
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                Integer c = index.get(in.currentName());
                in.nextToken();
                if (c == null) {
                    in.skipChildren();
                } else {
                    cells[c] = kinds[c].read(in);
                }
            }
            expect(in, in.currentToken(), JsonToken.END_OBJECT);
            return cells;
        }
    }

    static void expect(JsonParser in, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(in, "malformed response: expected " + expected + " but found " + actual);
        }
    }

    private ResultsReader() {
    }
}
