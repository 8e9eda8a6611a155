package dev.quire.service;

import java.util.List;
import java.util.Objects;

/**
 * Which rows a {@link ResultView} keeps, evaluated by the spill store. Columns are result column
 * indexes; {@link #ANY_COLUMN} searches every column. Values are bound as parameters, never spliced.
 */
public sealed interface RowFilter {

    int ANY_COLUMN = -1;

    /** Keeps every row. */
    RowFilter NONE = new All(List.of());

    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    /** The column's text contains the given text, ignoring case. */
    record Contains(int column, String text) implements RowFilter {
        public Contains {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A typed comparison: numbers with numbers, booleans with booleans, text by code point. The
     * value may be given as text (what a user typed); it is parsed for the column's type.
     */
    record Compare(int column, Op op, Object value) implements RowFilter {
        public Compare {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The column is NULL, or with isNull false, is not. */
    record Null(int column, boolean isNull) implements RowFilter {
    }

    /** Every one of the filters holds. */
    record All(List<RowFilter> filters) implements RowFilter {
        public All {
            filters = List.copyOf(filters);
        }
    }

    static RowFilter contains(int column, String text) {
        return new Contains(column, text);
    }

    static RowFilter compare(int column, Op op, Object value) {
        return new Compare(column, op, value);
    }

    static RowFilter isNull(int column) {
        return new Null(column, true);
    }

    static RowFilter notNull(int column) {
        return new Null(column, false);
    }

    static RowFilter all(RowFilter... filters) {
        return new All(List.of(filters));
    }
}
