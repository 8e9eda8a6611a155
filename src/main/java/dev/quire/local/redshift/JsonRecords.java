package dev.quire.local.redshift;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * GetStatementResult records (Field arrays separated by commas) written straight into bytes, with
 * the same text {@link dev.quire.protocol.redshift.Fields#write} gives through Jackson with its fast
 * double writer: the same members, Jackson's escapes (the short ones for \b \t \n \f \r, \\u00XX
 * with upper-case digits for the other controls, characters outside the BMP as their escaped
 * surrogate pair, nothing else escaped), the same digits for every number. Strings can come as
 * UTF-8 bytes, as DuckDB holds them, so no Java string is made for them. Not thread-safe.
 */
final class JsonRecords {

    private static final byte[] NULL = ascii("{\"isNull\":true}");
    private static final byte[] TRUE = ascii("{\"booleanValue\":true}");
    private static final byte[] FALSE = ascii("{\"booleanValue\":false}");
    private static final byte[] LONG = ascii("{\"longValue\":");
    private static final byte[] DOUBLE = ascii("{\"doubleValue\":");
    private static final byte[] STRING = ascii("{\"stringValue\":\"");
    private static final byte[] BLOB = ascii("{\"blobValue\":\"");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final byte[] MIN_LONG = ascii(Long.toString(Long.MIN_VALUE));

    /** For each byte below 0x80: 0 when it stands as it is, else the letter after its backslash ('u' for \\u00XX). */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buffer;
    private int size;
    private long rows;
    private boolean firstField;

    JsonRecords(int capacity) {
        this.buffer = new byte[Math.max(64, capacity)];
    }

    /** The bytes written so far. */
    int size() {
        return size;
    }

    /** The records begun so far. */
    long rows() {
        return rows;
    }

    /** The buffer written into; its first {@link #size} bytes are the records. */
    byte[] buffer() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    void startRecord() {
        ensure(2);
        if (rows++ > 0) {
            buffer[size++] = ',';
        }
        buffer[size++] = '[';
        firstField = true;
    }

    void endRecord() {
        ensure(1);
        buffer[size++] = ']';
    }

    void nullField() {
        separate();
        put(NULL);
    }

    void booleanField(boolean value) {
        separate();
        put(value ? TRUE : FALSE);
    }

    void longField(long value) {
        separate();
        put(LONG);
        putLong(value);
        putByte('}');
    }

    /** A double as Jackson writes it: its shortest digits when finite, else its Java name as a string. */
    void doubleField(double value) {
        separate();
        if (Double.isFinite(value)) {
            put(DOUBLE);
            if (!putShortDecimal(value)) {
                putAscii(NumberOutput.toString(value, true));
            }
            putByte('}');
        } else {
            put(STRING);
            putAscii(Double.toString(value));
            putByte('"');
            putByte('}');
        }
    }

    /** A string given as its UTF-8 bytes (well-formed, as DuckDB keeps every string). */
    void stringField(byte[] utf8) {
        separate();
        put(STRING);
        putEscaped(utf8);
        putByte('"');
        putByte('}');
    }

    void stringField(String value) {
        stringField(value.getBytes(StandardCharsets.UTF_8));
    }

    void blobField(byte[] bytes) {
        separate();
        put(BLOB);
        put(Base64.getEncoder().encode(bytes));
        putByte('"');
        putByte('}');
    }

