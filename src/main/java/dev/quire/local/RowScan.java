package dev.quire.local;

import java.sql.SQLException;

/** A streaming read of a stored result that continues where the last read stopped. Not thread-safe. */
public interface RowScan extends AutoCloseable {

    /** The row number the next read starts at. */
    long position();

    /** Reads up to limit rows; returns how many were read (fewer at the end, or when the reader stopped). */
    long read(long limit, RowReader reader) throws SQLException;

    @Override
    void close();
}
