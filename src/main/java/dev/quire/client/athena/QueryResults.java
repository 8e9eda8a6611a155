package dev.quire.client.athena;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * GetQueryResults answers, parsed as they stream in: every value arrives as text in VarCharValue (a
 * NULL as a Datum without it), and the column types in ResultSetMetadata, which may come after the
 * rows, decide each cell's type once the page is read.
 */
final class QueryResults {

    private static final JsonFactory PAGES = Json.ownFactory();

    /** One answer: its columns with their cell types, the rows' texts (null for NULL) and the next token. */
    record Answer(List<Column> columns, List<CellType> types, List<String[]> rows, String nextToken) {

        /** Whether the first row holds the column names, as a query's first page does. */
        boolean startsWithHeader() {
            if (rows.isEmpty()) {
                return false;
            }
            String[] first = rows.get(0);
            for (int c = 0; c < columns.size(); c++) {
                if (!columns.get(c).name().equals(first[c])) {
                    return false;
                }
            }
            return true;
        }

        /** The rows as a page whose first row is firstRow, without the header row when asked to drop it. */
        ResultPage page(long firstRow, boolean dropHeader) throws JsonParseException {
            return typed(dropHeader).at(firstRow);
        }

        /** The rows typed by their columns, without the header row when asked to drop it. */
        Typed typed(boolean dropHeader) throws JsonParseException {
            List<String[]> texts = dropHeader && startsWithHeader() ? rows.subList(1, rows.size()) : rows;
            List<Object[]> typed = new ArrayList<>(texts.size());
            for (String[] row : texts) {
                typed.add(cells(row));
            }
            return new Typed(columns, typed, nextToken);
        }

        private Object[] cells(String[] texts) throws JsonParseException {
            Object[] cells = new Object[texts.length];
            for (int c = 0; c < texts.length; c++) {
                try {
                    cells[c] = types.get(c).parse(texts[c]);
                } catch (IllegalArgumentException e) {
                    throw new JsonParseException(null, "malformed result: column " + columns.get(c).name() + " is "
                            + columns.get(c).typeName() + " but holds '" + texts[c] + "'");
                }
            }
            return cells;
        }
    }

    /** A page's rows typed, and its NextToken; it becomes a page once the row it starts at is known. */
    record Typed(List<Column> columns, List<Object[]> rows, String nextToken) {
        ResultPage at(long firstRow) {
            PageRef next = PageRef.token(nextToken, firstRow + rows.size());
            return new ResultPage(columns, rows, firstRow, next == null ? firstRow + rows.size() : ResultPage.UNKNOWN,
                    next);
        }
    }

    static Answer read(InputStream body) throws IOException {
        return read(body, token -> {
        });
    }

    /** Reads an answer; onToken is told its NextToken as soon as it is read, wherever it stands in the answer. */
    static Answer read(InputStream body, Consumer<String> onToken) throws IOException {
        try (JsonParser in = PAGES.createParser(body)) {
            expect(in, in.nextToken(), JsonToken.START_OBJECT);
            List<String[]> rows = List.of();
            List<Column> columns = null;
            String next = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                switch (name) {
                    case "ResultSet" -> {
                        expect(in, value, JsonToken.START_OBJECT);
                        while (in.nextToken() == JsonToken.FIELD_NAME) {
                            String member = in.currentName();
                            JsonToken start = in.nextToken();
                            if (member.equals("Rows") && start == JsonToken.START_ARRAY) {
                                rows = rows(in);
                            } else if (member.equals("ResultSetMetadata") && start == JsonToken.START_OBJECT) {
                                columns = metadata(in);
                            } else {
                                in.skipChildren();
                            }
                        }
                    }
                    case "NextToken" -> {
                        next = value == JsonToken.VALUE_NULL ? null : in.getText();
                        if (next != null && !next.isEmpty()) {
                            onToken.accept(next);
                        }
                    }
                    default -> in.skipChildren();
                }
            }
            expect(in, in.currentToken(), JsonToken.END_OBJECT);
            if (in.nextToken() != null) {
                throw new JsonParseException(in, "malformed result: data after the end of the page");
            }
            if (columns == null) {
                throw new JsonParseException(in, "malformed result: no ResultSetMetadata.ColumnInfo");
            }
            for (String[] row : rows) {
                if (row.length != columns.size()) {
                    throw new JsonParseException(in, "malformed result: a row of " + row.length + " values for "
                            + columns.size() + " columns");
                }
            }
            return new Answer(columns, columns.stream().map(c -> CellType.of(c.typeName())).toList(), rows, next);
        }
    }

    /** The Rows array, the parser on its START_ARRAY: [{"Data":[{"VarCharValue":"x"},{}]}, ...]. */
    private static List<String[]> rows(JsonParser in) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> data = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_OBJECT) {
            data.clear();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String member = in.currentName();
                JsonToken start = in.nextToken();
                if (member.equals("Data") && start == JsonToken.START_ARRAY) {
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        data.add(datum(in));
                    }
                    expect(in, in.currentToken(), JsonToken.END_ARRAY);
                } else {
                    in.skipChildren();
                }
            }
            rows.add(data.toArray(String[]::new));
        }
        expect(in, in.currentToken(), JsonToken.END_ARRAY);
        return rows;
    }

    /** One Datum, the parser on its START_OBJECT: its VarCharValue, or null for NULL. */
    private static String datum(JsonParser in) throws IOException {
        String value = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String member = in.currentName();
            JsonToken token = in.nextToken();
            if (member.equals("VarCharValue") && token == JsonToken.VALUE_STRING) {
                value = in.getText();
            } else if (member.equals("VarCharValue") && token != JsonToken.VALUE_NULL) {
                throw new JsonParseException(in, "malformed result: VarCharValue is not a string");
            } else {
                in.skipChildren();
            }
        }
        return value;
    }

    /** ResultSetMetadata, the parser on its START_OBJECT: the columns of its ColumnInfo. */
    private static List<Column> metadata(JsonParser in) throws IOException {
        List<Column> columns = new ArrayList<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String member = in.currentName();
            JsonToken start = in.nextToken();
            if (member.equals("ColumnInfo") && start == JsonToken.START_ARRAY) {
                while (in.nextToken() == JsonToken.START_OBJECT) {
                    columns.add(column(in));
                }
                expect(in, in.currentToken(), JsonToken.END_ARRAY);
            } else {
                in.skipChildren();
            }
        }
        return columns;
    }

    /** One ColumnInfo: Name, Type, Nullable (NOT_NULL, NULLABLE, UNKNOWN), Precision and Scale. */
    private static Column column(JsonParser in) throws IOException {
        String name = null;
        String type = null;
        boolean nullable = true;
        int precision = 0;
        int scale = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String member = in.currentName();
            JsonToken token = in.nextToken();
            switch (member) {
                case "Name" -> name = in.getValueAsString();
                case "Type" -> type = in.getValueAsString();
                case "Nullable" -> nullable = !"NOT_NULL".equals(in.getValueAsString());
                case "Precision" -> precision = in.getValueAsInt();
                case "Scale" -> scale = in.getValueAsInt();
                default -> {
                }
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                in.skipChildren();
            }
        }
        if (name == null || type == null) {
            throw new JsonParseException(in, "malformed result: a ColumnInfo without Name or Type");
        }
        return new Column(name, type, nullable, precision, scale);
    }

    private static void expect(JsonParser in, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(in, "malformed result: expected " + expected + " but found " + actual);
        }
    }

    private QueryResults() {
    }
}
