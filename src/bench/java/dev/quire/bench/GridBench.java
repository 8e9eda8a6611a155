package dev.quire.bench;

import static dev.quire.bench.Bench.check;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementStatus;
import dev.quire.service.ResultCursor;
import dev.quire.service.ResultStore;
import dev.quire.ui.results.CursorGrid;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;

/**
 * The result grid on a 10,000,000-row result, in a real (headless) window, under the app's own
 * default heap: time from FINISHED to the first rows on screen, time to show the last row (which
 * waits for every page to be fetched and spilled), and peak heap.
 */
public final class GridBench implements Bench.Benchmark {

    static final String GRID = "CursorGrid";

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
                .contenders(GRID);
        long maxHeap = Runtime.getRuntime().maxMemory();
        try (CursorHeapBench.HeapWatch heap = new CursorHeapBench.HeapWatch();
             LocalBench local = LocalBench.start("grid", o -> o.withLimits(200, 16L << 30));
             RedshiftDataClient client = local.quireClient();
             ResultStore store = ResultStore.open(ResultStore.Options.defaults(local.dir().resolve("cache")))) {
            String sql = "select i, i * 2 as twice, 'row ' || i as label, i / 3.0 as third, i % 2 = 0 as even, "
                    + "timestamp '2020-01-01' + to_seconds(i) as at from range(" + rows + ") t(i)";
            StatementInfo info = LocalBench.executeAndAwait(client, sql, Duration.ofMinutes(10));
            check(info.status() == StatementStatus.FINISHED, "the query finished: %s", info.error());
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

    /** True when a cell of the window shows the text; asked on the FX thread. */
    private static boolean shows(Scene scene, String text) throws Exception {
        if (scene == null) {
            return false;
        }
        CompletableFuture<Boolean> found = new CompletableFuture<>();
        Platform.runLater(() -> {
            boolean any = false;
            for (Node node : scene.getRoot().lookupAll(".table-cell")) {
                if (node instanceof Labeled cell && text.equals(cell.getText())) {
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
