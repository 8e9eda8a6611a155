package dev.quire.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.service.ExportFormat;
import dev.quire.service.GeneratedResultApi;
import dev.quire.service.ResultCursor;
import dev.quire.service.RowFilter;
import dev.quire.service.SpillStore;
import dev.quire.ui.common.StepTicker;
import dev.quire.ui.common.UiQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.beans.value.ObservableValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid's model without the toolkit: a queue stands in for the FX thread and a step ticker for
 * the refill's pause; results come from a backend double through a real spill store, where the
 * sorted and filtered views are made.
 */
class GridModelTest {

    @TempDir
    static Path dir;
    static SpillStore store;

    final UiQueue ui = new UiQueue();
    final StepTicker refill = new StepTicker();
    final List<String> problems = new ArrayList<>();
    final List<Integer> revealed = new ArrayList<>();
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void openStore() throws Exception {
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @AfterEach
    void closeCursors() throws Exception {
        for (AutoCloseable cursor : opened) {
            cursor.close();
        }
    }

    private ResultCursor open(GeneratedResultApi api, String id) throws Exception {
        ResultCursor cursor = store.open(api, id).get(60, TimeUnit.SECONDS);
        opened.add(cursor);
        return cursor;
    }

    /** A model over a result of every row fetched, (i, "row i") for i below rows. */
    private GridModel fetched(int rows) throws Exception {
        ResultCursor cursor = open(GeneratedResultApi.forward(rows, 1_000, true), "fetched-" + rows);
        cursor.whenDone().get(60, TimeUnit.SECONDS);
        return model(cursor);
    }

    private GridModel model(ResultCursor cursor) {
        GridModel model = new GridModel(cursor, ui, refill, problems::add);
        model.onReveal(revealed::add);
        return model;
    }

    private static String status(GridModel model) {
        return model.statusProperty().get();
    }

    private void awaitStatus(GridModel model, String status) throws InterruptedException {
        ui.runUntil(() -> status(model).equals(status), () -> "status '" + status + "', not '" + status(model) + "'");
    }

    /** A cell of the window's item, as the table asks for it. */
    private static ObservableValue<Object> cell(GridModel model, int item, int column) {
        return model.cell(model.rowsProperty().get().get(item), column);
    }

    /**
     * Runs the UI queue until the cell is no longer pending; whenever the refill waits for pages to
     * pause, the pause passes.
     */
    private Object await(ObservableValue<Object> cell) throws InterruptedException {
        ui.runUntil(() -> {
            if (cell.getValue() == ResultCells.PENDING) {
                refill.tick();
            }
            return cell.getValue() != ResultCells.PENDING;
        }, () -> "the cell to fill in");
        return cell.getValue();
    }

    /** Answers one fetch the double holds, once there is one. */
    private static void releaseOne(GeneratedResultApi api) {
        long deadline = System.nanoTime() + UiQueue.PATIENCE.toNanos();
        while (!api.release()) {
            assertTrue(System.nanoTime() < deadline, "no fetch came");
            Thread.onSpinWait();
        }
    }

    @Test
    void theLastRowOfTenMillionRowsIsThereAfterAtMostThreePageFetches() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.randomAccess(10_000_000, 500);
        GridModel model = model(open(api, "ten-million"));
        assertEquals(10_000_000, model.rowCount());
        assertTrue(model.windowedProperty().get());
        assertEquals(RowWindow.SIZE, model.rowsProperty().get().size());
        assertEquals("row 0", await(cell(model, 0, 1)));
        assertEquals("500 of 10,000,000 rows fetched", status(model));

        List<Integer> selected = new ArrayList<>();
        model.jump(model.rowCount() - 1, selected::add);
        assertEquals(List.of(RowWindow.SIZE - 1), selected, "the last item of the window");
        assertEquals(10_000_000 - RowWindow.SIZE, model.window().start());
        assertEquals(9_999_999L, await(cell(model, RowWindow.SIZE - 1, 0)));
        assertEquals(List.of(RowWindow.SIZE - 1), revealed, "brought into view again once its rows are there");
        List<Long> fetches = api.fetches();
        assertTrue(fetches.size() <= 3, "page fetches: " + fetches);
        assertTrue(fetches.contains(9_999_500L), "the page that holds the last row: " + fetches);

        int before = api.fetches().size();
        model.goTo("5,000,000", selected::add);
        assertEquals(RowWindow.SIZE / 2, selected.get(1), "the row in the middle of the window");
        assertEquals("row 4999999", await(cell(model, RowWindow.SIZE / 2, 1)));
        List<Long> since = api.fetches().subList(before, api.fetches().size());
        assertTrue(since.contains(4_999_500L) && since.size() <= 2, "go to row: the pages on screen only: " + since);
        assertEquals(List.of(), problems);
    }

    @Test
    void goToRowSaysSoWhenItIsNoNumber() throws Exception {
        GridModel model = fetched(1_000);
        List<Integer> selected = new ArrayList<>();
        model.goTo("ten", selected::add);
        assertEquals("Type a row number.", status(model));
        assertEquals(List.of(), selected);
        model.goTo(" 1,000 ", selected::add);
        model.goTo("5000", selected::add);
        model.goTo("-3", selected::add);
        assertEquals(List.of(999, 999, 0), selected, "clamped to the rows there are");
    }

