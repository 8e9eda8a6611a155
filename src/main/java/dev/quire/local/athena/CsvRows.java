package dev.quire.local.athena;

import dev.quire.local.TextBytes;

/**
 * Rows of a result CSV as Athena writes it, straight into bytes: every value in quotes (a quote in
 * it doubled), NULL an empty field, values separated by commas, rows ended by a newline. Not
 * thread-safe.
 */
final class CsvRows extends TextBytes implements AthenaCells.Sink {

    private static final byte[] TRUE = ascii("\"true\"");
    private static final byte[] FALSE = ascii("\"false\"");


    CsvRows(int capacity) {
        super(capacity);
    }

    void endRow() {
        putByte('\n');
        startItems();
    }

    @Override
    public void nullCell() {
        separate();
    }

    @Override
    public void utf8Cell(byte[] utf8) {
        separate();
        putByte('"');
        putCsvQuoted(utf8);
        putByte('"');
    }

    @Override
    public void textCell(String text) {
        utf8Cell(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void longCell(long value) {
        separate();
        putByte('"');
        putLong(value);
        putByte('"');
    }

    @Override
    public void doubleCell(double value) {
        separate();
        putByte('"');
        putJavaDouble(value);
        putByte('"');
    }

    @Override
    public void booleanCell(boolean value) {
        separate();
        put(value ? TRUE : FALSE);
    }
}
