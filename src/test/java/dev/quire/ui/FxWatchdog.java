package dev.quire.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Measures how long the FX thread stays away from its event loop: every 10 ms it samples the
 * thread. A run of samples outside the loop's idle wait, within one task, is one stall, and it
 * counts the time the thread spent working (its CPU time) or waiting inside our code (on I/O or a
 * lock), but not time it was ready to run and the machine gave it no core. Input events and pulses
 * mark where one task ends and the next begins, so a flood of short events (a robot moving the
 * mouse) is not taken for one long stall. The longest stall is what the UI tests bound.
 */
final class FxWatchdog implements AutoCloseable {

    static final long LIMIT_MILLIS = 200;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long fxThread;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fx-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private long busy = -1;
    private long lastSample;
    private long lastCpu;
    private final AtomicLong tasks = new AtomicLong();
    private long lastTasks;
    private final Scene scene;
    private final EventHandler<InputEvent> eventSeen = e -> tasks.incrementAndGet();
    private final Runnable pulseSeen = tasks::incrementAndGet;
    private volatile String stack = "";

    FxWatchdog(Scene scene) {
        this.scene = scene;
        Platform.runLater(() -> {
            scene.addEventFilter(InputEvent.ANY, eventSeen);
            scene.addPreLayoutPulseListener(pulseSeen);
        });
        fxThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("JavaFX Application Thread")).findFirst()
                .orElseThrow().getId();
        lastSample = System.nanoTime();
        lastCpu = threads.getThreadCpuTime(fxThread);
        timer.scheduleAtFixedRate(this::sample, 0, 10, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long now = System.nanoTime();
        long cpu = threads.getThreadCpuTime(fxThread);
        long wall = now - lastSample;
        long worked = cpu - lastCpu;
        lastSample = now;
        lastCpu = cpu;
        ThreadInfo info = threads.getThreadInfo(fxThread, 64);
        if (info == null || paused.get() || idle(info.getStackTrace())) {
            busy = -1;
            return;
        }
        long seen = tasks.get();
        if (busy < 0 || seen != lastTasks) {
            busy = 0;
            lastTasks = seen;
            return;
        }
        boolean ourWait = info.getThreadState() != Thread.State.RUNNABLE && !pacing(info.getStackTrace());
        busy += ourWait ? wall : worked;
        if (busy > worstNanos.get()) {
            worstNanos.set(busy);
            if (busy > TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS)) {
                StringBuilder text = new StringBuilder(info.getThreadState() + ", "
                        + TimeUnit.NANOSECONDS.toMillis(busy) + " ms of work or waiting\n");
                for (StackTraceElement frame : info.getStackTrace()) {
                    text.append("    at ").append(frame).append('\n');
                }
                stack = text.toString();
            }
        }
    }

    /**
     * Builds and lays out the window's tables once, so first-use class loading and interpretation
     * are not counted as a stall, then starts watching.
     */
    static FxWatchdog afterWarmUp(org.testfx.api.FxRobot robot, javafx.scene.Scene window) {
        robot.interact(() -> {
            var table = new javafx.scene.control.TableView<Object[]>();
            table.getStyleClass().add("result-grid");
            for (int c = 0; c < 6; c++) {
                int index = c;
                var column = new javafx.scene.control.TableColumn<Object[], Object>("c" + c);
                column.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(
                        cell.getValue()[index]));
                column.setCellFactory(ignore -> new dev.quire.ui.results.ResultCells.ValueCell<>(index % 2 == 0));
                table.getColumns().add(column);
            }
            java.util.stream.IntStream.range(0, 50).forEach(r -> table.getItems().add(
                    new Object[] {(long) r, "x", (long) r, null, 1L, "y"}));
            var tree = new javafx.scene.control.TreeView<String>(new javafx.scene.control.TreeItem<>("root"));
            java.util.stream.IntStream.range(0, 20).forEach(i -> tree.getRoot().getChildren()
                    .add(new javafx.scene.control.TreeItem<>("item " + i)));
            tree.getRoot().setExpanded(true);
            var tabs = new javafx.scene.control.TabPane(new javafx.scene.control.Tab("a", table),
                    new javafx.scene.control.Tab("b", new javafx.scene.control.ListView<>(
                            javafx.collections.FXCollections.observableArrayList("x", "y"))));
            var scene = new javafx.scene.Scene(new javafx.scene.layout.HBox(tree, tabs), 900, 400);
            scene.getStylesheets().addAll(window.getStylesheets());
            scene.getRoot().applyCss();
            scene.getRoot().layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return new FxWatchdog(window);
    }

    /** The toolkit waiting on its renderer (frame pacing, pixel hand-off): not our code. */
    private static boolean pacing(StackTraceElement[] frames) {
        for (int i = 0; i < Math.min(frames.length, 8); i++) {
            if (frames[i].getMethodName().equals("waitForRenderingToComplete")
                    || frames[i].getClassName().startsWith("com.sun.prism.")) {
                return true;
            }
        }
        return false;
    }

    /** The event loop waiting for work: Monocle's queue, or a desktop toolkit's native loop. */
    private static boolean idle(StackTraceElement[] frames) {
        if (frames.length == 0) {
            return true;
        }
        for (int i = 0; i < Math.min(frames.length, 4); i++) {
            String method = frames[i].getClassName() + "." + frames[i].getMethodName();
            if (method.endsWith("RunnableQueue.getNextRunnable") || method.endsWith("_runLoop")
                    || method.endsWith("_enterNestedEventLoop")) {
                return true;
            }
        }
        return false;
    }

    /** Runs test instrumentation (a screenshot) that occupies the FX thread itself, unmeasured. */
    <E extends Exception> void unmeasured(Action<E> action) throws E {
        paused.set(true);
        try {
            action.run();
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            paused.set(false);
        }
    }

    interface Action<E extends Exception> {
        void run() throws E;
    }

    /** The FX thread's stack when the longest stall over the limit was seen, or empty. */
    String stallStack() {
        return stack;
    }

    long worstMillis() {
        return TimeUnit.NANOSECONDS.toMillis(worstNanos.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Platform.runLater(() -> {
            scene.removeEventFilter(InputEvent.ANY, eventSeen);
            scene.removePreLayoutPulseListener(pulseSeen);
        });
    }
}
