package dev.quire.client.athena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    static CsvRecords records(String csv, int chunk) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return new CsvRecords(new Trickle(bytes, chunk), 0);
    }

    /** Every record of the text, read through reads of at most chunk bytes. */
    static List<List<String>> all(String csv, int chunk) throws Exception {
        CsvRecords in = records(csv, chunk);
        List<List<String>> out = new ArrayList<>();
        List<String> values = new ArrayList<>();
        while (in.next(values)) {
            out.add(new ArrayList<>(values));
        }
        assertTrue(in.atEnd());
        assertEquals(csv.getBytes(StandardCharsets.UTF_8).length, in.offset(), "every byte counted");
        return out;
    }

    @Test
    void quotedValuesNullsEmptiesAndLineBreaks() throws Exception {
        String csv = "\"id\",\"text\",\"note\"\n"
                + "\"1\",\"plain\",\n"
                + "\"2\",\"\",\"say \"\"hi\"\"\"\n"
                + "\"3\",\"two\nlines, and a comma\",\"caf\u00e9 \u20ac\"\n"
                + ",,\n";
        List<List<String>> expected = List.of(List.of("id", "text", "note"), Arrays.asList("1", "plain", null),
                List.of("2", "", "say \"hi\""), List.of("3", "two\nlines, and a comma", "caf\u00e9 \u20ac"),
                Arrays.asList(null, null, null));
        for (int chunk : new int[] {1, 2, 3, 7, 64 * 1024}) {
            assertEquals(expected, all(csv, chunk), "reads of " + chunk + " bytes");
        }
    }

    @Test
    void crlfAndAMissingLastLineEndAreRecordEnds() throws Exception {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), all("\"a\",\"b\"\r\n\"c\",\"d\"", 1));
        assertEquals(List.of(List.of("a"), Arrays.asList((String) null)), all("\"a\"\n\n", 5));
        assertEquals(List.of(), all("", 5));
    }

    @Test
    void offsetsNameEachRecordsFirstByte() throws Exception {
        String csv = "\"h\"\n\"\u00e9\u00e9\"\n\"x\ny\"\n\"z\"\n";
        CsvRecords in = records(csv, 2);
        List<String> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        while (in.next(values)) {
            offsets.add(in.offset());
        }
        assertEquals(List.of(4L, 11L, 17L, 21L), offsets);
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        CsvRecords resumed = new CsvRecords(new ByteArrayInputStream(bytes, 11, bytes.length - 11), 11);
        assertTrue(resumed.next(values));
        assertEquals(List.of("x\ny"), values);
        assertEquals(17, resumed.offset());
    }

    @Test
    void malformedFilesAreRefusedWithTheirPlace() {
        for (String bad : List.of("\"a\",\"b\n", "\"a\"x\n", "\"a\",b\"c\n", "\"a\"\r\"b\"\n")) {
            CsvRecords in = records(bad, 3);
            CsvRecords.MalformedCsv e = assertThrows(CsvRecords.MalformedCsv.class, () -> {
                List<String> values = new ArrayList<>();
                while (in.next(values)) {
                    assertFalse(values.isEmpty());
                }
            }, bad);
            assertTrue(e.getMessage().contains(" at byte "), e.getMessage());
        }
    }

    @Test
    void unquotedValuesAreReadAsText() throws Exception {
        assertEquals(List.of(List.of("1", "x y"), Arrays.asList(null, "2")), all("1,x y\n,2\n", 4));
    }

    /** A stream that hands out at most chunk bytes a read. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int pos;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
