package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.protocol.Json;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quire sql in every export format against the real local engine, each file read back by another
 * tool: DuckDB for CSV and Parquet, Jackson for JSON, fastexcel-reader for Excel.
 */
class SqlExportTest {

    static final int ROWS = 300;
    static final List<String> NAMES = List.of("id", "ratio", "amount", "note", "even", "day", "at", "maybe");
    /**
     * An integer, a double, a decimal, text with a tab, comma, quote, line break and backslash, a
     * boolean, a date, a timestamp and NULLs.
     */
    static final String SQL = "select i as id, (i * 0.5)::double as ratio, (i * 0.25)::decimal(12,2) as amount,"
            + " 'tab' || chr(9) || 'comma, \"quote\"' || chr(10) || 'line \\ slash ' || i as note,"
            + " i % 2 = 0 as even, date '2024-01-01' + i::int as day,"
            + " timestamp '2024-01-01 00:00:00' + to_minutes(i) as at,"
            + " case when i % 3 = 0 then null else 'x' || i end as maybe"
            + " from range(" + ROWS + ") t(i) order by id";
    static final List<List<String>> PARQUET_TYPES = List.of(List.of("id", "BIGINT"), List.of("ratio", "DOUBLE"),
            List.of("amount", "DECIMAL(12,2)"), List.of("note", "VARCHAR"), List.of("even", "BOOLEAN"),
            List.of("day", "DATE"), List.of("at", "TIMESTAMP"), List.of("maybe", "VARCHAR"));
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path home;

    static String note(int i) {
        return "tab\tcomma, \"quote\"\nline \\ slash " + i;
    }

    static LocalDate day(int i) {
        return LocalDate.of(2024, 1, 1).plusDays(i);
    }

