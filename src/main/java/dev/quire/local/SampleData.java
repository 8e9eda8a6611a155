package dev.quire.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample data of the local engine: schema {@code taxi} (NYC yellow-cab trips of 2013 and their
 * zones) and schema {@code tpch} (the eight TPC-H tables at scale factor 0.1).
 *
 * <p>The rows are generated inside DuckDB by the script {@code sample-data.sql}, from hashes of
 * row keys, so every run on every machine yields the same data. The whole build runs in one
 * transaction; table comments, written last, mark it complete.
 */
public final class SampleData {

    /** Rows in {@code taxi.trips}. */
    public static final long TRIPS = 1_000_000;

    /** Tables the script creates, schema-qualified. */
    static final List<String> TABLES = List.of(
            "taxi.zones", "taxi.trips",
            "tpch.region", "tpch.nation", "tpch.supplier", "tpch.customer",
            "tpch.part", "tpch.partsupp", "tpch.orders", "tpch.lineitem");

    private static final String SCRIPT = "sample-data.sql";
    private static final String STEP = "-- step ";

    /** Receives the progress of {@link #create}. */
    public interface Progress {
        void step(double fraction, String label);

        Progress NONE = (fraction, label) -> { };
    }

    private SampleData() {
    }

    /**
     * Creates schemas {@code taxi} and {@code tpch} with their tables in the connection's current
     * database, unless a complete copy is already there. Leftovers of an unfinished build are
     * replaced. Commits its own transaction and restores the connection's auto-commit mode.
     */
    public static void create(Connection connection, Progress progress) throws SQLException {
        if (isComplete(connection)) {
            progress.step(1.0, "Sample data ready");
            return;
        }
        List<Step> steps = script(quote(currentDatabase(connection)));
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (Step step : steps) {
                progress.step(step.fraction(), step.label());
                for (String sql : step.statements()) {
                    statement.execute(sql);
                }
            }
            progress.step(0.98, "Saving");
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        progress.step(1.0, "Sample data ready");
    }

    /** True when every sample table exists in the current database and carries its comment. */
    static boolean isComplete(Connection connection) throws SQLException {
        String names = String.join("', '", TABLES);
        String sql = "SELECT count(*) FROM duckdb_tables()"
                + " WHERE database_name = current_database()"
                + " AND schema_name || '.' || table_name IN ('" + names + "')"
                + " AND coalesce(comment, '') <> ''";
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1) == TABLES.size();
        }
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** One progress step of the script and its statements. */
    private record Step(double fraction, String label, List<String> statements) {
    }

    /**
     * Splits the script into steps: a line {@code -- step <fraction> <label>} starts a step, a
     * semicolon at the end of a line ends a statement, other comment lines are dropped.
     */
    private static List<Step> script(String database) {
        String text = load().replace("{db}", database).replace("{trips}", Long.toString(TRIPS));
        List<Step> steps = new ArrayList<>();
        List<String> statements = null;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(STEP)) {
                String[] parts = trimmed.substring(STEP.length()).split(" ", 2);
                statements = new ArrayList<>();
                steps.add(new Step(Double.parseDouble(parts[0]), parts[1], statements));
            } else if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            } else if (statements == null) {
                throw new IllegalStateException(SCRIPT + ": statement before the first step");
            } else {
                statement.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    statements.add(statement.toString().strip());
                    statement.setLength(0);
                }
            }
        }
        if (!statement.toString().isBlank()) {
            throw new IllegalStateException(SCRIPT + ": unterminated statement");
        }
        return steps;
    }

    private static String load() {
        try (InputStream in = SampleData.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
