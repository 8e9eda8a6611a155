package dev.quire.ui.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.model.Column;
import dev.quire.model.Tsv;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Result rows as text to copy: TSV, CSV, Markdown, JSON or SQL INSERT statements. Values keep
 * their full precision (the store's values, not what a cell shows). No toolkit in here.
 */
public final class RowsText {

    public enum Format {
        TSV("TSV"), CSV("CSV"), MARKDOWN("Markdown"), JSON("JSON"), INSERT("SQL INSERT");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The rows in the format, with a header where the format has one; table names the INSERT's table. */
    public static String format(Format format, String table, List<Column> columns, List<Object[]> rows) {
        return switch (format) {
            case TSV -> tsv(columns, rows);
            case CSV -> csv(columns, rows);
            case MARKDOWN -> markdown(columns, rows);
            case JSON -> json(columns, rows);
            case INSERT -> insert(table, columns, rows);
        };
    }

    /** A header line and one line per row; tabs and line breaks inside values become spaces, NULL empty. */
    public static String tsv(List<Column> columns, List<Object[]> rows) {
        StringBuilder text = new StringBuilder();
        text.append(String.join("\t", names(columns))).append('\n');
        for (Object[] row : rows) {
            text.append(tsvLine(row)).append('\n');
        }
        return text.toString();
    }

    /** The values as one TSV line, without its line break. */
    public static String tsvLine(Object[] values) {
        return Tsv.row(values);
    }

    /** RFC 4180: values with commas, quotes, line breaks or edge spaces are quoted, quotes doubled; NULL empty. */
    public static String csv(List<Column> columns, List<Object[]> rows) {
        StringBuilder text = new StringBuilder();
        csvLine(text, names(columns).toArray());
        for (Object[] row : rows) {
            csvLine(text, row);
        }
        return text.toString();
    }

    private static void csvLine(StringBuilder text, Object[] values) {
        for (int c = 0; c < values.length; c++) {
            if (c > 0) {
                text.append(',');
            }
            String value = plain(values[c]);
            boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n")
                    || value.contains("\r") || !value.equals(value.strip());
            text.append(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
        }
        text.append('\n');
    }

    /** A Markdown table: numbers right-aligned, {@code |} escaped, line breaks as {@code <br>}, NULL as NULL. */
    public static String markdown(List<Column> columns, List<Object[]> rows) {
        StringBuilder text = new StringBuilder("|");
        for (String name : names(columns)) {
            text.append(' ').append(markdownCell(name)).append(" |");
        }
        text.append("\n|");
        for (Column column : columns) {
            text.append(column.isNumeric() ? " ---: |" : " --- |");
        }
        text.append('\n');
        for (Object[] row : rows) {
            text.append('|');
            for (Object value : row) {
                text.append(' ').append(value == null ? "NULL" : markdownCell(plain(value))).append(" |");
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String markdownCell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")
                .replace("\r", "<br>");
    }

    /** An array of objects, one per row: numbers as numbers, booleans as booleans, NULL as null, bytes in Base64. */
    public static String json(List<Column> columns, List<Object[]> rows) {
        ArrayNode array = JSON.createArrayNode();
        for (Object[] row : rows) {
            ObjectNode object = array.addObject();
            for (int c = 0; c < columns.size(); c++) {
                Object value = c < row.length ? row[c] : null;
                String name = columns.get(c).name();
                BigDecimal number = number(value, columns.get(c));
                if (value == null) {
                    object.putNull(name);
                } else if (number != null) {
                    object.put(name, number);
                } else if (value instanceof Boolean b) {
                    object.put(name, b);
                } else if (value instanceof byte[] bytes) {
                    object.put(name, bytes);
                } else {
                    object.put(name, plain(value));
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One INSERT per row into the table (or {@code result} when the name is blank), with the
     * columns' names: NULL, numbers and booleans bare, bytes as X'..', anything else (text, dates,
     * timestamps) single-quoted with quotes doubled.
     */
    public static String insert(String table, List<Column> columns, List<Object[]> rows) {
        String into = "INSERT INTO " + identifier(table == null || table.isBlank() ? "result" : table) + " ("
                + String.join(", ", names(columns).stream().map(RowsText::identifier).toList()) + ") VALUES (";
        StringBuilder text = new StringBuilder();
        for (Object[] row : rows) {
            text.append(into);
            for (int c = 0; c < columns.size(); c++) {
                text.append(c == 0 ? "" : ", ").append(literal(c < row.length ? row[c] : null, columns.get(c)));
            }
            text.append(");\n");
        }
        return text.toString();
    }

    /** The value as a SQL literal for a column of that type. */
    public static String literal(Object value, Column column) {
        if (value == null) {
            return "NULL";
        }
        BigDecimal number = number(value, column);
        if (number != null) {
            return number.toString();
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof byte[] bytes) {
            return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
        }
        return "'" + plain(value).replace("'", "''") + "'";
    }

    /** A name as it is when it is a plain identifier, else double-quoted. */
    static String identifier(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The table name a result tab's title gives, when it is one ("orders", "orders (2)"); else null. */
    public static String tableName(String tabTitle) {
        if (tabTitle == null) {
            return null;
        }
        String name = tabTitle.replaceFirst(" \\(\\d+\\)$", "");
        return IDENTIFIER.matcher(name).matches() ? name : null;
    }

    /** The value in full as text: NULL empty, bytes in Base64, decimals without exponent. */
    public static String plain(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** The value as an exact number, when it is a finite number (or a numeric column's text); else null. */
    private static BigDecimal number(Object value, Column column) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(value.toString()) : null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String text && column.isNumeric()) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private RowsText() {
    }
}