    static LocalDateTime at(int i) {
        return LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i);
    }

    static BigDecimal amount(int i) {
        return BigDecimal.valueOf(i * 25L, 2);
    }

    static String maybe(int i) {
        return i % 3 == 0 ? null : "x" + i;
    }

    /** Row i as text, the way CSV and TSV carry it (NULL as null). */
    static List<String> text(int i) {
        List<String> row = new ArrayList<>(List.of(Integer.toString(i), Double.toString(i * 0.5),
                amount(i).toPlainString(), note(i), Boolean.toString(i % 2 == 0), day(i).toString(),
                TIMESTAMP.format(at(i))));
        row.add(maybe(i));
        return row;
    }

    Cli sql(String... words) {
        List<String> args = new ArrayList<>(List.of("--data-dir", home.toString(), "sql", "--no-sample-data"));
        args.addAll(List.of(words));
        return Cli.run(args.toArray(String[]::new));
    }

    Cli export(String format, Path file) {
        Cli result = sql("--format", format, "--output", file.toString(), SQL);
        assertEquals(0, result.code(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().contains(ROWS + " rows written to " + file), result.err());
        return result;
    }

    /** Writes the text format to a file and to stdout, which must agree; returns the file. */
    Path exportAndPrint(String format) throws Exception {
        Path file = home.resolve("result." + format);
        export(format, file);
        Cli stdout = sql("--format", format, SQL);
        assertEquals(0, stdout.code(), stdout.err());
        assertEquals(stdout.out().replace("\r\n", "\n"), Files.readString(file), "the exporter and stdout agree");
        return file;
    }

    /** The rows DuckDB reads from a query over the file, each column as text. */
    static List<List<String>> duck(String query) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet r = s.executeQuery(query)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(r.getString(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String literal(Path file) {
        return "'" + file.toString().replace("'", "''") + "'";
    }

    @Test
    void csvToAFileIsWhatStdoutPrintsAndReadsBack() throws Exception {
        Path file = exportAndPrint("csv");

        List<List<String>> header = duck("select column_name from (describe select * from read_csv(" + literal(file)
                + ", header = true, all_varchar = true))");
        assertEquals(NAMES, header.stream().map(r -> r.get(0)).toList());
        List<List<String>> rows = duck("select * from read_csv(" + literal(file) + ", header = true,"
                + " all_varchar = true, delim = ',', quote = '\"', escape = '\"')");
        assertEquals(ROWS, rows.size());
        for (int i = 0; i < ROWS; i++) {
            assertEquals(text(i), rows.get(i), "row " + i);
        }
        try (Stream<Path> left = Files.list(home)) {
            assertEquals(List.of(file), left.filter(Files::isRegularFile).toList(), "no partial file left");
        }
        try (Stream<Path> stores = Files.list(home.resolve("cache/results"))) {
            assertEquals(List.of(), stores.filter(p -> p.getFileName().toString().startsWith("store-")).toList(),
                    "the spill store is gone");
        }
    }

    @Test
    void tsvHasAHeaderAndTheGridsCopiedText() throws Exception {
        Path file = exportAndPrint("tsv");

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(ROWS + 1, lines.size(), "a value's tab and line break do not split it");
        assertEquals(String.join("\t", NAMES), lines.get(0));
        for (int i = 0; i < ROWS; i++) {
            List<String> expected = text(i);
            expected.set(3, "tab comma, \"quote\" line \\ slash " + i);
            if (expected.get(7) == null) {
                expected.set(7, "");
            }
            assertEquals(expected, List.of(lines.get(i + 1).split("\t", -1)), "row " + i);
        }
    }

    @Test
    void jsonAndJsonLinesReadBackTyped() throws Exception {
        Path json = exportAndPrint("json");
        JsonNode array = Json.MAPPER.readTree(json.toFile());
        assertEquals(ROWS, array.size());
        for (int i = 0; i < ROWS; i++) {
            assertJsonRow(i, array.get(i));
        }

        Path lines = exportAndPrint("jsonl");
        List<String> objects = Files.readAllLines(lines);
        assertEquals(ROWS, objects.size());
        for (int i = 0; i < ROWS; i++) {
            assertJsonRow(i, Json.MAPPER.readTree(objects.get(i)));
        }
    }

    static void assertJsonRow(int i, JsonNode row) {
        assertEquals(NAMES, iterable(row.fieldNames()));
        assertTrue(row.get("id").isIntegralNumber(), row.toString());
        assertEquals(i, row.get("id").asLong());
        assertTrue(row.get("ratio").isFloatingPointNumber(), row.toString());
        assertEquals(i * 0.5, row.get("ratio").asDouble());
        assertEquals(amount(i), new BigDecimal(row.get("amount").asText()));
        assertEquals(note(i), row.get("note").asText());
        assertTrue(row.get("even").isBoolean());
        assertEquals(i % 2 == 0, row.get("even").asBoolean());
        assertEquals(day(i).toString(), row.get("day").asText());
        assertEquals(TIMESTAMP.format(at(i)), row.get("at").asText());
        assertEquals(maybe(i) == null, row.get("maybe").isNull(), row.toString());
        if (maybe(i) != null) {
            assertEquals(maybe(i), row.get("maybe").asText());
        }
    }

    static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void parquetKeepsTheTypes() throws Exception {
        Path file = home.resolve("result.parquet");
        export("parquet", file);
        List<List<String>> types = duck("select column_name, column_type from (describe select * from read_parquet("
                + literal(file) + "))");
        assertEquals(PARQUET_TYPES, types);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("select * from read_parquet(" + literal(file) + ")")) {
            int i = 0;
            while (r.next()) {
                assertEquals(i, r.getLong("id"));
                assertEquals(i * 0.5, r.getDouble("ratio"));
                assertEquals(amount(i), r.getBigDecimal("amount"));
                assertEquals(note(i), r.getString("note"));
                assertEquals(i % 2 == 0, r.getBoolean("even"));
                assertEquals(day(i), r.getObject("day", LocalDate.class));
                assertEquals(at(i), r.getObject("at", LocalDateTime.class));
                assertEquals(maybe(i), r.getString("maybe"));
                i++;
            }
            assertEquals(ROWS, i);
        }
    }

    @Test
    void excelHasTypedCells() throws Exception {
        Path file = home.resolve("result.xlsx");
        export("xlsx", file);
        try (InputStream in = Files.newInputStream(file);
             ReadableWorkbook book = new ReadableWorkbook(in, new ReadingOptions(true, false))) {
            try (Stream<Row> rows = book.getFirstSheet().openStream()) {
                Iterator<Row> it = rows.iterator();
                assertEquals(NAMES, it.next().stream().map(c -> c.getRawValue()).toList());
                int i = 0;
                while (it.hasNext()) {
                    Row row = it.next();
                    assertEquals(CellType.NUMBER, row.getCell(0).getType());
                    assertEquals(new BigDecimal(i), row.getCell(0).asNumber());
                    assertEquals(CellType.NUMBER, row.getCell(1).getType());
                    assertEquals(i * 0.5, row.getCell(1).asNumber().doubleValue());
                    assertEquals(CellType.NUMBER, row.getCell(2).getType());
                    assertEquals(0, amount(i).compareTo(row.getCell(2).asNumber()), "decimals exact");
                    assertEquals(note(i), row.getCell(3).asString());
                    assertEquals(CellType.BOOLEAN, row.getCell(4).getType());
                    assertEquals(i % 2 == 0, row.getCell(4).asBoolean());
                    assertEquals(CellType.NUMBER, row.getCell(5).getType(), "a date is an Excel date");
                    assertEquals(day(i).atStartOfDay(), row.getCell(5).asDate());
                    assertEquals("yyyy-mm-dd", row.getCell(5).getDataFormatString());
                    assertEquals(CellType.NUMBER, row.getCell(6).getType(), "a timestamp is an Excel date");
                    assertEquals(at(i), row.getCell(6).asDate());
                    if (maybe(i) == null) {
                        assertTrue(row.getOptionalCell(7).map(c -> c.getType() == CellType.EMPTY).orElse(true),
                                "NULL is an empty cell");
                    } else {
                        assertEquals(maybe(i), row.getCell(7).asString());
                    }
                    i++;
                }
                assertEquals(ROWS, i);
            }
        }
    }

    @Test
    void binaryFormatsNeedAnOutputFile() {
        for (String format : List.of("parquet", "xlsx")) {
            Cli result = sql("--format", format, "select 1");
            assertEquals(2, result.code(), result.err());
            assertTrue(result.err().contains("--format " + format + " writes a binary file: give --output FILE"),
                    result.err());
            assertEquals("", result.out());
        }
        Cli dash = sql("--format", "parquet", "--output", "-", "select 1");
        assertEquals(2, dash.code(), dash.err());
        assertEquals("", dash.out());
        Cli unknown = sql("--format", "xml", "select 1");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--format takes csv, tsv, json, jsonl, parquet or xlsx, not 'xml'"),
                unknown.err());
    }

    @Test
    void aFailingQueryLeavesNoFileAndKeepsTheOldOne() throws Exception {
        Path old = home.resolve("kept.parquet");
        Files.writeString(old, "old");
        Cli missing = sql("--format", "parquet", "--output", old.toString(), "select * from nowhere");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nowhere"), missing.err());
        assertEquals("old", Files.readString(old), "an existing file is replaced only on success");

        Path fresh = home.resolve("fresh.csv");
        Cli failing = sql("--output", fresh.toString(),
                "select case when i = 250 then error('boom at 250') else i end as n from range(" + ROWS + ") t(i)");
        assertEquals(1, failing.code());
        assertTrue(failing.err().contains("boom at 250"), failing.err());
        assertFalse(Files.exists(fresh));
        try (Stream<Path> left = Files.list(home)) {
            assertEquals(List.of(old), left.filter(Files::isRegularFile).toList(), "no partial file left");
        }
    }

    @Test
    void anUnwritablePathIsOneClearLine() throws Exception {
        Path missing = home.resolve("missing").resolve("out.csv");
        Path blocker = Files.writeString(home.resolve("file.txt"), "a file");
        Path underFile = blocker.resolve("out.parquet");
        Path folder = Files.createDirectory(home.resolve("folder"));
        Path fifo = home.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        List<List<String>> cases = List.of(
                List.of(fifo.toString(), "it is not a regular file (leave out --output to print to stdout)"),
                List.of(missing.toString(), "the folder " + missing.getParent() + " does not exist"),
                List.of(underFile.toString(), blocker + " is not a folder"),
                List.of(folder.toString(), "it is a folder"));
        for (List<String> each : cases) {
            Cli result = sql("--format", each.get(0).endsWith(".parquet") ? "parquet" : "csv", "--output",
                    each.get(0), "select 1 as n");
            assertEquals(1, result.code(), result.err());
            assertEquals("quire sql: cannot write " + each.get(0) + ": " + each.get(1), result.err().strip());
            assertEquals("", result.out());
        }
        assertFalse(Files.exists(missing.getParent()));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(),
                "the fifo is left as it was");
        try (Stream<Path> inside = Files.list(folder)) {
            assertEquals(0, inside.count());
        }
    }

    @Test
    void aLargerResultIsWrittenWhole() throws Exception {
        int rows = 200_000;
        Path file = home.resolve("large.parquet");
        Cli result = sql("--format", "parquet", "--output", file.toString(),
                "select i as id, 'name-' || i as name from range(" + rows + ") t(i)");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains(String.format("%,d rows written to %s", rows, file)), result.err());
        List<List<String>> check = duck("select count(*), count(distinct id), max(id), min(name) from read_parquet("
                + literal(file) + ")");
        assertEquals(List.of(List.of(Integer.toString(rows), Integer.toString(rows), Integer.toString(rows - 1),
                "name-0")), check);
        assertNull(duck("select * from read_parquet(" + literal(file) + ") where name <> 'name-' || id").stream()
                .findFirst().orElse(null));
    }

    @Test
    void athenaAndDremioResultsExportTyped() throws Exception {
        for (String backend : List.of("athena", "dremio")) {
            Path file = home.resolve(backend + ".parquet");
            Cli result = sql("--backend", backend, "--format", "parquet", "--output", file.toString(), SQL);
            assertEquals(0, result.code(), result.err());
            List<List<String>> types = duck("select column_name, column_type from (describe select * from"
                    + " read_parquet(" + literal(file) + "))");
            assertEquals(PARQUET_TYPES, types, backend);
            assertEquals(List.of(Integer.toString(ROWS), "0.25", "2024-01-02", "2024-01-01 00:01:00"),
                    duck("select count(*), max(amount) filter (where id = 1), max(day) filter (where id = 1),"
                            + " (max(\"at\") filter (where id = 1))::varchar from read_parquet(" + literal(file)
                            + ")").get(0), backend);
        }
    }
}
