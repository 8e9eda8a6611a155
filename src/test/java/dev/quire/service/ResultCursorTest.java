package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import dev.quire.client.DataApiException;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.Column;
import dev.quire.model.Csv;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.protocol.Json;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result cursors against the real local server: fetching, random access, views, exports, faults. */
class ResultCursorTest {

    static final int ROWS = 200_000;
    static final String SQL = "select i as id, (i * 0.5)::double as half, 'name-' || lpad(i::varchar, 6, '0') as name, "
            + "i % 7 = 0 as lucky, case when i % 10 = 0 then null else 'tag' || (i % 100)::varchar end as tag, "
            + "((i % 1000) / 4)::decimal(10,2) as amount, "
            + "case when i % 50000 = 0 then '\\x00\\xFF'::blob end as raw from range(" + ROWS + ") t(i)";
    static final int ID = 0;
    static final int NAME = 2;
    static final int LUCKY = 3;
    static final int TAG = 4;
    static final int AMOUNT = 5;
    static final int RAW = 6;

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService service;
    static SpillStore store;
    static String bigId;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(LocalEngine.Options.defaults(dir.resolve("local")).withSampleData(false)
                .withPageBytes(256 * 1024));
        service = new QueryService(local.client());
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")).withBlocks(1000, 4L << 20));
        bigId = finish(SQL).id();
    }

    @AfterAll
    static void stop() {
        store.close();
        service.close();
        local.close();
    }

    static StatementInfo finish(String sql) throws Exception {
        StatementInfo info = service.run(StatementRequest.of(sql)).finished().get(60, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        return info;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    static Object[] expected(long i) {
        return new Object[] {i, i * 0.5, String.format("name-%06d", i), i % 7 == 0,
                i % 10 == 0 ? null : "tag" + (i % 100),
                BigDecimal.valueOf(i % 1000).divide(BigDecimal.valueOf(4)).setScale(2, RoundingMode.UNNECESSARY)
                        .toPlainString(),
                i % 50000 == 0 ? new byte[] {0, (byte) 0xFF} : null};
    }

    static void assertRows(long first, List<Object[]> rows) {
        for (int k = 0; k < rows.size(); k++) {
            Object[] want = expected(first + k);
            assertTrue(Arrays.deepEquals(want, rows.get(k)), "row " + (first + k) + ": expected "
                    + Arrays.deepToString(want) + ", got " + Arrays.deepToString(rows.get(k)));
        }
    }

    @Test
    void spilledRowsCannotBeReadByOtherUsers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        try (ResultCursor cursor = await(store.open(service.api(), finish("select 1 as one").id()))) {
            await(cursor.whenDone());
            Path cache = dir.resolve("cache/results");
            List<Path> folders;
            try (var walk = java.nio.file.Files.walk(cache)) {
                folders = walk.filter(java.nio.file.Files::isDirectory).toList();
            }
            try (var walk = java.nio.file.Files.walk(cache)) {
                assertTrue(walk.anyMatch(p -> p.getFileName().toString().endsWith(".duckdb")), "a spill file exists");
            }
            for (Path folder : folders) {
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(folder)), folder + " is owner-only");
            }
        }
    }

    @Test
    void fetchesEveryRowAndReadsRandomWindows() throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        ScriptedApi api = new ScriptedApi(service.api(),
                (call, token) -> call == 2 ? listening.thenCompose(v -> service.api().fetch(bigId, token)) : null);
        ResultCursor cursor = await(store.open(api, bigId));
        List<ResultCursor.Progress> heard = new CopyOnWriteArrayList<>();
        cursor.onProgress(heard::add);
        listening.complete(null);
        assertEquals(ROWS, cursor.totalRows(), "the total is known from the first page");
        assertEquals(List.of("id", "half", "name", "lucky", "tag", "amount", "raw"),
                cursor.columns().stream().map(Column::name).toList());
        assertEquals(List.of("int8", "float8", "varchar", "bool", "varchar", "numeric", "varbyte"),
                cursor.columns().stream().map(Column::typeName).toList());
        assertTrue(cursor.fetchedRows() > 0, "the first page is readable at once");
        assertRows(0, await(cursor.rows(0, 10)));

        await(cursor.whenDone());
        assertEquals(ResultCursor.State.DONE, cursor.state());
        assertEquals(ROWS, cursor.fetchedRows());
        Random random = new Random(42);
        for (int k = 0; k < 60; k++) {
            long from = random.nextInt(ROWS);
            int count = 1 + random.nextInt(2500);
            List<Object[]> rows = await(cursor.rows(from, count));
            assertEquals(Math.min(count, ROWS - from), rows.size());
            assertRows(from, rows);
        }
        assertRows(999, await(cursor.rows(999, 2)));
        assertRows(ROWS - 3, await(cursor.rows(ROWS - 3, 100)));
        assertEquals(List.of(), await(cursor.rows(ROWS, 10)));
        assertTrue(store.cache().bytes() <= 4L << 20, "the block cache stays within its bound");

        long last = -1;
        for (ResultCursor.Progress progress : heard) {
            assertTrue(progress.fetchedRows() >= last, "progress only grows");
            last = progress.fetchedRows();
        }
        cursor.closeAsync().get(60, TimeUnit.SECONDS);
        assertEquals(ResultCursor.State.CLOSED, heard.get(heard.size() - 1).state());
        assertTrue(heard.stream().anyMatch(p -> p.state() == ResultCursor.State.DONE && p.fetchedRows() == ROWS));
    }

    @Test
    void closingDeletesSpillFilesAndFoldersLeftBehind() throws Exception {
        Path results = dir.resolve("own-cache").resolve("results");
        Path dead = Files.createDirectories(results.resolve("store-dead"));
        Files.writeString(dead.resolve("lock"), "");
        Files.writeString(dead.resolve("cursor-1.duckdb"), "left behind by a process that died");
        SpillStore own = SpillStore.open(SpillStore.Options.defaults(dir.resolve("own-cache")));
        assertFalse(Files.exists(dead), "a folder nobody holds is deleted");
        SpillStore other = SpillStore.open(SpillStore.Options.defaults(dir.resolve("own-cache")));
        assertTrue(Files.exists(own.folder()), "a folder in use is kept");

        ResultCursor cursor = await(own.open(service.api(), finish("select 1 as a").id()));
        assertEquals(1, cursorFiles(own.folder()));
        cursor.closeAsync().get(60, TimeUnit.SECONDS);
        assertEquals(0, cursorFiles(own.folder()));
        own.close();
        other.close();
        assertFalse(Files.exists(own.folder()));
        assertFalse(Files.exists(other.folder()));
    }

    private static long cursorFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".duckdb")).count();
        }
    }

    @Test
    void sortsAndFiltersInTheSpillStore() throws Exception {
        ResultCursor cursor = await(store.open(service.api(), bigId));
        await(cursor.whenDone());

        ResultView byNameDesc = await(cursor.view(NAME, false, RowFilter.NONE));
        assertEquals(ROWS, byNameDesc.rowCount());
        assertEquals(ROWS, byNameDesc.sourceRows());
        assertTrue(byNameDesc.complete());
        assertEquals(ROWS - 1L, await(byNameDesc.rows(0, 1)).get(0)[ID]);
        assertEquals(0L, await(byNameDesc.rows(ROWS - 1, 1)).get(0)[ID]);

        // amounts arrive as text and sort as numbers; ties keep the result's order
        ResultView byAmount = await(cursor.view(AMOUNT, true, RowFilter.NONE));
        assertEquals(List.of(0L, 1000L, 2000L), await(byAmount.rows(0, 3)).stream().map(r -> r[ID]).toList());
        assertEquals(1L, await(byAmount.rows(200, 1)).get(0)[ID]);
        ResultView byAmountDesc = await(cursor.view(AMOUNT, false, RowFilter.NONE));
        assertEquals("249.75", await(byAmountDesc.rows(0, 1)).get(0)[AMOUNT]);
        BigDecimal previous = null;
        for (Object[] row : await(byAmountDesc.rows(0, 5000))) {
            BigDecimal amount = new BigDecimal((String) row[AMOUNT]);
            assertTrue(previous == null || previous.compareTo(amount) >= 0);
            previous = amount;
        }

        ResultView byTag = await(cursor.view(TAG, true, RowFilter.NONE));
        assertNull(await(byTag.rows(ROWS - 1, 1)).get(0)[TAG], "NULLs sort last");
        assertEquals("tag1", await(byTag.rows(0, 1)).get(0)[TAG]);
        assertEquals("tag99", await(byTag.rows(ROWS - 20_001, 1)).get(0)[TAG]);

        long luckyLate = Stream.iterate(150_000L, i -> i < ROWS, i -> i + 1).filter(i -> i % 7 == 0).count();
        ResultView lucky = await(cursor.view(ID, false, RowFilter.all(
                RowFilter.compare(ID, RowFilter.Op.GE, "150000"), RowFilter.compare(LUCKY, RowFilter.Op.EQ, true))));
        assertEquals(luckyLate, lucky.rowCount());
        assertEquals(199_997L, await(lucky.rows(0, 1)).get(0)[ID]);
        List<Object[]> luckyRows = await(lucky.rows(0, (int) luckyLate));
        for (int k = 0; k < luckyRows.size(); k++) {
            long id = (Long) luckyRows.get(k)[ID];
            assertTrue(id >= 150_000 && id % 7 == 0 && (k == 0 || id < (Long) luckyRows.get(k - 1)[ID]));
        }

        ResultView contains = await(cursor.view(-1, true, RowFilter.contains(NAME, "E-00012")));
        assertEquals(10, contains.rowCount(), "ILIKE ignores case");
        assertRows(120, await(contains.rows(0, 10)));
        assertEquals(0, await(cursor.view(-1, true, RowFilter.contains(NAME, "%"))).rowCount(),
                "wildcards in the text are literal");
        assertEquals(2000, await(cursor.view(-1, true, RowFilter.contains(RowFilter.ANY_COLUMN, "TAG99")))
                .rowCount());
        assertEquals(20_000, await(cursor.view(-1, true, RowFilter.isNull(TAG))).rowCount());
        assertEquals(4, await(cursor.view(-1, true, RowFilter.notNull(RAW))).rowCount());
        assertEquals(400, await(cursor.view(-1, true, RowFilter.compare(AMOUNT, RowFilter.Op.LT, "0.5")))
                .rowCount());

        ExecutionException badValue = assertThrows(ExecutionException.class,
                () -> await(cursor.view(-1, true, RowFilter.compare(ID, RowFilter.Op.GT, "many"))));
        assertInstanceOf(IllegalArgumentException.class, badValue.getCause());
        ExecutionException badColumn = assertThrows(ExecutionException.class,
                () -> await(cursor.view(7, true, RowFilter.NONE)));
        assertInstanceOf(IllegalArgumentException.class, badColumn.getCause());

        byNameDesc.close();
        assertThrows(ExecutionException.class, () -> await(byNameDesc.rows(5000, 1)));
        cursor.closeAsync().get(60, TimeUnit.SECONDS);
    }

    @Test
    void exportsRoundTripThroughCsvJsonAndParquet() throws Exception {
        ResultCursor cursor = await(store.open(service.api(), bigId));
        Path out = Files.createDirectories(dir.resolve("exports"));

        List<ExportProgress> heard = new CopyOnWriteArrayList<>();
        Path csv = out.resolve("all.csv");
        assertEquals(ROWS, await(cursor.export(csv, ExportFormat.CSV, heard::add)));
        assertEquals(ExportProgress.Phase.FETCHING, heard.get(0).phase());
        assertTrue(heard.stream().anyMatch(p -> p.phase() == ExportProgress.Phase.WRITING && p.rows() > 0));
        assertEquals(new ExportProgress(ExportProgress.Phase.DONE, ROWS, ROWS), heard.get(heard.size() - 1));
        try (BufferedReader lines = Files.newBufferedReader(csv)) {
            assertEquals("id,half,name,lucky,tag,amount,raw", lines.readLine());
            for (long i = 0; i < ROWS; i++) {
                assertEquals(Csv.row(expected(i)), lines.readLine());
            }
            assertNull(lines.readLine());
        }

        Path json = out.resolve("all.json");
        assertEquals(ROWS, await(cursor.export(json, ExportFormat.JSON, null)));
        assertTrue(Files.readString(json).startsWith("[{\"id\":0,"));
        assertJsonRows(Json.MAPPER.readerFor(Map.class).readValues(json.toFile()));
        Path jsonLines = out.resolve("all.jsonl");
        assertEquals(ROWS, await(cursor.export(jsonLines, ExportFormat.JSON_LINES, null)));
        assertEquals(ROWS, Files.readAllLines(jsonLines).size());
        assertJsonRows(Json.MAPPER.readerFor(Map.class).readValues(jsonLines.toFile()));

        Path parquet = out.resolve("all.parquet");
        assertEquals(ROWS, await(cursor.export(parquet, ExportFormat.PARQUET, null)));
        String file = "'" + parquet.toString().replace("'", "''") + "'";
        String original = "select i as id, (i * 0.5)::double as half, 'name-' || lpad(i::varchar, 6, '0') as name, "
                + "i % 7 = 0 as lucky, case when i % 10 = 0 then null else 'tag' || (i % 100)::varchar end as tag, "
                + "((i % 1000) / 4)::decimal(10,2) as amount, "
                + "case when i % 50000 = 0 then '\\x00\\xFF'::blob end as raw from range(" + ROWS + ") t(i)";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            List<String> types = new ArrayList<>();
            try (ResultSet r = s.executeQuery("describe select * from read_parquet(" + file + ")")) {
                while (r.next()) {
                    types.add(r.getString(1) + " " + r.getString(2));
                }
            }
            assertEquals(List.of("id BIGINT", "half DOUBLE", "name VARCHAR", "lucky BOOLEAN", "tag VARCHAR",
                    "amount DECIMAL(10,2)", "raw BLOB"), types);
            try (ResultSet r = s.executeQuery("select (select count(*) from read_parquet(" + file + ")), "
                    + "(select count(*) from (select * from read_parquet(" + file + ") except all " + original
                    + ")), (select count(*) from (" + original + " except all select * from read_parquet(" + file
                    + ")))")) {
                assertTrue(r.next());
                assertEquals(ROWS, r.getLong(1));
                assertEquals(0, r.getLong(2), "every Parquet row is a result row");
                assertEquals(0, r.getLong(3), "every result row is in the Parquet file");
            }
        }

        ResultView luckyDesc = await(cursor.view(ID, false, RowFilter.compare(LUCKY, RowFilter.Op.EQ, "true")));
        Path view = out.resolve("lucky.csv");
        long lucky = (ROWS + 6) / 7;
        assertEquals(lucky, await(luckyDesc.export(view, ExportFormat.CSV, null)));
        List<String> viewLines = Files.readAllLines(view);
        assertEquals(lucky + 1, viewLines.size());
        assertEquals(Csv.row(expected(199_997)), viewLines.get(1));
        assertEquals(Csv.row(expected(0)), viewLines.get(viewLines.size() - 1));
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")));
        }
        cursor.close();
    }

    private static void assertJsonRows(MappingIterator<?> rows) throws Exception {
        long i = 0;
        while (rows.hasNext()) {
            Map<?, ?> row = (Map<?, ?>) rows.next();
            Object[] want = expected(i);
            assertEquals(want[0], ((Number) row.get("id")).longValue());
            assertEquals(want[1], ((Number) row.get("half")).doubleValue());
            assertEquals(want[2], row.get("name"));
            assertEquals(want[3], row.get("lucky"));
            assertEquals(want[4], row.get("tag"));
            assertEquals(want[5], row.get("amount"));
            assertEquals(want[6] == null ? null : Base64.getEncoder().encodeToString((byte[]) want[6]), row.get("raw"));
            i++;
        }
        assertEquals(ROWS, i);
    }

    @Test
    void cancellingAnExportLeavesNoFile() throws Exception {
        ResultCursor cursor = await(store.open(service.api(), bigId));
        Path target = Files.createDirectories(dir.resolve("cancelled")).resolve("all.json");
        CompletableFuture<CompletableFuture<Long>> export = new CompletableFuture<>();
        export.complete(cursor.export(target, ExportFormat.JSON, progress -> {
            if (progress.phase() == ExportProgress.Phase.WRITING && progress.rows() > 0) {
                export.join().cancel(true);
            }
        }));
        CompletableFuture<Long> job = export.get();
        ((Job<?>) job).ended().get(60, TimeUnit.SECONDS);
        assertTrue(job.isCancelled());
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(), files.toList());
        }
        cursor.close();
    }

    @Test
    void batchGivesOneCursorPerResultSet() throws Exception {
        QueryRun run = service.run(new StatementRequest(List.of("select 1 as a, 'x' as b",
                "create table if not exists batch_t(i int)", "select i * 2 as twice from range(5000) t(i)"),
                Map.of(), null, null));
        StatementInfo info = run.finished().get(60, TimeUnit.SECONDS);
        List<ResultCursor> cursors = await(store.open(service.api(), info));
        assertEquals(List.of(info.id() + ":1", info.id() + ":3"),
                cursors.stream().map(ResultCursor::statementId).toList());
        ResultCursor first = cursors.get(0);
        assertEquals(ResultCursor.State.DONE, first.state());
        assertArrayEquals(new Object[] {1L, "x"}, await(first.rows(0, 5)).get(0));
        ResultCursor third = cursors.get(1);
        await(third.whenDone());
        assertEquals(5000, third.fetchedRows());
        assertEquals(9998L, await(third.rows(4999, 1)).get(0)[0]);
        cursors.forEach(ResultCursor::close);
    }

    @Test
    void emptyResultIsDoneAtOnce() throws Exception {
        ResultCursor cursor = await(store.open(service.api(), finish("select 1 as a, 'b' as b where false").id()));
        assertEquals(ResultCursor.State.DONE, cursor.state());
        assertEquals(0, cursor.totalRows());
        assertEquals(List.of(), await(cursor.rows(0, 50)));
        assertEquals(0, await(cursor.view(0, true, RowFilter.NONE)).rowCount());
        Path csv = dir.resolve("empty.csv");
        assertEquals(0, await(cursor.export(csv, ExportFormat.CSV, null)));
        assertEquals("a,b\n", Files.readString(csv));
        Path json = dir.resolve("empty.json");
        await(cursor.export(json, ExportFormat.JSON, null));
        assertEquals("[]\n", Files.readString(json));
        cursor.close();
    }

    @Test
    void closingMidFetchCancelsTheFetchInFlightAndStopsFetching() throws Exception {
        CompletableFuture<ResultPage> held = new CompletableFuture<>();
        CompletableFuture<Void> reached = new CompletableFuture<>();
        ScriptedApi api = new ScriptedApi(service.api(), (call, token) -> {
            if (call == 2) {
                reached.complete(null);
                return held;
            }
            return null;
        });
        ResultCursor cursor = await(store.open(api, bigId));
        reached.get(60, TimeUnit.SECONDS);
        long fetched = cursor.fetchedRows();
        assertTrue(fetched > 0 && fetched < ROWS);
        assertEquals(ResultCursor.State.FETCHING, cursor.state());
        List<Object[]> all = await(cursor.rows(0, ROWS));
        assertEquals(fetched, all.size(), "rows not fetched yet are not returned");
        assertRows(0, all);
        CompletableFuture<Void> more = cursor.whenFetched(ROWS);
        assertFalse(more.isDone());
        ResultView partial = await(cursor.view(ID, false, RowFilter.NONE));
        assertEquals(fetched, partial.sourceRows(), "a view covers the rows fetched when it was made");
        assertEquals(fetched, partial.rowCount());
        assertFalse(partial.complete());
        assertEquals(fetched - 1, await(partial.rows(0, 1)).get(0)[ID]);

        cursor.closeAsync().get(60, TimeUnit.SECONDS);
        assertTrue(held.isCancelled(), "closing cancels the fetch in flight");
        assertEquals(2, api.fetches(), "no fetch after closing");
        assertEquals(ResultCursor.State.CLOSED, cursor.state());
        assertThrows(CancellationException.class, () -> more.get(60, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> await(cursor.rows(0, 10)), "a closed cursor reads nothing");
        assertThrows(ExecutionException.class, () -> await(partial.rows(0, 1)),
                "nor does its view, though that row was just read");
    }

    @Test
    void failedFetchKeepsRowsReadableAndRetryResumesFromIt() throws Exception {
        DataApiException network = new DataApiException("NetworkError", "connection reset", null);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        ScriptedApi api = new ScriptedApi(service.api(), (call, token) -> call == 4
                ? listening.thenCompose(v -> CompletableFuture.failedFuture(network)) : null);
        ResultCursor cursor = await(store.open(api, bigId));
        List<ResultCursor.Progress> heard = new CopyOnWriteArrayList<>();
        cursor.onProgress(heard::add);
        listening.complete(null);

        ExecutionException failed = assertThrows(ExecutionException.class, () -> await(cursor.whenDone()));
        assertEquals(network, failed.getCause());
        assertEquals(ResultCursor.State.FAILED, cursor.state());
        assertEquals(network, cursor.progress().failure());
        assertTrue(heard.stream().anyMatch(p -> p.state() == ResultCursor.State.FAILED && p.failure() == network));
        long fetched = cursor.fetchedRows();
        assertTrue(fetched > 0 && fetched < ROWS, "the pages before the failure are kept: " + fetched);
        assertRows(0, await(cursor.rows(0, (int) fetched)));
        assertEquals(4, api.fetches());

        cursor.retry();
        await(cursor.whenDone());
        assertEquals(ROWS, cursor.fetchedRows());
        assertEquals(api.tokens.get(3), api.tokens.get(4), "the retry asks for the page that failed");
        for (long from = 0; from < ROWS; from += 5000) {
            assertRows(from, await(cursor.rows(from, 5000)));
        }
        cursor.close();
    }
}
