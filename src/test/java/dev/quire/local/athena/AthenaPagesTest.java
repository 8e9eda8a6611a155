package dev.quire.local.athena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.LocalEngine;
import dev.quire.local.Phase;
import dev.quire.local.ResultColumn;
import dev.quire.local.SampleData;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetQueryResults pages and the result CSV are written as bytes; they hold exactly the text
 * Jackson, or a CSV writer, writes for each cell's Athena text form read from DuckDB value by value.
 */
class AthenaPagesTest {

    @TempDir
    Path dir;
    LocalEngine engine;
    AthenaPages pages;
    ResultCsv files;

    @BeforeEach
    void open() throws Exception {
        engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false), SampleData.Progress.NONE);
        pages = new AthenaPages(engine);
        files = new ResultCsv(engine);
    }

    @AfterEach
    void close() {
        pages.close();
        engine.close();
    }

    private StatementSnapshot run(String sql) {
        Submission request = new Submission("me", List.of(sql), false, List.of(), null, null, null, null, null,
                null, null);
        StatementSnapshot done = engine.await("me", engine.submit(request).id(), Duration.ofSeconds(60));
        assertEquals(Phase.FINISHED, done.status(), done.error());
        return done;
    }

    /** The Rows array as Jackson writes it for AthenaTypes.text of every cell, read from DuckDB directly. */
    private String reference(String sql, List<ResultColumn> columns, boolean header) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Connection connection = engine.connect(); Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery(sql); JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartArray();
            if (header) {
                out.writeStartObject();
                out.writeArrayFieldStart("Data");
                for (ResultColumn column : columns) {
                    out.writeStartObject();
                    out.writeStringField("VarCharValue", column.name());
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            while (rows.next()) {
                out.writeStartObject();
                out.writeArrayFieldStart("Data");
                for (int c = 0; c < columns.size(); c++) {
                    String text = AthenaTypes.text(rows, c + 1, AthenaTypes.map(columns.get(c)).kind());
                    out.writeStartObject();
                    if (text != null) {
                        out.writeStringField("VarCharValue", text);
                    }
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The page's Rows array as it was sent, byte for byte. */
    private static String rowsOf(byte[] page) {
        String text = new String(page, StandardCharsets.UTF_8);
        int from = text.indexOf("\"Rows\":") + "\"Rows\":".length();
        int to = text.indexOf(",\"ResultSetMetadata\":");
        return text.substring(from, to);
    }

    /** The result CSV as Athena writes it, from AthenaTypes.text of every cell read from DuckDB directly. */
    private String referenceCsv(String sql, List<ResultColumn> columns) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            csv.append(c == 0 ? "" : ",").append('"').append(columns.get(c).name().replace("\"", "\"\"")).append('"');
        }
        csv.append('\n');
        try (Connection connection = engine.connect(); Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                for (int c = 0; c < columns.size(); c++) {
                    String text = AthenaTypes.text(rows, c + 1, AthenaTypes.map(columns.get(c)).kind());
                    csv.append(c == 0 ? "" : ",");
                    if (text != null) {
                        csv.append('"').append(text.replace("\"", "\"\"")).append('"');
                    }
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    /** The first page and the result CSV hold what the reference readings hold, byte for byte. */
    private void same(String sql) throws Exception {
        StatementSnapshot query = run(sql);
        byte[] page = pages.page("me", query, 0, 1000, true);
        JsonNode parsed = Json.MAPPER.readTree(page);
        assertEquals(query.columns().size(), parsed.path("ResultSet").path("ResultSetMetadata").path("ColumnInfo")
                .size());
        assertEquals(reference(sql, query.columns(), true), rowsOf(page), sql);
        ResultCsv.Written csv = files.get("me", query, true);
        assertEquals(referenceCsv(sql, query.columns()), Files.readString(csv.file(), StandardCharsets.UTF_8), sql);
    }

    @Test
    void everyTypeHasTheTextItsValueGives() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            controls.append(c);
        }
        String strings = "'', 'plain', 'quote \" backslash \\ slash / del \u007f', '" + controls.toString()
                .replace("'", "''") + "', 'né ü € 𝄞 \u2028 \uFEFF', 'tab\tné', 'it''s', NULL";
        same("select s, s || '!' as t from (values " + values(strings) + ") v(s)");
        same("select * from (values "
                + "(TIMESTAMP '2024-01-31 17:33:51', TIMESTAMP_MS '2024-01-31 17:33:51.5', TIMESTAMP_S '2024-01-31 17:33:51'),"
                + "(TIMESTAMP '2024-01-31 17:33:51.5', NULL, NULL),"
                + "(TIMESTAMP '2024-01-31 17:33:51.12', TIMESTAMP_MS '2024-01-31 17:33:51.123', NULL),"
                + "(TIMESTAMP '2024-01-31 17:33:51.123', NULL, NULL),"
                + "(TIMESTAMP '2024-01-31 17:33:51.1234', NULL, NULL),"
                + "(TIMESTAMP '2024-01-31 17:33:51.123456', NULL, NULL),"
                + "(TIMESTAMP '1970-01-01 00:00:00', NULL, NULL),"
                + "(TIMESTAMP '0001-01-01 00:00:00.000001', NULL, NULL),"
                + "(TIMESTAMP '9999-12-31 23:59:59.999999', NULL, NULL),"
                + "(NULL, NULL, NULL)) v(a, b, c)");
        same("select i::bigint as a, (i * 0.25)::double as d, i % 3 = 0 as flag, (i - 5)::integer as n, "
                + "(i / 7.0)::real as r, (i * 1.5)::decimal(10,2) as price, date '2024-01-01' + i::integer as day, "
                + "[i, null] as list, {'x': i} as pair, 'x'::blob as bytes, "
                + "case when i % 2 = 0 then null else i end as sometimes, "
                + "case when i = 3 then 'nan'::double when i = 4 then 'inf'::double when i = 5 then 1e300 "
                + "else -0.0 end as odd, "
                + "'6ccd780c-baba-1026-9564-5b8c656024db'::uuid as u, interval 90 minute as span "
                + "from range(12) t(i)");
        same("select 9223372036854775807::bigint as big, (-9223372036854775808)::bigint as small, "
                + "18446744073709551615::ubigint as u, 170141183460469231731687303715884105727::hugeint as h, "
                + "TIMESTAMPTZ '2024-01-31 12:00:00+02' as zoned, TIME '17:33:51.5' as clock, "
                + "TIMESTAMP_NS '2024-01-02 03:04:05.123456789' as nanos, '{\"a\":1}'::json as j");
        String noise = "(hash(i) % 1000000007)::double";
        same("select " + noise + " / 997 as a, " + noise + " * 1e-14 as b, (i / 3.0)::double as c, "
                + noise + " * pow(10, (hash(i * 7) % 40)::integer - 20) as d, "
                + "(" + noise + " - 5e8) * pow(10, (hash(i * 13) % 600)::integer - 300) as e, "
                + "(" + noise + " / 1e6)::real as f, (i * 0.001)::double as g from range(999) t(i)");
    }

    private static String values(String list) {
        StringBuilder rows = new StringBuilder();
        for (String value : splitTopLevel(list)) {
            rows.append(rows.isEmpty() ? "" : ", ").append('(').append(value).append(')');
        }
        return rows.toString();
    }

    /** The list's items, split at the commas outside quotes. */
    private static List<String> splitTopLevel(String list) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                items.add(item.toString().strip());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString().strip());
        return items;
    }

    @Test
    void timestampsOfAnotherShapeAreDuckDbsText() throws Exception {
        StatementSnapshot query = run("select * from (values ('infinity'::timestamp), ('-infinity'::timestamp), "
                + "(TIMESTAMP '0044-03-15 12:00:00' - interval 88 year)) v(t)");
        JsonNode rows = Json.MAPPER.readTree(pages.page("me", query, 0, 1000, false)).path("ResultSet").path("Rows");
        assertEquals("infinity", rows.get(0).path("Data").get(0).path("VarCharValue").asText());
        assertEquals("-infinity", rows.get(1).path("Data").get(0).path("VarCharValue").asText());
        assertEquals("0045-03-15 (BC) 12:00:00", rows.get(2).path("Data").get(0).path("VarCharValue").asText());
    }

    @Test
    void pagesFollowOneAnotherWithTokensAndEveryRowOnce() throws Exception {
        StatementSnapshot query = run("select i, 'row ' || i as name from range(2500) t(i)");
        long from = 0;
        long seen = 0;
        boolean header = true;
        while (true) {
            JsonNode page = Json.MAPPER.readTree(pages.page("me", query, from, 1000, header));
            JsonNode rows = page.path("ResultSet").path("Rows");
            for (int r = header ? 1 : 0; r < rows.size(); r++) {
                assertEquals(Long.toString(seen), rows.get(r).path("Data").get(0).path("VarCharValue").asText());
                assertEquals("row " + seen, rows.get(r).path("Data").get(1).path("VarCharValue").asText());
                seen++;
            }
            from = seen;
            header = false;
            if (!page.has("NextToken")) {
                break;
            }
            String[] token = Tokens.decode(page.path("NextToken").asText(), AthenaPages.LISTING, 2);
            assertEquals(Long.toString(seen), token[1]);
        }
        assertEquals(2500, seen);
        assertFalse(Json.MAPPER.readTree(pages.page("me", query, 2500, 1000, false)).has("NextToken"));
    }
}