    /** A cell of any type as {@link dev.quire.protocol.redshift.Fields#write} writes it. */
    void field(Object value) {
        if (value == null) {
            nullField();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            longField(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            doubleField(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            booleanField(b);
        } else if (value instanceof byte[] bytes) {
            blobField(bytes);
        } else if (value instanceof BigDecimal d) {
            stringField(d.toPlainString());
        } else if (value instanceof BigInteger i) {
            stringField(i.toString());
        } else {
            stringField(value.toString());
        }
    }

    private void separate() {
        if (firstField) {
            firstField = false;
        } else {
            putByte(',');
        }
    }

    /**
     * Writes a double of at most 8 decimals between 0.001 and 10^7 (where Java's text of a double
     * has no exponent) as Jackson does, without its general algorithm: digits m at k decimals
     * read back as the double when m / 10^k is that double (m and 10^k are exact, and IEEE division
     * rounds as a decimal parser does); the smallest such k gives the shortest digits, and they are
     * the only ones of their length that read back when the double's ulp is under half of 10^-k,
     * so they are the ones the shortest-digits writer chooses. False, having written nothing, for
     * any other double.
     */
    private boolean putShortDecimal(double value) {
        double a = Math.abs(value);
        if (!(a >= 1e-3 && a < 1e7)) {
            return false;
        }
        double ulp = Math.ulp(a);
        for (int k = 0; k < DECIMALS.length; k++) {
            double scaled = a * DECIMALS[k];
            if (scaled >= 1e15 || ulp * DECIMALS[k] >= 0.5) {
                return false;
            }
            double m = Math.rint(scaled);
            if (m / DECIMALS[k] == a) {
                long digits = (long) m;
                long unit = (long) DECIMALS[k];
                ensure(26);
                if (value < 0) {
                    buffer[size++] = '-';
                }
                putLong(digits / unit);
                buffer[size++] = '.';
                if (k == 0) {
                    buffer[size++] = '0';
                } else {
                    long fraction = digits % unit;
                    for (int at = size + k - 1; at >= size; at--) {
                        buffer[at] = (byte) ('0' + fraction % 10);
                        fraction /= 10;
                    }
                    size += k;
                }
                return true;
            }
        }
        return false;
    }

    private static final double[] DECIMALS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

    private void putLong(long value) {
        if (value == Long.MIN_VALUE) {
            put(MIN_LONG);
            return;
        }
        ensure(20);
        if (value < 0) {
            buffer[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int at = end - 1; at >= size; at--) {
            buffer[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
    }

    private void putEscaped(byte[] utf8) {
        ensure(utf8.length);
        int from = 0;
        for (int at = 0; at < utf8.length; at++) {
            int b = utf8[at];
            if (b < 0) {
                if ((b & 0xF8) == 0xF0 && at + 3 < utf8.length) {
                    // outside the BMP: Jackson writes the surrogate pair, escaped
                    int plain = at - from;
                    ensure(plain + 12);
                    System.arraycopy(utf8, from, buffer, size, plain);
                    size += plain;
                    int code = (b & 0x07) << 18 | (utf8[at + 1] & 0x3F) << 12 | (utf8[at + 2] & 0x3F) << 6
                            | utf8[at + 3] & 0x3F;
                    putUnicodeEscape(Character.highSurrogate(code));
                    putUnicodeEscape(Character.lowSurrogate(code));
                    at += 3;
                    from = at + 1;
                }
            } else if (ESCAPES[b] != 0) {
                int plain = at - from;
                ensure(plain + 6);
                System.arraycopy(utf8, from, buffer, size, plain);
                size += plain;
                byte escape = ESCAPES[b];
                buffer[size++] = '\\';
                buffer[size++] = escape;
                if (escape == 'u') {
                    buffer[size++] = '0';
                    buffer[size++] = '0';
                    buffer[size++] = HEX[b >> 4];
                    buffer[size++] = HEX[b & 0xF];
                }
                from = at + 1;
            }
        }
        int plain = utf8.length - from;
        ensure(plain);
        System.arraycopy(utf8, from, buffer, size, plain);
        size += plain;
    }

    private void putUnicodeEscape(char c) {
        buffer[size++] = '\\';
        buffer[size++] = 'u';
        buffer[size++] = HEX[c >> 12 & 0xF];
        buffer[size++] = HEX[c >> 8 & 0xF];
        buffer[size++] = HEX[c >> 4 & 0xF];
        buffer[size++] = HEX[c & 0xF];
    }

    private void putAscii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void putByte(char b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                if ((long) size + more > Integer.MAX_VALUE - 8) {
                    throw new OutOfMemoryError("a page of records over 2 GB");
                }
                wanted = Integer.MAX_VALUE - 8;
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
