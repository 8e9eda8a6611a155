package dev.quire.local.athena;

import dev.quire.local.ResultColumn;
import dev.quire.local.RowScan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cells of a stored result in Athena's text form ({@link AthenaTypes}), read with each type's
 * own getter and handed to a writer of GetQueryResults pages or of the result CSV: strings and
 * timestamps as the UTF-8 bytes of DuckDB's text, numbers and booleans unboxed, the rest as text.
 */
final class AthenaCells {

    /** Takes one row's cells in order. */
    interface Sink {
        void nullCell();

        /** Text as its UTF-8 bytes. */
        void utf8Cell(byte[] utf8);

        void textCell(String text);

        void longCell(long value);

        /** A double, as {@link dev.quire.local.TextBytes#javaText(double)} prints it. */
        void doubleCell(double value);

        void booleanCell(boolean value);
    }

    private final AthenaTypes.Kind[] kinds;
    private final boolean[] utf8;
    private final List<RowScan.Form> forms;

    AthenaCells(List<ResultColumn> columns) {
        int width = columns.size();
        kinds = new AthenaTypes.Kind[width];
        utf8 = new boolean[width];
        List<RowScan.Form> read = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            AthenaTypes.Mapped type = AthenaTypes.map(columns.get(c));
            RowScan.Form form = AthenaTypes.form(columns.get(c), type);
            kinds[c] = type.kind();
            utf8[c] = form == RowScan.Form.UTF8;
            read.add(form);
        }
        forms = List.copyOf(read);
    }

    /** How the scan hands over each column's cells. */
    List<RowScan.Form> forms() {
        return forms;
    }

    /** The row the result set stands on, cell by cell. */
    void row(ResultSet rows, Sink out) throws SQLException {
        for (int c = 0; c < kinds.length; c++) {
            cell(rows, c + 1, kinds[c], utf8[c], out);
        }
    }

    private static void cell(ResultSet rows, int column, AthenaTypes.Kind kind, boolean utf8, Sink out)
            throws SQLException {
        if (utf8) {
            byte[] text = rows.getBytes(column);
            if (text == null) {
                out.nullCell();
            } else {
                out.utf8Cell(kind == AthenaTypes.Kind.TIMESTAMP ? timestamp(text) : text);
            }
            return;
        }
        switch (kind) {
            case INTEGER -> {
                long value = rows.getLong(column);
                if (rows.wasNull()) {
                    out.nullCell();
                } else {
                    out.longCell(value);
                }
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                if (rows.wasNull()) {
                    out.nullCell();
                } else {
                    out.doubleCell(value);
                }
            }
            case BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                if (rows.wasNull()) {
                    out.nullCell();
                } else {
                    out.booleanCell(value);
                }
            }
            default -> {
                String text = AthenaTypes.text(rows, column, kind);
                if (text == null) {
                    out.nullCell();
                } else {
                    out.textCell(text);
                }
            }
        }
    }

    /**
     * A timestamp in DuckDB's text ({@code 2024-01-31 17:33:51.5}) in Athena's: its fraction of a
     * second with three digits, or six or nine when it has more ({@code 2024-01-31 17:33:51.500}).
     * Text of another shape (infinity, years before Christ) is DuckDB's.
     */
    static byte[] timestamp(byte[] duck) {
        int space = indexOf(duck, (byte) ' ');
        int seconds = space + 9;
        if (space < 0 || duck.length < seconds || !clock(duck, space + 1)) {
            return duck;
        }
        int digits = duck.length - seconds - 1;
        if (digits >= 0) {
            if (duck[seconds] != '.' || digits > 9) {
                return duck;
            }
            for (int i = seconds + 1; i < duck.length; i++) {
                if (duck[i] < '0' || duck[i] > '9') {
                    return duck;
                }
            }
        }
        int shown = digits <= 3 ? 3 : digits <= 6 ? 6 : 9;
        if (digits == shown) {
            return duck;
        }
        byte[] text = Arrays.copyOf(duck, seconds + 1 + shown);
        text[seconds] = '.';
        Arrays.fill(text, seconds + 1 + Math.max(0, digits), text.length, (byte) '0');
        return text;
    }

    /** Whether HH:MM:SS stands at from. */
    private static boolean clock(byte[] text, int from) {
        for (int i = 0; i < 8; i++) {
            byte b = text[from + i];
            boolean ok = i % 3 == 2 ? b == ':' : b >= '0' && b <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] text, byte wanted) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
