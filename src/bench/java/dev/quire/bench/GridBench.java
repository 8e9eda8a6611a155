package dev.quire.bench;

import static dev.quire.bench.Bench.check;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import dev.quire.ui.OnScreen;
import dev.quire.ui.results.CursorGrid;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

/**
 * The result grid on a 10,000,000-row result, in a real (headless) window, under the app's own
 * default heap: time from FINISHED to the first rows on screen, time to show the last row (which
 * waits for every page to be fetched and spilled), and peak heap; then, side by side, what a scroll
 * step and a jump cost on the FX thread in the grid and in a plain TableView holding every row.
 */
public final class GridBench implements Bench.Benchmark {

    static final String GRID = "CursorGrid";
    static final String PLAIN = "TableView over every row";

    /** Scroll steps timed per contender. */
    static final int STEPS = 40;

    /** How often the screen is looked at: often enough for the figures, rarely enough not to load the FX thread. */
    static final long POLL_MILLIS = 20;

    private final long rows = Long.getLong("bench.grid.rows", 10_000_000L);

    @Override
    public String name() {
        return "GridBench";
    }

    /** The app sets no -Xmx, so neither does this run: the JVM's default heap. */
    @Override
    public String heap() {
        return "default";
    }

    @Override
    public Bench.Result run() throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "%,d rows × 6 columns in the result grid of a headless window, JVM default heap", rows))
                .contenders(GRID, PLAIN);
        long maxHeap = Runtime.getRuntime().maxMemory();
        try (CursorHeapBench.HeapWatch heap = new CursorHeapBench.HeapWatch();
             LocalBench local = LocalBench.start("grid", o -> o.withLimits(200, 16L << 30));
             RedshiftDataClient client = local.quireClient();
             SpillStore store = SpillStore.open(SpillStore.Options.defaults(local.dir().resolve("cache")))) {
            String sql = "select i, i * 2 as twice, 'row ' || i as label, i / 3.0 as third, i % 2 = 0 as even, "
                    + "timestamp '2020-01-01' + to_seconds(i) as at from range(" + rows + ") t(i)";
            StatementInfo info = LocalBench.executeAndAwait(client, sql, Duration.ofMinutes(10));
            check(info.status() == RunState.FINISHED, "the query finished: %s", info.error());
            long finished = System.nanoTime();
            ResultCursor cursor = store.open(client, info.id()).get(60, TimeUnit.SECONDS);
            AtomicReference<CursorGrid> grid = new AtomicReference<>();
            AtomicReference<Scene> scene = new AtomicReference<>();
            Platform.runLater(() -> {
                CursorGrid shown = new CursorGrid(cursor);
                Scene window = new Scene(shown, 1000, 600);
                window.getStylesheets().add(Objects.requireNonNull(
                        dev.quire.ui.QuireApp.class.getResource("quire.css")).toExternalForm());
                Stage stage = new Stage();
                stage.setScene(window);
                stage.show();
                grid.set(shown);
                scene.set(window);
            });
            await(() -> shows(scene.get(), "row 0"), Duration.ofMinutes(1));
            long firstRows = System.nanoTime() - finished;
            check(cursor.totalRows() == rows, "the grid knows %,d rows up front", rows);
            Platform.runLater(() -> grid.get().scrollTo(rows - 1));
            await(() -> {
                ResultCursor.Progress progress = cursor.progress();
                check(progress.state() != ResultCursor.State.FAILED, "the cursor failed after %,d rows: %s",
                        progress.fetchedRows(), progress.failure());
                return shows(scene.get(), "row " + (rows - 1));
            }, Duration.ofMinutes(20));
            long lastRow = System.nanoTime() - finished;
            heap.checkpoint();
            scrollCosts(result, GRID, grid.get().table(), row -> grid.get().scrollTo(row));
            AtomicReference<TableView<Long>> plain = new AtomicReference<>();
            Platform.runLater(() -> plain.set(plainTable(rows)));
            await(() -> plain.get() != null && plain.get().lookup(".virtual-flow") != null, Duration.ofMinutes(1));
            scrollCosts(result, PLAIN, plain.get(), row -> plain.get().scrollTo((int) row));
            result.ratio("scroll step: " + PLAIN + " ÷ " + GRID, PLAIN, GRID, "scroll step (24 px), median");
            Platform.runLater(() -> plain.get().getScene().getWindow().hide());
            result.add(GRID, "FINISHED → first rows on screen", "ms", Bench.millis(firstRows));
            result.add(GRID, "FINISHED → last row on screen", "s", Bench.seconds(lastRow));
            result.add(GRID, "peak heap used, sampled every 10 ms", "MiB", heap.sampledMax() / 1048576.0);
            result.add(GRID, "live heap after a full GC at the end", "MiB", heap.maxLive() / 1048576.0);
            result.fact("rows", rows);
            result.fact("max heap (JVM default, MiB)", maxHeap >> 20);
            result.fact("last row shown", "row " + (rows - 1));
            Platform.runLater(() -> scene.get().getWindow().hide());
            cursor.close();
        } finally {
            Platform.exit();
        }
        return result;
    }

    /**
     * Times, on the FX thread, what a scroll costs the table: a 24 px wheel step and a jump to a
     * row, each followed by the layout it causes.
     */
    private static void scrollCosts(Bench.Result result, String contender, TableView<?> table,
                                     java.util.function.LongConsumer jump) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                VirtualFlow<?> flow = (VirtualFlow<?>) table.lookup(".virtual-flow");
                jump.accept(table.getItems().size() / 3);
                table.layout();
                for (int i = 0; i < STEPS; i++) {
                    long start = System.nanoTime();
                    flow.scrollPixels(24);
                    table.layout();
                    result.add(contender, "scroll step (24 px), median", "ms", Bench.millis(System.nanoTime() - start));
                }
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    jump.accept(rowsOf(table) / 7 * (i + 1));
                    table.layout();
                    result.add(contender, "jump to a row, median of 5", "ms", Bench.millis(System.nanoTime() - start));
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.MINUTES);
    }

    private static long rowsOf(TableView<?> table) {
        return table.getParent() != null && table.getParent().getParent() instanceof CursorGrid grid
                ? grid.rowCount() : table.getItems().size();
    }

    /** The plain way: a TableView whose items are every row index, with six computed columns. */
    private static TableView<Long> plainTable(long rows) {
        TableView<Long> table = new TableView<>();
        String[] names = {"i", "twice", "label", "third", "even", "at"};
        for (String name : names) {
            TableColumn<Long, Object> column = new TableColumn<>(name);
            column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(name + " " + cell.getValue()));
            table.getColumns().add(column);
        }
        table.setItems(new javafx.collections.ObservableListBase<Long>() {
            @Override
            public Long get(int index) {
                return (long) index;
            }

            @Override
            public int size() {
                return (int) rows;
            }
        });
        Stage stage = new Stage();
        stage.setScene(new Scene(table, 1000, 600));
        stage.show();
        return table;
    }

    /** True when a cell in view shows the text; asked on the FX thread. */
    private static boolean shows(Scene scene, String text) throws Exception {
        if (scene == null) {
            return false;
        }
        CompletableFuture<Boolean> found = new CompletableFuture<>();
        Platform.runLater(() -> {
            boolean any = false;
            for (Node node : scene.getRoot().lookupAll(".table-cell")) {
                if (node instanceof Labeled cell && text.equals(cell.getText()) && OnScreen.inViewport(cell)) {
                    any = true;
                    break;
                }
            }
            found.complete(any);
        });
        return found.get(10, TimeUnit.SECONDS);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            check(System.nanoTime() < deadline, "the grid showed the rows within %s", limit);
            Thread.sleep(POLL_MILLIS);
        }
    }

}
