package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1,000,000-row result exported to Excel in a 512 MB heap, read back by an Excel reader. */
class XlsxExportTest {

    @TempDir
    Path dir;

    @Test
    void aMillionRowsExportInASmallHeapAndReadBackTyped() throws Exception {
        Path xlsx = dir.resolve("trips.xlsx");
        Path log = dir.resolve("child.log");
        String output = dev.quire.ChildJvm.run(XlsxExportChild.class, "512m", log, 900, dir.resolve("data").toString(),
                xlsx.toString());
        assertTrue(output.contains("ok: " + XlsxExportChild.ROWS), output);
        output.lines().filter(l -> l.startsWith("heap ")).forEach(System.out::println);

        try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook book = new ReadableWorkbook(in,
                new org.dhatim.fastexcel.reader.ReadingOptions(true, false))) {
            List<Sheet> sheets = book.getSheets().toList();
            assertEquals(1, sheets.size());
            assertEquals("Result", sheets.get(0).getName());
            try (Stream<Row> rows = sheets.get(0).openStream()) {
                Iterator<Row> it = rows.iterator();
                Row header = it.next();
                assertEquals(List.of("id", "quarter", "amount", "name", "at", "day", "third", "tag"),
                        header.stream().map(c -> c.getRawValue()).toList());
                Row first = it.next();
                assertEquals(CellType.NUMBER, first.getCell(0).getType());
                assertEquals(new BigDecimal("0"), first.getCell(0).asNumber());
                assertEquals(CellType.BOOLEAN, first.getCell(6).getType());
                assertEquals(Boolean.TRUE, first.getCell(6).asBoolean());
                assertEquals(CellType.NUMBER, first.getCell(4).getType(), "a timestamp is an Excel date");
                assertEquals(LocalDateTime.parse("2024-01-01T00:00:00"), first.getCell(4).asDate());
                assertEquals("yyyy-mm-dd hh:mm:ss", first.getCell(4).getDataFormatString());
                assertEquals(LocalDateTime.parse("2024-01-01T00:00:00"), first.getCell(5).asDate());
                assertTrue(first.getOptionalCell(7).map(c -> c.getType() == CellType.EMPTY).orElse(true),
                        "NULL is an empty cell");
                long count = 1;
                Row last = first;
                while (it.hasNext()) {
                    last = it.next();
                    count++;
                }
                assertEquals(XlsxExportChild.ROWS, count);
                assertEquals(new BigDecimal("999999"), last.getCell(0).asNumber());
                assertEquals(new BigDecimal("249999.75"), last.getCell(1).asNumber());
                assertEquals(new BigDecimal("9999.99"), last.getCell(2).asNumber(), "decimals exact");
                assertEquals("name-999999", last.getCell(3).asString());
                assertEquals(LocalDateTime.parse("2024-01-12T13:46:39"), last.getCell(4).asDate());
                assertEquals("tag", last.getCell(7).asString());
            }
        }
    }
}
