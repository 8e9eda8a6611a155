package dev.quire.local;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text written straight into a growing byte buffer: JSON strings with Jackson's escapes (the short
 * ones for \b \t \n \f \r, \\u00XX with upper-case digits for the other controls, characters
 * outside the BMP as their escaped surrogate pair, nothing else escaped), CSV fields, and numbers
 * with Jackson's digits. Strings can come as UTF-8 bytes, as DuckDB holds them, so no Java string
 * is made for them. The base of the local server's page and file encoders. Not thread-safe.
 */
public abstract class TextBytes {

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
    private boolean firstItem = true;

    protected TextBytes(int capacity) {
        this.buffer = new byte[Math.max(64, capacity)];
    }

    /** The bytes written so far. */
    public final int size() {
        return size;
    }

    /** The buffer written into; its first {@link #size} bytes are what was written. */
    public final byte[] buffer() {
        return buffer;
    }

    public final byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Starts a list (a record's fields, a row's cells): its first item gets no comma before it. */
    protected final void startItems() {
        firstItem = true;
    }

    /** A comma before every item of the list but its first. */
    protected final void separate() {
        if (firstItem) {
            firstItem = false;
        } else {
            putByte(',');
        }
    }

    /** Writes what was written to out and empties the buffer. */
    public final void drainTo(OutputStream out) throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    /**
     * Java's text of a double with the shortest digits that read back as it (as Java prints it
     * since JDK 19, and Jackson's fast writer does): {@code 2.5}, {@code 0.001}, {@code 1.0E20},
     * {@code NaN}, {@code -Infinity}.
     */
    public static String javaText(double value) {
        return Double.isFinite(value) ? NumberOutput.toString(value, true) : Double.toString(value);
    }

    /** As {@link #javaText(double)}, for a float. */
    public static String javaText(float value) {
        return Float.isFinite(value) ? NumberOutput.toString(value, true) : Float.toString(value);
    }

    /** {@link #javaText(double)}, written. */
    protected final void putJavaDouble(double value) {
        if (!putShortDecimal(value)) {
            putAscii(javaText(value));
        }
    }

    /** A CSV field's content (between its quotes) given as UTF-8 bytes: every quote doubled. */
    protected final void putCsvQuoted(byte[] utf8) {
        ensure(utf8.length);
        int from = 0;
        for (int at = 0; at < utf8.length; at++) {
            if (utf8[at] == '"') {
                put(utf8, from, at + 1 - from);
                putByte('"');
                from = at + 1;
            }
        }
        put(utf8, from, utf8.length - from);
    }

    /** A string's content (between its quotes) given as Java text. */
    protected final void putEscaped(String text) {
        putEscaped(text.getBytes(StandardCharsets.UTF_8));
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
    protected final boolean putShortDecimal(double value) {
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

    protected final void putLong(long value) {
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

    protected final void putEscaped(byte[] utf8) {
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

    protected final void putAscii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    protected final void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    protected final void put(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    protected final void putByte(char b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    protected final void ensure(int more) {
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

    protected static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
