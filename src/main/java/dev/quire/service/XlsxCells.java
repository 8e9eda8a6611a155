package dev.quire.service;

import dev.quire.model.Column;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.dhatim.fastexcel.Worksheet;

/** One cell of an Excel export, typed by the result's column: numbers, booleans, dates and timestamps as such. */
final class XlsxCells {

    /** Excel keeps at most this many characters in a cell. */
    static final int MAX_TEXT = 32_767;

    private XlsxCells() {
    }

    static void put(Worksheet sheet, int row, int column, Column type, SpillTable.Kind kind, Object value) {
        if (value == null) {
            return;
        }
        switch (kind) {
            case LONG -> sheet.value(row, column, (Long) value);
            case DOUBLE -> {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    sheet.value(row, column, d);
                } else {
                    sheet.value(row, column, Double.toString(d));
                }
            }
            case BOOL -> sheet.value(row, column, (Boolean) value);
            case NUMERIC -> {
                try {
                    sheet.value(row, column, new BigDecimal((String) value));
                } catch (NumberFormatException e) {
                    text(sheet, row, column, value.toString());
                }
            }
            case BLOB -> text(sheet, row, column, hex((byte[]) value));
            case TEXT -> temporal(sheet, row, column, type, (String) value);
        }
    }

    /** A date or timestamp column's text as an Excel date, where it reads as one; else the text. */
    private static void temporal(Worksheet sheet, int row, int column, Column type, String text) {
        String name = type.typeName() == null ? "" : type.typeName().toLowerCase(Locale.ROOT);
        try {
            if (name.startsWith("timestamp") && !name.contains("tz") && !name.contains("zone")) {
                sheet.value(row, column, LocalDateTime.parse(text.replace(' ', 'T')));
                sheet.style(row, column).format("yyyy-mm-dd hh:mm:ss").set();
                return;
            }
            if (name.equals("date")) {
                sheet.value(row, column, LocalDate.parse(text));
                sheet.style(row, column).format("yyyy-mm-dd").set();
                return;
            }
        } catch (DateTimeParseException e) {
            // a value Excel cannot hold as a date (a BC year, infinity): kept as its text
        }
        text(sheet, row, column, text);
    }

    private static void text(Worksheet sheet, int row, int column, String text) {
        sheet.value(row, column, text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT));
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2 + 2).append("0x");
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }
}
