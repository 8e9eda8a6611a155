package dev.quire.local.athena;

import dev.quire.local.TextBytes;

/**
 * The rows of a GetQueryResults page ({"Data":[...]} objects separated by commas, each value a
 * VarCharValue, NULL an empty Datum) written straight into bytes, with the text Jackson writes for
 * the same strings. Not thread-safe.
 */
final class AthenaRows extends TextBytes implements AthenaCells.Sink {

    private static final byte[] ROW = ascii("{\"Data\":[");
    private static final byte[] ROW_END = ascii("]}");
    private static final byte[] NULL = ascii("{}");
    private static final byte[] VALUE = ascii("{\"VarCharValue\":\"");
    private static final byte[] VALUE_END = ascii("\"}");
    private static final byte[] TRUE = ascii("{\"VarCharValue\":\"true\"}");
    private static final byte[] FALSE = ascii("{\"VarCharValue\":\"false\"}");

    private long rows;

    AthenaRows(int capacity) {
        super(capacity);
    }

    /** The rows begun so far. */
    long rows() {
        return rows;
    }

    /** Text that needs no escapes (the page's own members), as it is. */
    void raw(String ascii) {
        putAscii(ascii);
    }

    void raw(byte[] bytes) {
        put(bytes);
    }

    /** A JSON string: the text in quotes, escaped. */
    void string(String text) {
        putByte('"');
        putEscaped(text);
        putByte('"');
    }

    void startRow() {
        if (rows++ > 0) {
            putByte(',');
        }
        put(ROW);
        startItems();
    }

    void endRow() {
        put(ROW_END);
    }

    @Override
    public void nullCell() {
        separate();
        put(NULL);
    }

    /** A value given as Java text (null for SQL NULL). */
    @Override
    public void textCell(String text) {
        if (text == null) {
            nullCell();
            return;
        }
        separate();
        put(VALUE);
        putEscaped(text);
        put(VALUE_END);
    }

    /** A value given as its UTF-8 bytes (well-formed, as DuckDB keeps every string; null for SQL NULL). */
    @Override
    public void utf8Cell(byte[] utf8) {
        if (utf8 == null) {
            nullCell();
            return;
        }
        separate();
        put(VALUE);
        putEscaped(utf8);
        put(VALUE_END);
    }

    @Override
    public void longCell(long value) {
        separate();
        put(VALUE);
        putLong(value);
        put(VALUE_END);
    }

    @Override
    public void doubleCell(double value) {
        separate();
        put(VALUE);
        putJavaDouble(value);
        put(VALUE_END);
    }

    @Override
    public void booleanCell(boolean value) {
        separate();
        put(value ? TRUE : FALSE);
    }
}
