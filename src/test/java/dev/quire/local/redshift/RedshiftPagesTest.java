package dev.quire.local.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.LocalEngine;
import dev.quire.local.Phase;
import dev.quire.local.SampleData;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission;
import dev.quire.local.Submission.ResultFormat;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.redshift.Fields;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results stored once by DuckDB and encoded into Redshift's pages when they are read. */
class RedshiftPagesTest {

    @TempDir
    Path dir;
    LocalEngine engine;

    @BeforeEach
    void open() throws Exception {
        engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false).withPageBytes(4096),
                SampleData.Progress.NONE);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private StatementSnapshot run(String sql, ResultFormat format) {
        Submission request = new Submission("me", List.of(sql), false, List.of(), null, null, format, null, null,
                null, null);
        StatementSnapshot done = engine.await("me", engine.submit(request).id(), Duration.ofSeconds(60));
        assertEquals(Phase.FINISHED, done.status(), done.error());
        return done;
    }

    /** The page's cells as the JSON text of each Field array, row by row. */
    private static List<String> rowsOf(RedshiftPages.Page page) throws Exception {
        List<String> rows = new ArrayList<>();
        Json.MAPPER.readTree("[" + new String(page.records(), StandardCharsets.UTF_8) + "]")
                .forEach(row -> rows.add(row.toString()));
        return rows;
    }

    @Test
    void everyTypeReadsBackAsDuckDbAnsweredTheQuery() throws Exception {
        try (Connection connection = engine.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')");
        }
        String[] values = {
            "170141183460469231731687303715884105727::hugeint", "340282366920938463463374607431768211455::uhugeint",
            "'123456789012345678901234567890123456789'::bignum", "union_value(num := 2)::union(num int, s varchar)",
            "'10101'::bit", "interval '1 day 2 hours 3.123456 seconds'", "'12:34:56.123456+02:30'::timetz",
            "'ok'::mood", "[interval 1 second]", "{'a': 1::hugeint}", "'2024-01-02 03:04:05.123456789'::timestamp_ns",
            "'2024-01-02 03:04:05.123'::timestamp_ms", "'2024-01-02 03:04:05'::timestamp_s",
            "'2024-01-02 03:04:05.5+00'::timestamptz", "'12:00:01.5'::time", "'2024-02-29'::date",
            "12345.678::decimal(38,3)", "true", "'00000000-0000-0000-0000-000000000001'::uuid", "'{\"a\":1}'::json",
            "map {'k': 1}", "'\\xAA'::blob", "1.1::float", "'nan'::double", "255::utinyint",
            "18446744073709551615::ubigint", "null::integer", "[1, 2]::integer[2]", "-7::tinyint", "'tab\tné'",
        };
        RedshiftPages pages = new RedshiftPages(engine, 1 << 20);
        try (Connection direct = engine.connect()) {
            for (String value : values) {
                String sql = "select " + value + " as v, " + value + " as v";
                StatementSnapshot stored = run(sql, ResultFormat.JSON);
                RedshiftPages.Page page = pages.page("me", stored, 0, ResultFormat.JSON);
                List<String> expected = new ArrayList<>();
                List<String> types = new ArrayList<>();
                try (Statement s = direct.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    RedshiftTypes.Mapped[] mapped = new RedshiftTypes.Mapped[2];
                    for (int c = 0; c < 2; c++) {
                        mapped[c] = RedshiftTypes.map(meta.getColumnTypeName(c + 1), "v", "v",
                                ColumnMetadata.NULLABLE, meta.getPrecision(c + 1), meta.getScale(c + 1));
                        types.add(mapped[c].metadata().typeName());
                    }
                    while (rows.next()) {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        try (var out = Json.FACTORY.createGenerator(bytes)) {
                            out.writeStartArray();
                            for (int c = 0; c < 2; c++) {
                                Fields.write(out, RedshiftTypes.read(rows, c + 1, mapped[c].kind()));
                            }
                            out.writeEndArray();
                        }
                        expected.add(Json.MAPPER.readTree(bytes.toByteArray()).toString());
                    }
                }
                assertEquals(expected, rowsOf(page), value);
                assertEquals(types, page.columns().stream().map(ColumnMetadata::typeName).toList(), value);
                assertEquals(List.of("v", "v"), page.columns().stream().map(ColumnMetadata::name).toList(), value);
            }
        }
    }

    @Test
    void columnsStoredAsTextKeepTheRowOrder() throws Exception {
        RedshiftPages pages = new RedshiftPages(engine, 1 << 20);
        StatementSnapshot stored = run("select i, to_seconds(i) as gap, i::hugeint as big from range(50000) t(i) "
                + "order by i desc", ResultFormat.JSON);
        List<String> rows = rowsOf(pages.page("me", stored, 0, ResultFormat.JSON));
        assertEquals("[{\"longValue\":49999},{\"stringValue\":\"13:53:19\"},{\"stringValue\":\"49999\"}]",
                rows.get(0));
        assertEquals("[{\"longValue\":49998},{\"stringValue\":\"13:53:18\"},{\"stringValue\":\"49998\"}]",
                rows.get(1));
    }

    @Test
    void statementsDuckDbCannotCopyKeepTheirRows() throws Exception {
        RedshiftPages pages = new RedshiftPages(engine, 1 << 20);
        run("create table kept(i int)", ResultFormat.JSON);
        RedshiftPages.Page returning = pages.page("me",
                run("insert into kept values (1), (2) returning i", ResultFormat.JSON), 0, ResultFormat.JSON);
        assertEquals(List.of("[{\"longValue\":1}]", "[{\"longValue\":2}]"), rowsOf(returning));
        assertEquals("int4", returning.columns().get(0).typeName());
        RedshiftPages.Page several = pages.page("me",
                run("insert into kept values (3); select sum(i)::bigint as total, 'x' as t from kept", ResultFormat.JSON),
                0, ResultFormat.JSON);
        assertEquals(List.of("[{\"longValue\":6},{\"stringValue\":\"x\"}]"), rowsOf(several));
        RedshiftPages.Page explained = pages.page("me", run("explain select 1", ResultFormat.JSON), 0,
                ResultFormat.JSON);
        assertTrue(rowsOf(explained).size() >= 1);
        assertTrue(new String(explained.records(), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT).contains("projection"),
                new String(explained.records(), StandardCharsets.UTF_8));
    }

    @Test
    void pagesCoverEveryRowOnceInOrderAndStayNearThePageSize() throws Exception {
        RedshiftPages pages = new RedshiftPages(engine, 4096);
        for (ResultFormat format : ResultFormat.values()) {
            StatementSnapshot stored = run("select i, repeat('x', (i % 50)::int) as pad from range(20000) t(i) "
                    + "order by i desc", format);
            assertEquals(20000, stored.resultRows());
            long expected = 19999;
            long from = 0;
            List<Integer> sizes = new ArrayList<>();
            while (from >= 0) {
                RedshiftPages.Page page = pages.page("me", stored, from, format);
                sizes.add(page.records().length);
                String text = new String(page.records(), StandardCharsets.UTF_8);
                List<Long> ids = new ArrayList<>();
                if (format == ResultFormat.JSON) {
                    Json.MAPPER.readTree("[" + text + "]").forEach(row -> ids.add(row.get(0).get("longValue").asLong()));
                } else {
                    for (String line : text.split("\n")) {
                        ids.add(Long.parseLong(line.substring(0, line.indexOf(','))));
                    }
                }
                for (long id : ids) {
                    assertEquals(expected--, id, format + " page at row " + from);
                }
                from = page.nextRow();
            }
            assertEquals(-1, expected, format + ": every row once");
            assertTrue(sizes.get(0) < sizes.get(1), format + ": the first page is the small one " + sizes);
            int largest = 8 * 120 + 4096;
            assertTrue(sizes.stream().allMatch(size -> size <= largest), format + " page sizes " + sizes);
            assertTrue(sizes.size() > 10, format + " pages " + sizes.size());
        }
    }

    @Test
    void aResultGrowingPastTheCapIsStoppedWhileItIsWritten() throws Exception {
        engine.close();
        Path capped = Files.createDirectories(dir.resolve("capped"));
        engine = LocalEngine.open(LocalEngine.Options.defaults(capped).withSampleData(false)
                .withLimits(10, 2 << 20), SampleData.Progress.NONE);
        String id = engine.submit(Submission.of("me", "select md5(i::varchar) || md5((i * 7)::varchar) as v "
                + "from range(1000000000) t(i)")).id();
        StatementSnapshot failed = engine.await("me", id, Duration.ofSeconds(120));
        assertEquals(Phase.FAILED, failed.status());
        assertTrue(failed.error().contains("maximum result size of " + (2 << 20) + " bytes"), failed.error());
        try (var left = Files.list(capped.resolve("results"))) {
            assertEquals(List.of(), left.toList(), "nothing of it is left on disk");
        }
    }
}
