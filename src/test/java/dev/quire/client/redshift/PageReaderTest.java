package dev.quire.client.redshift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.Fields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The client's own page reader reads every page as Jackson and {@link Fields#readRecords} read it. */
class PageReaderTest {

    /** The page as the client read it before: Jackson's parser and Fields.readRecords. */
    static ResultPage jackson(byte[] body, long firstRow) throws IOException {
        try (JsonParser in = Json.FACTORY.createParser(body)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(in, "expected a JSON object");
            }
            List<Object[]> rows = List.of();
            List<Column> columns = new ArrayList<>();
            long total = -1;
            String next = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                switch (name) {
                    case "Records" -> rows = Fields.readRecords(in);
                    case "ColumnMetadata" -> {
                        for (JsonNode column : Json.EMBEDDED.<JsonNode>readValue(in, JsonNode.class)) {
                            columns.add(ColumnMetadata.read(column).toColumn());
                        }
                    }
                    case "TotalNumRows" -> total = in.getLongValue();
                    case "NextToken" -> next = value == JsonToken.VALUE_NULL ? null : in.getText();
                    default -> in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT || in.nextToken() != null) {
                throw new JsonParseException(in, "not one page");
            }
            return new ResultPage(columns, rows, firstRow, total, PageRef.token(next, firstRow + rows.size()));
        }
    }

    /** A stream that hands out at most chunk bytes a read, to cross the reader's buffer at every place. */
    static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static ResultPage ours(byte[] body, int chunk) throws IOException {
        return new PageReader(trickle(body, chunk)).read(7);
    }

    static void same(String body) throws IOException {
        same(body.getBytes(StandardCharsets.UTF_8));
    }

    static void same(byte[] body) throws IOException {
        ResultPage expected = jackson(body, 7);
        for (int chunk : new int[] {1, 3, 4096, Integer.MAX_VALUE}) {
            ResultPage actual = ours(body, chunk);
            assertEquals(expected.rows().size(), actual.rows().size(), "rows, chunk " + chunk);
            for (int r = 0; r < expected.rows().size(); r++) {
                assertCells(expected.rows().get(r), actual.rows().get(r), "row " + r + ", chunk " + chunk);
            }
            assertEquals(expected.columns(), actual.columns());
            assertEquals(expected.totalRows(), actual.totalRows());
            assertEquals(expected.firstRow(), actual.firstRow());
            assertEquals(expected.next(), actual.next());
        }
    }

    static void assertCells(Object[] expected, Object[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int c = 0; c < expected.length; c++) {
            if (expected[c] instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) actual[c], where);
            } else {
                assertEquals(expected[c], actual[c], where + ", cell " + c);
                if (expected[c] != null) {
                    assertEquals(expected[c].getClass(), actual[c].getClass(), where + ", cell " + c);
                }
            }
        }
    }

    static void bothRefuse(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThrows(JsonProcessingException.class, () -> jackson(bytes, 0), "Jackson refuses " + body);
        for (int chunk : new int[] {1, Integer.MAX_VALUE}) {
            assertThrows(JsonParseException.class, () -> ours(bytes, chunk), body);
        }
    }

    @Test
    void pagesWithEveryMemberAndSpacing() throws IOException {
        same("{}");
        same(" { \"Records\" : [ ] , \"TotalNumRows\" : 0 } \n");
        same("{\"Records\":[[{\"longValue\":1},{\"isNull\":true},{\"doubleValue\":2.5},{\"booleanValue\":false},"
                + "{\"stringValue\":\"x\"},{\"blobValue\":\"qgAB/w==\"}],[],[{}]],\"NextToken\":\"t1\","
                + "\"TotalNumRows\":3,\"ColumnMetadata\":[{\"name\":\"a\",\"typeName\":\"int8\"},"
                + "{\"name\":\"b\",\"typeName\":\"varchar\",\"nullable\":1}],\"FormattedRecords\":\"ignored\"}");
        same("{\n  \"Records\" : [\n    [ { \"longValue\" : -12 } , { \"stringValue\" : null, \"doubleValue\" : -0.0 } ]"
                + "\n  ],\n  \"NextToken\" : null,\n  \"Other\" : {\"a\":[1,2,{\"b\":null}],\"c\":\"}]\\\"\"}\n}");
        same("{\"Records\":[[{\"unknown\":{\"x\":[1]},\"longValue\":5},{\"isNull\":false}]],\"Records\":[[{\"longValue\":6}]]}");
    }

    @Test
    void numbersInEveryForm() throws IOException {
        String[] doubles = {"0", "-0", "0.0", "-0.0", "1", "1.5", "-1.5", "1e3", "1E+3", "1.0E-5", "2.5e-3", "123456789012345",
            "1234567890123456", "12345678901234567890", "0.1", "0.30000000000000004", "1.7976931348623157E308",
            "4.9E-324", "2.2250738585072014E-308", "1e23", "1e22", "1e-22", "1e-23", "9007199254740993",
            "0.000000000000000000000000001", "123.456e-20", "5e-324", "1e400", "-1e400", "1e-400"};
        StringBuilder page = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < doubles.length; i++) {
            page.append(i == 0 ? "" : ",").append("[{\"doubleValue\":").append(doubles[i]).append("}]");
        }
        String[] longs = {"0", "-0", "7", "-7", "9223372036854775807", "-9223372036854775808", "123456789012345678",
            "1.9", "-1.9", "1e3", "2.5E2"};
        for (String l : longs) {
            page.append(",[{\"longValue\":").append(l).append("}]");
        }
        same(page.append("],\"TotalNumRows\":12}").toString());
        SplittableRandom random = new SplittableRandom(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("Records");
            for (int i = 0; i < 30_000; i++) {
                out.writeStartArray();
                double d = switch (i % 5) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
                    case 2 -> random.nextInt() / 1024.0;
                    case 3 -> random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L) / 1000.0;
                    default -> (float) random.nextDouble();
                };
                Fields.write(out, d);
                Fields.write(out, random.nextLong());
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        same(bytes.toByteArray());
    }

    @Test
    void stringsWithEscapesAndLongOnes() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("Records");
            for (int i = 0; i < 3_000; i++) {
                StringBuilder text = new StringBuilder();
                for (int c = random.nextInt(0, i % 100 == 0 ? 200_000 : 40); c > 0; c--) {
                    int kind = random.nextInt(10);
                    text.appendCodePoint(kind == 0 ? random.nextInt(0, 0x20) : kind == 1 ? random.nextInt(0x10000, 0x110000)
                            : kind == 2 ? "\"\\/".charAt(random.nextInt(3)) : random.nextInt(0x20, 0xD800));
                }
                byte[] blob = new byte[random.nextInt(0, 20)];
                random.nextBytes(blob);
                out.writeStartArray();
                Fields.write(out, text.toString());
                Fields.write(out, blob);
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeStringField("NextToken", "n\u00e9\\\"" + "x".repeat(70_000));
            out.writeEndObject();
        }
        same(bytes.toByteArray());
        same("{\"Records\":[[{\"stringValue\":\"\\u00e9\\uD834\\uDD1E\\/\\b\\f\\n\\r\\t\\\\\\\"\"}]],"
                + "\"Next\\u0054oken\":\"escaped name\"}");
        same("{\"Records\":[[{\"string\\u0056alue\":\"escaped member\"}]]}");
    }

    @Test
    void whatJacksonRefusesIsRefused() {
        bothRefuse("");
        bothRefuse("[]");
        bothRefuse("<html>not json</html>");
        bothRefuse("{\"Records\":[[{\"longValue\":1,\"stringValue\":\"x\"}]],\"TotalNumRows\":1}");
        bothRefuse("{\"Records\":[[{\"longValue\":1}]]}{}");
        bothRefuse("{\"Records\":[[{\"longValue\":1}]");
        bothRefuse("{\"Records\":[[{\"stringValue\":\"cut");
        bothRefuse("{\"Records\":[[{\"longValue\":01}]]}");
        bothRefuse("{\"Records\":[[{\"doubleValue\":.5}]]}");
        bothRefuse("{\"Records\":[[{\"doubleValue\":1.}]]}");
        bothRefuse("{\"Records\":[[{\"doubleValue\":+1}]]}");
        bothRefuse("{\"Records\":[[{\"doubleValue\":1e}]]}");
        bothRefuse("{\"Records\":[[{\"longValue\":99999999999999999999}]]}");
        bothRefuse("{\"Records\":[[{\"longValue\":\"1\"}]]}");
        bothRefuse("{\"Records\":[[{\"booleanValue\":1}]]}");
        bothRefuse("{\"Records\":[[{\"stringValue\":\"a\u0001b\"}]]}");
        bothRefuse("{\"Records\":[[{\"stringValue\":\"\\x\"}]]}");
        bothRefuse("{\"Records\":[[{\"stringValue\":\"\\u12G4\"}]]}");
        bothRefuse("{\"Records\":[null]}");
        bothRefuse("{\"Records\":[[1]]}");
        bothRefuse("{\"Records\":{}}");
        bothRefuse("{\"Records\":[[{\"longValue\":1},]]}");
        bothRefuse("{\"Records\":[[{\"longValue\":1}]],}");
        bothRefuse("{\"Records\":[[{\"longValue\":nul}]]}");
        bothRefuse("{\"Records\":[[{\"longValue\":1}]] \"x\":1}");
        bothRefuse("{Records:[]}");
        bothRefuse("{\"A\":" + "[".repeat(100) + "]".repeat(100) + "}");
    }

    @Test
    void aPageOfTheLocalServerReadsAsBefore() throws IOException {
        StringBuilder page = new StringBuilder("{\"ColumnMetadata\":[{\"name\":\"a\",\"typeName\":\"int8\"}],\"Records\":[");
        for (int i = 0; i < 5000; i++) {
            page.append(i == 0 ? "" : ",").append("[{\"longValue\":").append(i).append("},{\"doubleValue\":")
                    .append(i * 0.25).append("},{\"stringValue\":\"row-").append(i).append("\"},{\"stringValue\":")
                    .append("\"2024-01-01 00:00:07.000021\"},{\"booleanValue\":").append(i % 3 == 0).append("}]");
        }
        page.append("],\"TotalNumRows\":1000000,\"NextToken\":\"abc\"}");
        same(page.toString());
        ResultPage read = ours(page.toString().getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
        assertEquals(5000, read.rows().size());
        assertTrue(read.next() instanceof PageRef.Token t && t.token().equals("abc") && t.row() == 5007);
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {1}), "AQ==");
    }
}