    @Test
    void theRowsGrowWhileTheTotalIsNotKnownAndPendingCellsFillIn() throws Exception {
        GeneratedResultApi api = GeneratedResultApi.forward(50_000, 1_000, false);
        api.hold();
        var opening = store.open(api, "growing");
        releaseOne(api);
        ResultCursor cursor = opening.get(60, TimeUnit.SECONDS);
        opened.add(cursor);
        GridModel model = model(cursor);
        GridModel.Rows first = model.rowsProperty().get();
        assertEquals(1_000, first.size());
        assertEquals("1,000 rows fetched, more to come", status(model));

        releaseOne(api);
        awaitStatus(model, "2,000 rows fetched, more to come");
        assertSame(first, model.rowsProperty().get(), "the same rows, grown");
        assertEquals(2_000, first.size());
        ObservableValue<Object> later = cell(model, 1_999, 1);
        assertEquals("row 1999", await(later));
        ObservableValue<Object> ahead = model.cell(new GridModel.GridRow(first.source(), 2_500), 1);
        assertSame(ResultCells.PENDING, ahead.getValue(), "not fetched yet");

        releaseOne(api);
        assertEquals("row 2500", await(ahead), "read once its page is there and the pages pause");
        long deadline = System.nanoTime() + UiQueue.PATIENCE.toNanos();
        while (cursor.state() != ResultCursor.State.DONE) {
            assertTrue(System.nanoTime() < deadline, "the cursor did not finish");
            api.release();
            Thread.onSpinWait();
        }
        awaitStatus(model, "50,000 rows");
        assertEquals(50_000, model.rowCount());
        assertEquals(RowWindow.SIZE, first.size(), "past a window of rows the window stops growing");
        assertTrue(model.windowedProperty().get());

        assertTrue(model.slideTo(30_000));
        GridModel.Rows slid = model.rowsProperty().get();
        assertNotSame(first, slid);
        assertSame(first.source(), slid.source(), "a window of the same source");
        assertEquals(20_000, model.window().start());
        assertEquals(30_000, slid.get(RowWindow.SIZE / 2).index());
        assertEquals("row 30000", await(cell(model, RowWindow.SIZE / 2, 1)));
        assertFalse(model.slideTo(30_000), "already there");
    }

    @Test
    void sortsAndFiltersShowViewsOfTheFetchedRowsAndTheirStatus() throws Exception {
        GridModel model = fetched(5_000);
        assertEquals("5,000 rows", status(model));
        Object plain = model.rowsProperty().get().source();

        model.reshape(0, false, 0, "");
        assertEquals("Sorting the fetched rows…", status(model));
        assertEquals(new GridModel.Sort(0, false), model.sortProperty().get());
        awaitStatus(model, "5,000 of 5,000 rows · sorted by id, descending");
        assertEquals(4_999L, await(cell(model, 0, 0)));
        assertEquals("row 4998", await(cell(model, 1, 1)));

        model.reshape(0, false, 1, "ROW 49");
        assertEquals("Sorting and filtering the fetched rows…", status(model));
        awaitStatus(model, "111 of 5,000 rows · label contains \"ROW 49\" · sorted by id, descending");
        assertEquals(111, model.rowCount());
        assertEquals(111, model.rowsProperty().get().size());
        assertEquals("row 4999", await(cell(model, 0, 1)));
        assertEquals("row 49", await(cell(model, 110, 1)));

        model.reshape(-1, true, 1, "ROW 49");
        assertEquals("Filtering the fetched rows…", status(model));
        awaitStatus(model, "111 of 5,000 rows · label contains \"ROW 49\"");
        assertEquals("row 49", await(cell(model, 0, 1)));

        model.reshape(-1, true, 1, "  ");
        assertEquals("5,000 rows", status(model), "no sort, no filter: the result itself, at once");
        assertEquals(GridModel.Sort.NONE, model.sortProperty().get());
        assertNotSame(plain, model.rowsProperty().get().source(), "rows of a new source");
        assertEquals(0L, await(cell(model, 0, 0)));
        assertEquals(List.of(), problems);
    }

