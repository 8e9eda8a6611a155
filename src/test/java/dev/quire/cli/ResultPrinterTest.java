package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import dev.quire.model.Csv;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.Tsv;
import dev.quire.protocol.Json;
import dev.quire.service.ExportFormat;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {

    private static final List<Column> COLUMNS = List.of(Column.of("id", "int8"), Column.of("name", "varchar"));
    private static final int PAGE_ROWS = 5_000;
    private static final String NL = System.lineSeparator();

    /** What the stream was asked to do, in order, with the page fetches. */
    private final List<String> events = new ArrayList<>();
    private final Recording stream = new Recording();

    @Test
    void csvOfManyRowsGoesOutInAFewLargeWrites() throws Exception {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8); // like System.out: autoflush
        long printed = new ResultPrinter(out, ExportFormat.CSV, false).print(page(0), this::fetch);

        assertEquals(3L * PAGE_ROWS, printed);
        StringBuilder expected = new StringBuilder("id,name").append(NL);
        for (long i = 0; i < 3L * PAGE_ROWS; i++) {
            expected.append(Csv.row(row(i))).append(NL);
        }
        assertEquals(expected.toString(), stream.text());
        assertTrue(stream.writes < 3L * PAGE_ROWS / 100, stream.writes + " writes for " + printed + " rows");
    }

    @Test
    void tsvAndJsonLinesAlsoGoOutInAFewLargeWrites() throws Exception {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        assertEquals(3L * PAGE_ROWS, new ResultPrinter(out, ExportFormat.TSV, false).print(page(0), this::fetch));
        StringBuilder expected = new StringBuilder("id\tname").append(NL);
        for (long i = 0; i < 3L * PAGE_ROWS; i++) {
            expected.append(Tsv.row(row(i))).append(NL);
        }
        assertEquals(expected.toString(), stream.text());
        assertTrue(stream.writes < 3L * PAGE_ROWS / 100, stream.writes + " writes");

        Recording lines = new Recording();
        PrintStream json = new PrintStream(lines, true, StandardCharsets.UTF_8);
        assertEquals(3L * PAGE_ROWS, new ResultPrinter(json, ExportFormat.JSON_LINES, false).print(page(0),
                this::fetch));
        List<String> objects = lines.text().lines().toList();
        assertEquals(3 * PAGE_ROWS, objects.size());
        assertTrue(lines.text().endsWith("}" + NL), "the last object ends its line");
        JsonNode row = Json.MAPPER.readTree(objects.get(12_345));
        assertEquals(12_345, row.get("id").asLong());
        assertEquals("row \"12345\", quoted", row.get("name").asText());
        assertTrue(Json.MAPPER.readTree(objects.get(7)).get("name").isNull());
        assertTrue(lines.writes < 3L * PAGE_ROWS / 100, lines.writes + " writes");
    }

    @Test
    void binaryFormatsAreNotPrinted() {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        for (ExportFormat format : List.of(ExportFormat.PARQUET, ExportFormat.XLSX)) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ResultPrinter(out, format, false));
        }
    }

    @Test
    void theNextPageIsAskedForBeforeThisOneIsPrinted() throws Exception {
        PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        new ResultPrinter(out, ExportFormat.CSV, true).print(page(0), this::fetch);
        // on a terminal each page is flushed as it ends
        assertEquals(List.of("fetch 5000", "flush", "fetch 10000", "flush", "flush"), events);
    }

    @Test
    void awayFromATerminalOnlyTheEndIsFlushed() throws Exception {
        PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        new ResultPrinter(out, ExportFormat.CSV, false).print(page(0), this::fetch);
        assertEquals(List.of("fetch 5000", "fetch 10000", "flush"), events);
    }

    @Test
    void jsonIsOneArrayOfEveryRow() throws Exception {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        long printed = new ResultPrinter(out, ExportFormat.JSON, true).print(page(0), this::fetch);

        assertEquals(3L * PAGE_ROWS, printed);
        JsonNode rows = Json.MAPPER.readTree(stream.text());
        assertEquals(3 * PAGE_ROWS, rows.size());
        assertEquals(12_345, rows.get(12_345).get("id").asLong());
        assertEquals("row \"12345\", quoted", rows.get(12_345).get("name").asText());
        assertEquals(List.of("fetch 5000", "fetch 10000"), events.stream().filter(e -> e.startsWith("fetch")).toList());
        assertTrue(stream.text().endsWith("]" + NL), "the array ends its line");
    }

    @Test
    void aFailedPageStopsThePrintWithItsError() {
        PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        java.util.concurrent.CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class, () -> new ResultPrinter(out, ExportFormat.CSV, false)
                        .print(page(0), ref -> CompletableFuture.failedFuture(new IllegalStateException("gone"))));
        assertEquals("gone", failed.getCause().getMessage());
    }

    private CompletableFuture<ResultPage> fetch(PageRef ref) {
        long from = ref.row();
        events.add("fetch " + from);
        return CompletableFuture.completedFuture(page(from));
    }

    /** One of three pages of PAGE_ROWS rows. */
    private static ResultPage page(long from) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = from; i < from + PAGE_ROWS; i++) {
            rows.add(row(i));
        }
        long end = from + PAGE_ROWS;
        return new ResultPage(COLUMNS, rows, from, 3L * PAGE_ROWS, end < 3L * PAGE_ROWS ? new PageRef.Offset(end) : null);
    }

    private static Object[] row(long i) {
        return new Object[] {i, i % 7 == 0 ? null : "row \"" + i + "\", quoted"};
    }

    /** Keeps the bytes, counts the writes, and logs the flushes. */
    private final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long writes;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            events.add("flush");
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
