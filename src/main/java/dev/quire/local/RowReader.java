package dev.quire.local;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Takes a stored result's rows one at a time, in order; returns false to stop. */
public interface RowReader {
    boolean row(ResultSet rows) throws SQLException;
}