    @Test
    void filtersByValueStayThroughSortsAndTheFilterBarUntilCleared() throws Exception {
        GridModel model = fetched(5_000);
        model.filterBy(RowFilter.compare(1, RowFilter.Op.EQ, "row 42"));
        assertTrue(model.valueFiltered());
        awaitStatus(model, "1 of 5,000 rows · label = \"row 42\"");
        assertEquals(42L, await(cell(model, 0, 0)));

        model.clearValueFilters();
        model.filterBy(RowFilter.compare(0, RowFilter.Op.NE, 0L));
        awaitStatus(model, "4,999 of 5,000 rows · id ≠ 0");
        assertEquals(1L, await(cell(model, 0, 0)));

        model.reshape(0, false, 1, "ROW 49");
        awaitStatus(model, "111 of 5,000 rows · label contains \"ROW 49\" · id ≠ 0 · sorted by id, descending");
        assertEquals(4_999L, await(cell(model, 0, 0)));

        model.filterBy(RowFilter.isNull(1));
        awaitStatus(model, "0 of 5,000 rows · label contains \"ROW 49\" · id ≠ 0 · label is NULL"
                + " · sorted by id, descending");
        assertEquals(0, model.rowCount());

        model.clearValueFilters();
        assertFalse(model.valueFiltered());
        awaitStatus(model, "111 of 5,000 rows · label contains \"ROW 49\" · sorted by id, descending");
        model.reshape(-1, true, 1, "");
        assertEquals("5,000 rows", status(model));
        assertEquals(List.of(), problems);
    }

    @Test
    void onlyTheLatestViewAskedForIsShownAndOlderRowsStayPending() throws Exception {
        GridModel model = fetched(5_000);
        List<String> statuses = new ArrayList<>();
        model.statusProperty().addListener((obs, old, now) -> statuses.add(now));
        GridModel.GridRow older = model.rowsProperty().get().get(0);

        model.reshape(0, true, 0, "");
        ui.awaitQueued(1);
        model.reshape(0, false, 0, "");
        ui.awaitQueued(2);
        ObservableValue<Object> olderCell = model.cell(older, 0);
        ui.awaitQueued(3);
        assertEquals(3, ui.runQueued(), "the ascending view, the descending one, the older rows");
        assertEquals("5,000 of 5,000 rows · sorted by id, descending", status(model));
        assertEquals(4_999L, await(cell(model, 0, 0)));
        assertTrue(statuses.stream().noneMatch(status -> status.contains("ascending")),
                "the ascending view came too late and was dropped: " + statuses);
        assertSame(ResultCells.PENDING, olderCell.getValue(), "a read of a source no longer shown is dropped");
        assertSame(ResultCells.PENDING, model.cell(older, 0).getValue());
        assertEquals(List.of(), problems);
    }

    @Test
    void aViewCancelledByANewerOneSaysNothingWhereTheUiExecutorRunsAtOnce() throws Exception {
        Thread uiThread = Thread.currentThread();
        Executor fxLike = command -> {
            if (Thread.currentThread() == uiThread) {
                command.run();
            } else {
                ui.execute(command);
            }
        };
        ResultCursor cursor = open(GeneratedResultApi.forward(100_000, 5_000, true), "at-once");
        cursor.whenDone().get(60, TimeUnit.SECONDS);
        GridModel model = new GridModel(cursor, fxLike, refill, problems::add);
        model.reshape(0, true, 0, "");
        model.reshape(0, false, 0, "");
        awaitStatus(model, "100,000 of 100,000 rows · sorted by id, descending");
        assertEquals(new GridModel.Sort(0, false), model.sortProperty().get(), "the header keeps the newer sort");
        assertEquals(List.of(), problems, "the older view's cancellation is no failure");
    }

    @Test
    void aFailedSortSaysSoAndTheHeaderIsToShowTheOrderTheRowsHave() throws Exception {
        GridModel model = fetched(1_000);
        opened.get(0).close();
        model.reshape(1, true, 0, "");
        ui.runUntil(() -> status(model).startsWith("Could not sort the rows: "), () -> status(model));
        assertEquals(GridModel.Sort.NONE, model.sortProperty().get());
        assertEquals(List.of(status(model)), problems, "handed on to the window's messages");
    }

    @Test
    void copyHandsTheRowsWithTheirHeadersOverAsTsv() throws Exception {
        GridModel model = fetched(1_000);
        List<String> clipboard = new ArrayList<>();
        model.copy(List.of(3L, 2L, 5L), clipboard::add);
        awaitStatus(model, "Copied 3 rows");
        assertEquals(List.of("id\tlabel\n3\trow 3\n2\trow 2\n5\trow 5\n"), clipboard);
        model.copy(List.of(), clipboard::add);
        assertEquals(1, clipboard.size(), "nothing selected, nothing copied");
    }

    @Test
    void anExportOfAViewWritesItsRowsAndSaysSo() throws Exception {
        GridModel model = fetched(1_000);
        model.reshape(0, false, 1, "row 99");
        awaitStatus(model, "11 of 1,000 rows · label contains \"row 99\" · sorted by id, descending");
        Path file = dir.resolve("view.csv");
        var written = model.exportTo(file, ExportFormat.CSV);
        assertEquals("Exporting to view.csv…", status(model));
        awaitStatus(model, "Exported 11 rows to " + file);
        assertEquals(11L, written.get(60, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("id,label", "999,row 999", "998,row 998"), lines.subList(0, 3));
        assertEquals(12, lines.size());

        Path nowhere = dir.resolve("missing-folder").resolve("x.csv");
        model.exportTo(nowhere, ExportFormat.CSV);
        ui.runUntil(() -> status(model).startsWith("Export to " + nowhere + " failed: "), () -> status(model));
        assertEquals(1, problems.size());
    }
}
