package dev.quire.local.dremio;

import dev.quire.local.LocalEngine;
import dev.quire.local.Phase;
import dev.quire.local.StatementSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sys.jobs_recent}: the Dremio jobs of the retention period, one row each, with the columns
 * of Dremio's table of that name, in the in-memory DuckDB catalog {@code sys}. Filled from the
 * engine's jobs when it starts (so it survives restarts as the jobs do) and kept current as jobs
 * are submitted, start and end; a job dropped at the end of its retention leaves it.
 */
final class JobsTable implements AutoCloseable {

    static final String CATALOG = "sys";
    private static final String TABLE = CATALOG + ".main.jobs_recent";
    private static final List<String> TIMES = List.of("submitted", "attempt_started", "metadata_retrieval",
            "planning_start", "query_enqueued", "engine_start", "execution_planning", "execution_start",
            "final_state");

    private final Connection connection;
    private final PreparedStatement update;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    /** How far each job's row has come; a row never goes back (the calls that put it may come out of order). */
    private final Map<String, Integer> progress = new HashMap<>();
    /** Once closed, ends heard as the engine stops are dropped: the table is built again at the next start. */
    private boolean closed;

    JobsTable(LocalEngine engine) throws SQLException {
        engine.attachCatalog(CATALOG);
        this.connection = engine.connect();
        List<String> columns = new ArrayList<>(List.of("job_id VARCHAR", "status VARCHAR", "query_type VARCHAR",
                "user_name VARCHAR", "queried_datasets VARCHAR", "scanned_datasets VARCHAR", "attempt_count INTEGER"));
        TIMES.forEach(time -> columns.add(time + "_ts TIMESTAMP"));
        TIMES.forEach(time -> columns.add(time + "_epoch_millis BIGINT"));
        columns.addAll(List.of("planner_estimated_cost DOUBLE", "rows_scanned BIGINT", "bytes_scanned BIGINT",
                "rows_returned BIGINT", "bytes_returned BIGINT", "accelerated BOOLEAN", "queue_name VARCHAR",
                "engine VARCHAR", "error_msg VARCHAR", "query VARCHAR", "is_profile_incomplete BOOLEAN",
                "execution_allocated_bytes BIGINT", "execution_cpu_time_millis BIGINT"));
        List<String> names = columns.stream().map(c -> c.substring(0, c.indexOf(' '))).toList();
        try (Statement statement = connection.createStatement()) {
            // no key: DuckDB refuses a deleted key again while older transactions run, so rows are updated in place
            statement.execute("CREATE OR REPLACE TABLE " + TABLE + " (" + String.join(", ", columns) + ")");
        }
        this.update = connection.prepareStatement("UPDATE " + TABLE + " SET " + String.join(", ",
                names.subList(1, names.size()).stream().map(n -> n + " = ?").toList()) + " WHERE job_id = ?");
        this.insert = connection.prepareStatement("INSERT INTO " + TABLE + " (" + String.join(", ",
                names.subList(1, names.size())) + ", job_id) VALUES (" + "?, ".repeat(names.size() - 1) + "?)");
        this.delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE job_id = ?");
    }

    /** Puts a job's row as the job is now. */
    synchronized void put(StatementSnapshot job) {
        int rank = job.isFinal() ? 3 : job.status() == Phase.RUNNING ? 2 : job.status() == Phase.PICKED ? 1 : 0;
        if (closed || progress.getOrDefault(job.id(), -1) > rank) {
            return;
        }
        progress.put(job.id(), rank);
        try {
            bind(update, job);
            if (update.executeUpdate() == 0) {
                bind(insert, job);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            System.getLogger(JobsTable.class.getName()).log(System.Logger.Level.WARNING,
                    "could not record job " + job.id() + " in sys.jobs_recent", e);
        }
    }

    /** Binds every column but job_id in order, then job_id last. */
    private static void bind(PreparedStatement row, StatementSnapshot job) throws SQLException {
        int i = 1;
        row.setString(i++, DremioApi.state(job).name());
        row.setString(i++, DremioApi.QUERY_TYPE);
        row.setString(i++, DremioApi.USER);
        row.setString(i++, "");
        row.setString(i++, "");
        row.setInt(i++, 1);
        Instant start = job.status() == Phase.RUNNING ? job.updatedAt()
                : job.isFinal() && job.durationNanos() > 0 ? job.updatedAt().minusNanos(job.durationNanos()) : null;
        Instant end = job.isFinal() ? job.updatedAt() : null;
        Instant[] times = {job.createdAt(), start, start, start, start, start, start, start, end};
        for (Instant time : times) {
            if (time == null) {
                row.setNull(i++, Types.TIMESTAMP);
            } else {
                row.setObject(i++, Timestamp.valueOf(time.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            }
        }
        for (Instant time : times) {
            if (time == null) {
                row.setNull(i++, Types.BIGINT);
            } else {
                row.setLong(i++, time.toEpochMilli());
            }
        }
        boolean rows = job.status() == Phase.FINISHED && job.hasResultSet();
        row.setDouble(i++, 0);
        row.setLong(i++, 0);
        row.setLong(i++, 0);
        row.setLong(i++, rows ? Math.max(0, job.resultRows()) : 0);
        row.setLong(i++, rows ? Math.max(0, job.resultSize()) : 0);
        row.setBoolean(i++, false);
        row.setString(i++, "");
        row.setString(i++, "");
        row.setString(i++, job.status() == Phase.FAILED ? DremioApi.failure(job) : "");
        row.setString(i++, job.sql());
        row.setBoolean(i++, false);
        row.setLong(i++, 0);
        row.setLong(i++, Math.max(0, job.durationNanos()) / 1_000_000);
        row.setString(i, job.id());
    }

    synchronized void remove(String id) {
        progress.remove(id);
        if (closed) {
            return;
        }
        try {
            delete.setString(1, id);
            delete.execute();
        } catch (SQLException e) {
            System.getLogger(JobsTable.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove job " + id + " from sys.jobs_recent", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try (connection; update; insert; delete) {
            // closes all three
        } catch (SQLException e) {
            System.getLogger(JobsTable.class.getName()).log(System.Logger.Level.DEBUG, "closing sys.jobs_recent", e);
        }
    }
}
