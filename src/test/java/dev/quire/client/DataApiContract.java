package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link DataApi} client must do against its backend, in terms of the interface and the
 * model only; where backends legitimately differ the tests read {@link DataApi#capabilities()}. A
 * subclass gives the client, the statements that create the test table and the table's catalog
 * path; the backend's result pages should be small enough for the table to span several.
 *
 * <p>The test table has the columns {@link #COLUMNS} and {@link #ROWS} rows; row i holds
 * id = i (bigint), label = 'row i' (varchar, NULL when i % 5 = 4), amount = i / 4 (double),
 * flag = (i % 2 = 0) (boolean) and created = 2024-01-01 00:00:00 plus i seconds
 * (timestamp).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DataApiContract {

    public static final List<String> COLUMNS = List.of("id", "label", "amount", "flag", "created");
    public static final int ROWS = 5000;
    static final LocalDateTime FIRST_CREATED = LocalDateTime.of(2024, 1, 1, 0, 0);
    static final Pattern TIMESTAMP_TEXT = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
    static final int MAX_PAGES = 10_000;

    private DataApi api;
    private Capabilities can;

    /** The client under test, on a backend that is up; the suite closes it. */
    protected abstract DataApi openClient() throws Exception;

    /** The statements, run one by one, that create the test table and fill it (see the class comment). */
    protected abstract List<String> createTable();

    /** Where the test table sits in the backend's catalog tree. */
    protected abstract CatalogPath tablePath();

    /** A statement that runs far longer than any test waits (minutes at least), to be cancelled. */
    protected String longRunningSql() {
        return "select count(*) from " + table() + " a cross join " + table() + " b cross join " + table()
                + " c cross join " + table() + " d where a.id + b.id + c.id + d.id = " + 4 * (ROWS - 1);
    }

    @BeforeAll
    void openAndCreateTheTable() throws Exception {
        api = openClient();
        can = api.capabilities();
        for (String sql : createTable()) {
            StatementInfo info = finish(submit(sql));
            assertEquals(RunState.FINISHED, info.status(), sql + ": " + info.error());
        }
    }

    @AfterAll
    void close() {
        if (api != null) {
            api.close();
        }
    }

    /** The test table as a statement names it. */
    protected String table() {
        return api.dialect().reference(tablePath());
    }

    @Test
    void aFinishedStatementHasTypedCells() throws Exception {
        String id = submit("select * from " + table() + " where id < 10 order by id");
        StatementInfo info = finish(id);
        assertEquals(id, info.id());
        assertEquals(RunState.FINISHED, info.status(), info.error());
        assertTrue(info.hasResultSet());
        assertTrue(info.resultRows() == 10 || info.resultRows() == -1, "10 rows or unknown: " + info.resultRows());
        List<Object[]> rows = new ArrayList<>();
        for (ResultPage page : allPages(id)) {
            assertEquals(COLUMNS, names(page.columns()));
            assertEquals(List.of(true, false, true, false, false),
                    page.columns().stream().map(Column::isNumeric).toList(), "the backend's numeric type names");
            assertEquals(rows.size(), page.firstRow());
            assertTrue(!page.totalKnown() || page.totalRows() == 10, "total " + page.totalRows());
            rows.addAll(page.rows());
        }
        assertEquals(10, rows.size());
        for (int i = 0; i < 10; i++) {
            assertRow(i, rows.get(i));
        }
    }

    @Test
    void aFailingStatementEndsFailedWithTheBackendsError() throws Exception {
        String id = submit("select no_such_column from " + table());
        StatementInfo info = finish(id);
        assertEquals(RunState.FAILED, info.status());
        assertNotNull(info.error());
        assertTrue(info.error().toLowerCase(Locale.ROOT).contains("no_such_column"), info.error());
        assertInstanceOf(DataApiException.class, failure(api.fetch(id, null)), "a failed statement has no result");
    }

    @Test
    void anUnknownStatementIdFails() {
        String unknown = UUID.randomUUID().toString();
        List<Throwable> failures = List.of(failure(api.describe(unknown)), failure(api.fetch(unknown, null)),
                failure(api.cancel(unknown)));
        for (Throwable failure : failures) {
            DataApiException error = assertInstanceOf(DataApiException.class, failure);
            assertTrue(error.status() >= 400 && error.status() < 500, "the backend refused it: " + error);
            assertEquals(1, error.attempts(), "a refusal is not retried: " + error);
        }
    }

    @Test
    void followingNextReturnsEveryRowOnceInOrder() throws Exception {
        String id = finishedSelect();
        List<ResultPage> pages = allPages(id);
        assertTrue(pages.size() >= 3, "the result spans several pages, got " + pages.size());
        long row = 0;
        boolean totalKnown = false;
        for (ResultPage page : pages) {
            assertEquals(row, page.firstRow(), "a page knows its first row");
            assertEquals(COLUMNS, names(page.columns()));
            if (page.totalKnown()) {
                assertEquals(ROWS, page.totalRows());
                totalKnown = true;
            } else {
                assertFalse(totalKnown, "once known, the total stays known");
            }
            assertFalse(page.rows().isEmpty() && !page.isLast(), "only the last page may be empty");
            for (Object[] cells : page.rows()) {
                assertRow(row++, cells);
            }
            if (!page.isLast()) {
                assertEquals(page.endRow(), page.next().row(), "next starts after this page");
                assertEquals(can.randomAccess(), page.next() instanceof PageRef.Offset, "the backend's paging");
            }
        }
        assertEquals(ROWS, row);

        ResultPage again = get(api.fetch(id, pages.get(0).next()));
        assertEquals(pages.get(1).firstRow(), again.firstRow());
        assertEquals(pages.get(1).rows().size(), again.rows().size(), "a page can be fetched again");
        assertRow(again.firstRow(), again.rows().get(0));
    }

    @Test
    void randomAccessReadsThePageAtAnyRow() throws Exception {
        assumeTrue(can.randomAccess(), "pages are reached in order");
        String id = finishedSelect();
        for (long from : List.of(ROWS - 1L, ROWS / 2L + 3, 7L, 0L)) {
            ResultPage page = get(api.fetch(id, PageRef.at(from)));
            assertEquals(from, page.firstRow());
            assertFalse(page.rows().isEmpty());
            assertTrue(page.rows().size() <= can.maxPageRows());
            for (int r = 0; r < page.rows().size(); r++) {
                assertRow(from + r, page.rows().get(r));
            }
            assertEquals(page.endRow() == ROWS, page.isLast());
            if (!page.isLast()) {
                assertEquals(PageRef.at(page.endRow()), page.next());
            }
        }
    }

    @Test
    void pagesHoldAtMostTheLargestPage() throws Exception {
        assumeTrue(can.maxPageRows() > 0, "pages are bounded by size, not rows");
        for (ResultPage page : allPages(finishedSelect())) {
            assertTrue(page.rows().size() <= can.maxPageRows(), page.rows().size() + " rows");
        }
    }

    @Test
    void aBadPageReferenceIsRefused() throws Exception {
        String id = finishedSelect();
        if (can.randomAccess()) {
            assertNotNull(failure(api.fetch(id, new PageRef.Token("made-up", 3))), "a token is not an offset");
            try {
                ResultPage past = get(api.fetch(id, PageRef.at(ROWS + 10L)));
                assertTrue(past.rows().isEmpty() && past.isLast(), "nothing lies past the end");
            } catch (ExecutionException e) {
                assertInstanceOf(DataApiException.class, e.getCause());
            }
        } else {
            assertNotNull(failure(api.fetch(id, PageRef.at(3))), "an offset is not a token");
            assertInstanceOf(DataApiException.class, failure(api.fetch(id, new PageRef.Token("made-up", 3))));
            ResultPage first = get(api.fetch(id, null));
            assertNotNull(first.next(), "the result spans several pages");
            String other = finishedSelect();
            assertInstanceOf(DataApiException.class, failure(api.fetch(other, first.next())),
                    "a token only continues its own result");
        }
    }

    @Test
    void cancelEndsALongRunningStatementCancelled() throws Exception {
        String id = submit(longRunningSql());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StatementInfo info = get(api.describe(id));
        while (info.status() != RunState.RUNNING) {
            assertFalse(info.isFinal(), "the statement ended before it was cancelled: " + info.status());
            assertTrue(System.nanoTime() < deadline, "the statement starts: " + info.status());
            pauseUnlessLongPolls(api);
            info = get(api.describe(id, Duration.ofSeconds(1)));
        }
        if (can.longPolls()) {
            assertEquals(RunState.RUNNING, get(api.describe(id, Duration.ofSeconds(1))).status(),
                    "a long poll that ends first answers with the state");
        }
        assertTrue(get(api.cancel(id)), "it was running");
        StatementInfo cancelled = finish(id);
        assertEquals(RunState.CANCELLED, cancelled.status());
        assertFalse(get(api.cancel(id)), "it is no longer running");
    }

    @Test
    void cancelOfAFinishedStatementAnswersFalse() throws Exception {
        String id = submit("select count(*) as n from " + table());
        assertEquals(RunState.FINISHED, finish(id).status());
        assertFalse(get(api.cancel(id)));
        assertEquals(RunState.FINISHED, get(api.describe(id)).status());
        assertEquals((long) ROWS, get(api.fetch(id, null)).rows().get(0)[0], "and its result is still there");
    }

    @Test
    void theCatalogTreeLeadsFromTheRootToTheTableAndItsColumns() throws Exception {
        CatalogPath table = tablePath();
        CatalogPath at = CatalogPath.ROOT;
        for (int level = 0; level < table.depth(); level++) {
            CatalogPath parent = at;
            List<CatalogEntry> children = all((token) -> api.children(parent, token));
            for (CatalogEntry child : children) {
                assertEquals(parent, child.path().parent(), "every child lies under " + parent);
            }
            CatalogPath wanted = parent.child(table.name(level));
            CatalogEntry entry = children.stream().filter(e -> e.path().equals(wanted)).findFirst()
                    .orElseThrow(() -> new AssertionError(wanted + " is not among "
                            + children.stream().map(CatalogEntry::name).toList()));
            if (level < table.depth() - 1) {
                assertEquals(CatalogEntry.Kind.CONTAINER, entry.kind(), wanted.toString());
                assertTrue(entry.hasChildren(), wanted.toString());
            } else {
                assertEquals(CatalogEntry.Kind.TABLE, entry.kind(), wanted.toString());
            }
            at = wanted;
        }
        List<Column> columns = all(token -> api.columns(table, token));
        assertEquals(COLUMNS, names(columns));
        assertEquals(List.of(true, false, true, false, false), columns.stream().map(Column::isNumeric).toList());
        assertInstanceOf(DataApiException.class, failure(api.children(table, null)), "a table has no children");
    }

    @Test
    void aLongPollReturnsTheFinalState() throws Exception {
        assumeTrue(can.longPolls(), "describe answers at once");
        String id = submit("select count(*) as n from " + table() + " a cross join " + table()
                + " b where a.id + b.id = " + (ROWS - 1));
        StatementInfo info = get(api.describe(id, Duration.ofSeconds(30)));
        assertEquals(RunState.FINISHED, info.status(), "one long poll sees the end");
        assertEquals((long) ROWS, get(api.fetch(id, null)).rows().get(0)[0]);
    }

    @Test
    void aBatchRunsEveryStatementAndKeepsEachResult() throws Exception {
        assumeTrue(can.batches(), "no batches");
        StatementInfo info = finish(get(api.execute(new StatementRequest(List.of(
                "select count(*) as n from " + table(), "select max(id) as m from " + table()), null, null, null))));
        assertEquals(RunState.FINISHED, info.status(), info.error());
        assertEquals(2, info.subStatements().size());
        List<StatementInfo> results = info.resultSets();
        assertEquals(2, results.size());
        assertNotEquals(results.get(0).id(), results.get(1).id());
        assertEquals(List.of(RunState.FINISHED, RunState.FINISHED),
                results.stream().map(StatementInfo::status).toList());
        assertEquals((long) ROWS, get(api.fetch(results.get(0).id(), null)).rows().get(0)[0]);
        assertEquals(ROWS - 1L, get(api.fetch(results.get(1).id(), null)).rows().get(0)[0]);
    }

    @Test
    void aFailingBatchThatIsOneTransactionChangesNothing() throws Exception {
        assumeTrue(can.scriptIsOneTransaction(), "a batch is not one transaction");
        StatementInfo info = finish(get(api.execute(new StatementRequest(List.of(
                "update " + table() + " set label = 'changed' where id = 0",
                "select no_such_column from " + table()), null, null, null))));
        assertEquals(RunState.FAILED, info.status());
        assertTrue(info.error().toLowerCase(Locale.ROOT).contains("no_such_column"), info.error());
        String id = submit("select label from " + table() + " where id = 0");
        finish(id);
        assertEquals("row 0", get(api.fetch(id, null)).rows().get(0)[0], "the update was rolled back");
    }

    @Test
    void listStatementsShowsTheStatement() throws Exception {
        assumeTrue(can.serverHistory(), "no server history");
        String marker = "contract " + UUID.randomUUID();
        String id = submit("select '" + marker + "' as h");
        assertEquals(RunState.FINISHED, finish(id).status());
        List<StatementSummary> history = all(api::listStatements);
        StatementSummary listed = history.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not listed among " + history.size()));
        assertTrue(listed.sql().contains(marker), listed.sql());
        assertEquals(RunState.FINISHED, listed.status());
    }

    @Test
    void theDialectQuotesTheTablePath() throws Exception {
        CatalogPath path = tablePath();
        for (String name : List.of(api.dialect().quote(path), api.dialect().reference(path))) {
            String id = submit("select count(*) as n from " + name);
            StatementInfo info = finish(id);
            assertEquals(RunState.FINISHED, info.status(), name + ": " + info.error());
            assertEquals((long) ROWS, get(api.fetch(id, null)).rows().get(0)[0], name);
        }
        String id = submit(api.dialect().describeColumns(path));
        StatementInfo info = finish(id);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        List<Object> names = get(api.fetch(id, null)).rows().stream().map(row -> row[0]).toList();
        assertEquals(COLUMNS, names, "the columns of the dialect's information_schema");
    }

    /** Checks one row of the test table, cell by cell and type by type. */
    static void assertRow(long i, Object[] row) {
        assertEquals(COLUMNS.size(), row.length);
        assertEquals(Long.valueOf(i), assertInstanceOf(Long.class, row[0], "bigint"));
        if (i % 5 == 4) {
            assertNull(row[1], "row " + i);
        } else {
            assertEquals("row " + i, row[1]);
        }
        assertEquals(Double.valueOf(i / 4.0), assertInstanceOf(Double.class, row[2], "double"));
        assertEquals(Boolean.valueOf(i % 2 == 0), assertInstanceOf(Boolean.class, row[3], "boolean"));
        String created = assertInstanceOf(String.class, row[4], "timestamp");
        assertTrue(TIMESTAMP_TEXT.matcher(created).matches(), created);
        assertEquals(FIRST_CREATED.plusSeconds(i), LocalDateTime.parse(created.replace(' ', 'T')), "row " + i);
    }

    /** The whole test table, ordered, finished. */
    private String finishedSelect() throws Exception {
        String id = submit("select * from " + table() + " order by id");
        StatementInfo info = finish(id);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        return id;
    }

    /** Every page of a result, first to last, following next. */
    private List<ResultPage> allPages(String id) throws Exception {
        List<ResultPage> pages = new ArrayList<>();
        ResultPage page = get(api.fetch(id, null));
        pages.add(page);
        while (!page.isLast()) {
            assertTrue(pages.size() < MAX_PAGES, "the result ends");
            page = get(api.fetch(id, page.next()));
            pages.add(page);
        }
        return pages;
    }

    /** Every item of a listing, following its page tokens. */
    private static <T> List<T> all(Listing<T> listing) throws Exception {
        List<T> items = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            Page<T> page = get(listing.page(token));
            items.addAll(page.items());
            token = page.nextToken();
            assertTrue(token == null || tokens.add(token), "a listing does not repeat a token: " + token);
        } while (token != null);
        return items;
    }

    private interface Listing<T> {
        Future<Page<T>> page(String token);
    }

    private String submit(String sql) throws Exception {
        return get(api.execute(StatementRequest.of(sql)));
    }

    private StatementInfo finish(String id) throws Exception {
        return finish(api, id);
    }

    /** Describes until the statement ends, long-polling where the backend can. */
    static StatementInfo finish(DataApi api, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StatementInfo info = get(api.describe(id, Duration.ofSeconds(5)));
        while (!info.isFinal()) {
            assertTrue(System.nanoTime() < deadline, "statement " + id + " did not end: " + info.status());
            pauseUnlessLongPolls(api);
            info = get(api.describe(id, Duration.ofSeconds(5)));
        }
        return info;
    }

    /** Between describes of a backend that answers at once, a short pause, so that polling does not flood it. */
    private static void pauseUnlessLongPolls(DataApi api) {
        if (!api.capabilities().longPolls()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    /** What the call failed with; fails the test when it succeeds. */
    private static Throwable failure(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
        return e.getCause();
    }
}
