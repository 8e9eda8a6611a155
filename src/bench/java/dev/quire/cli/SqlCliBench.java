package dev.quire.cli;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;
import static dev.quire.bench.Bench.seconds;

import dev.quire.bench.Bench;
import dev.quire.model.Csv;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.zip.CRC32;

/**
 * quire sql printing 1,000,000 rows as CSV (in-process, start to exit: the local engine and server
 * in a data folder of its own, the statement over the Redshift Data API, every page printed) against
 * a small program printing the same CSV from an in-memory DuckDB over JDBC, side by side in each
 * round; both write to /dev/null through a stream that counts and checksums, which must agree. Also quire sql
 * "select 1" start to exit, in-process (the JVM's own start is not in it).
 */
public final class SqlCliBench implements Bench.Benchmark {

    static final String QUIRE = "quire sql";
    static final String JDBC = "DuckDB JDBC";
    static final String SELECT_1 = "quire sql select 1";
    static final String WHOLE = "start → every row printed";

    private final int rows = Bench.intSetting("bench.sqlcli.rows", 1_000_000);

    @Override
    public String name() {
        return "SqlCliBench";
    }

    String sql() {
        return "select i::bigint as id, (i * 0.25)::double as amount, 'row-' || i as label, i % 3 = 0 as flag, "
                + "case when i % 10 = 0 then null else 'say \"' || (i % 100) || '\", twice' end as note "
                + "from range(" + rows + ") t(i)";
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "quire sql of %,d rows as CSV to /dev/null against DuckDB over JDBC printing the same CSV, and"
                        + " quire sql \"select 1\", each in-process from start to exit", rows))
                .contenders(QUIRE, JDBC, SELECT_1);
        Path home = Files.createTempDirectory("quire-bench-sqlcli-");
        long[] seen = {-1, 0};
        long[] writes = {0, 0};
        try {
            Bench.interleave(List.of(QUIRE, JDBC, SELECT_1), Bench.warmups(), Bench.rounds(),
                    (contender, round, measured) -> {
                        Sink sink = new Sink();
                        long cpu0 = cpu();
                        long t0 = System.nanoTime();
                        try (sink) {
                            switch (contender) {
                                case QUIRE -> quire(home, sql(), sink);
                                case JDBC -> jdbc(sql(), sink);
                                default -> quire(home, "select 1", sink);
                            }
                        }
                        long took = System.nanoTime() - t0;
                        long cpu = cpu() - cpu0;
                        if (contender.equals(SELECT_1)) {
                            check(sink.text().equals("1" + System.lineSeparator() + "1" + System.lineSeparator()),
                                    "select 1 printed %s", sink.text());
                            Bench.log("%-20s %.1f ms", contender, millis(took));
                            if (measured) {
                                result.add(contender, "start → exit", "ms", millis(took));
                            }
                            return;
                        }
                        check(seen[0] < 0 || (seen[0] == sink.bytes && seen[1] == sink.crc.getValue()),
                                "%s printed %,d bytes (crc %x), the other %,d (crc %x); it began: %s", contender,
                                sink.bytes, sink.crc.getValue(), seen[0], seen[1], sink.text());
                        writes[contender.equals(QUIRE) ? 0 : 1] = sink.writes;
                        seen[0] = sink.bytes;
                        seen[1] = sink.crc.getValue();
                        Bench.log("%-20s %,d bytes in %.3f s (CPU %.3f s)", contender, sink.bytes, seconds(took),
                                seconds(cpu));
                        if (measured) {
                            result.add(contender, WHOLE, "s", seconds(took));
                            result.add(contender, "CPU of the process", "s", seconds(cpu));
                        }
                    });
        } finally {
            Bench.deleteTree(home);
        }
        result.fact("rows", rows);
        result.fact("CSV bytes (both)", seen[0]);
        result.fact("CSV crc32 (both)", Long.toHexString(seen[1]));
        result.fact("writes to /dev/null, quire sql", writes[0]);
        result.fact("writes to /dev/null, JDBC", writes[1]);
        result.ratio("quire sql ÷ JDBC (target ≤ 1.5)", QUIRE, JDBC, WHOLE);
        result.ratio("quire sql ÷ JDBC, CPU", QUIRE, JDBC, "CPU of the process");
        result.note("quire sql runs through Main.run with a PrintStream like System.out (autoflush) over the sink;"
                + " it opens and closes the local engine and server in its data folder each time. The JVM's own"
                + " start (about what `java -version` takes) is in neither figure.");
        return result;
    }

    /** CPU time of this whole process (DuckDB's native threads too), less swayed than wall time by other load. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void quire(Path home, String sql, Sink sink) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--data-dir", home.toString(), "sql", "--no-sample-data", sql},
                new PrintStream(sink, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        check(code == 0, "quire sql exited %d: %s", code, err.toString(StandardCharsets.UTF_8));
    }

    /** The small program: every row read with its type's getter and printed as CSV through a buffer. */
    private static void jdbc(String sql, Sink sink) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery(sql);
             Writer out = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            ResultSetMetaData meta = rows.getMetaData();
            int width = meta.getColumnCount();
            int[] types = new int[width];
            Object[] cells = new Object[width];
            for (int c = 0; c < width; c++) {
                types[c] = meta.getColumnType(c + 1);
                cells[c] = meta.getColumnLabel(c + 1);
            }
            String nl = System.lineSeparator();
            StringBuilder line = new StringBuilder(256);
            out.append(Csv.appendRow(line, cells)).append(nl);
            while (rows.next()) {
                for (int c = 0; c < width; c++) {
                    Object value = switch (types[c]) {
                        case Types.BIGINT -> rows.getLong(c + 1);
                        case Types.DOUBLE -> rows.getDouble(c + 1);
                        case Types.BOOLEAN -> rows.getBoolean(c + 1);
                        default -> rows.getString(c + 1);
                    };
                    cells[c] = rows.wasNull() ? null : value;
                }
                line.setLength(0);
                out.append(Csv.appendRow(line, cells)).append(nl);
            }
        }
    }

    /**
     * Writes through to /dev/null (one write(2) per write, as stdout would take it), counts and
     * checksums, and keeps the first bytes for the report of a mismatch.
     */
    private static final class Sink extends OutputStream {
        final CRC32 crc = new CRC32();
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final FileOutputStream devNull;
        long bytes;
        long writes;

        Sink() throws IOException {
            devNull = new FileOutputStream("/dev/null");
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            devNull.write(b, off, len);
            writes++;
            crc.update(b, off, len);
            bytes += len;
            if (head.size() < 300) {
                head.write(b, off, Math.min(len, 300 - head.size()));
            }
        }

        String text() {
            return head.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            devNull.close();
        }
    }
}
