package dev.quire.local;

import java.sql.SQLException;

/** A streaming read of a stored result that continues where the last read stopped. Not thread-safe. */
public interface RowScan extends AutoCloseable {

    /** How a scan hands over a column's cells. */
    enum Form {
        /** As the stored value, typed. */
        VALUE,
        /** As DuckDB's text of the value (a VARCHAR). */
        TEXT,
        /** As the UTF-8 bytes of DuckDB's text of the value (a BLOB, read with getBytes). */
        UTF8
    }

    /** The row number the next read starts at. */
    long position();

    /** Reads up to limit rows; returns how many were read (fewer at the end, or when the reader stopped). */
    long read(long limit, RowReader reader) throws SQLException;

    @Override
    void close();
}
