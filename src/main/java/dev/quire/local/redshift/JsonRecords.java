package dev.quire.local.redshift;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.quire.local.TextBytes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * GetStatementResult records (Field arrays separated by commas) written straight into bytes, with
 * the same text {@link dev.quire.protocol.redshift.Fields#write} gives through Jackson with its fast
 * double writer: the same members, escapes and digits for every number. Not thread-safe.
 */
final class JsonRecords extends TextBytes {

    private static final byte[] NULL = ascii("{\"isNull\":true}");
    private static final byte[] TRUE = ascii("{\"booleanValue\":true}");
    private static final byte[] FALSE = ascii("{\"booleanValue\":false}");
    private static final byte[] LONG = ascii("{\"longValue\":");
    private static final byte[] DOUBLE = ascii("{\"doubleValue\":");
    private static final byte[] STRING = ascii("{\"stringValue\":\"");
    private static final byte[] BLOB = ascii("{\"blobValue\":\"");

    private long rows;

    JsonRecords(int capacity) {
        super(capacity);
    }

    /** The records begun so far. */
    long rows() {
        return rows;
    }

    void startRecord() {
        if (rows++ > 0) {
            putByte(',');
        }
        putByte('[');
        startItems();
    }

    void endRecord() {
        putByte(']');
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

}
