package dev.quire.local.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.Fields;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written record encoder writes exactly the bytes Jackson writes for the same cells. */
class JsonRecordsTest {

    private static final JsonFactory FAST_DOUBLES = Json.FACTORY.rebuild()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    /** The records as Fields.write writes them through Jackson, rows separated by commas. */
    private static String jackson(List<Object[]> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = FAST_DOUBLES.createGenerator(bytes)) {
            out.setRootValueSeparator(new SerializedString(","));
            for (Object[] row : rows) {
                out.writeStartArray();
                for (Object value : row) {
                    Fields.write(out, value);
                }
                out.writeEndArray();
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The same records through JsonRecords: strings both as Java strings and as UTF-8 bytes. */
    private static List<String> ours(List<Object[]> rows) {
        JsonRecords generic = new JsonRecords(16);
        JsonRecords typed = new JsonRecords(16);
        for (Object[] row : rows) {
            generic.startRecord();
            typed.startRecord();
            for (Object value : row) {
                generic.field(value);
                if (value instanceof String s) {
                    typed.stringField(s.getBytes(StandardCharsets.UTF_8));
                } else if (value instanceof Long l) {
                    typed.longField(l);
                } else if (value instanceof Double d) {
                    typed.doubleField(d);
                } else if (value instanceof Boolean b) {
                    typed.booleanField(b);
                } else if (value == null) {
                    typed.nullField();
                } else {
                    typed.field(value);
                }
            }
            generic.endRecord();
            typed.endRecord();
        }
        assertEquals(generic.size(), generic.toByteArray().length);
        return List.of(new String(generic.toByteArray(), StandardCharsets.UTF_8),
                new String(typed.toByteArray(), StandardCharsets.UTF_8));
    }

    private static void same(List<Object[]> rows) throws Exception {
        String expected = jackson(rows);
        List<String> actual = ours(rows);
        assertEquals(expected, actual.get(0), "generic");
        assertEquals(expected, actual.get(1), "typed");
    }

    @Test
    void everyKindOfCell() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        same(List.of(
                new Object[] {null, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 7, (short) -3, (byte) 9},
                new Object[] {true, false, 0.0, -0.0, 1.0, 0.1, 1e7, 1e-3, 9.999e-4, 1e22, -1.5e-300, Double.MIN_VALUE,
                    Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.1f, 3.4e38f},
                new Object[] {"", "plain", "quote \" backslash \\ slash / del \u007f", controls.toString(),
                    "né ü € 𝄞 \u2028 \uFEFF", "tab\tné"},
                new Object[] {new byte[0], new byte[] {(byte) 0xAA, 0, 1, (byte) 0xFF}, new BigDecimal("1E-7"),
                    new BigDecimal("12345.678"), new BigInteger("-170141183460469231731687303715884105728"),
                    java.util.UUID.fromString("00000000-0000-0000-0000-000000000001")},
                new Object[] {}));
    }

    @Test
    void randomNumbersAndStrings() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 6) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
                case 2 -> random.nextInt(-100_000, 100_000) / 8.0;
                case 3 -> random.nextInt(-1_000_000, 1_000_000) / 100.0;
                case 4 -> random.nextLong(-100_000_000_000_000L, 100_000_000_000_000L)
                        / Math.pow(10, random.nextInt(0, 16));
                default -> Math.nextAfter(random.nextInt(1, 10_000_000) / Math.pow(10, random.nextInt(0, 10)),
                        random.nextBoolean() ? 1 : -1);
            };
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(0, 12); c > 0; c--) {
                text.appendCodePoint(random.nextInt(8) == 0 ? random.nextInt(0x10000, 0x110000)
                        : random.nextInt(0, 0xD800));
            }
            rows.add(new Object[] {random.nextLong(), d, text.toString(), random.nextBoolean(),
                Arrays.copyOf(new byte[] {1, 2, 3, 4, 5}, random.nextInt(0, 6))});
        }
        same(rows);
    }

    @Test
    void shortDecimalsAtTheEdgesOfTheirRange() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        for (double d : new double[] {1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e7, Math.nextDown(1e7), 9999999.5,
            9999999.99999999, 0.12345678, 0.123456789, 1234567.8901, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100, 0.5, 0.001953125,
            4503599627370496.0, 1e-3 + 1e-12}) {
            rows.add(new Object[] {d, -d});
        }
        for (int m = 1; m <= 100_000; m++) {
            rows.add(new Object[] {m / 1000.0, m / 1e8, m * 97.0 / 1e5, m / 3.0});
        }
        same(rows);
    }

    @Test
    void growsPastItsFirstCapacity() {
        JsonRecords out = new JsonRecords(1);
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 1);
        out.startRecord();
        out.stringField(big);
        out.endRecord();
        assertEquals(2 + "{\"stringValue\":\"\"}".length() + 6 * big.length, out.size());
    }
}
