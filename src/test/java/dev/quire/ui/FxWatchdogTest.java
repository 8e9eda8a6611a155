package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The watchdog the UI tests rely on: it sees a blocked or busy FX thread, and not a flood of short events. */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class FxWatchdogTest {

    Scene scene;

    @Start
    void start(Stage stage) {
        scene = new Scene(new Label("watched"), 200, 100);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void waitingOnALockOnTheFxThreadIsAStall(FxRobot robot) throws Exception {
        try (FxWatchdog watchdog = FxWatchdog.afterWarmUp(robot, scene)) {
            robot.interact(() -> waitOnALock(400));
            assertTrue(watchdog.worstMillis() >= 300, "saw " + watchdog.worstMillis() + " ms");
            assertTrue(watchdog.stallStack().contains("waitOnALock"), watchdog.stallStack());
        }
    }

    @Test
    void busyWorkOnTheFxThreadIsAStall(FxRobot robot) throws Exception {
        try (FxWatchdog watchdog = FxWatchdog.afterWarmUp(robot, scene)) {
            robot.interact(() -> spin(400));
            assertTrue(watchdog.worstMillis() >= 250, "saw " + watchdog.worstMillis() + " ms");
        }
    }

    @Test
    void manyShortEventsAreNotOneStall(FxRobot robot) throws Exception {
        try (FxWatchdog watchdog = FxWatchdog.afterWarmUp(robot, scene)) {
            AtomicInteger moved = new AtomicInteger();
            scene.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
                spin(3);
                moved.incrementAndGet();
            });
            for (int i = 0; i < 300; i++) {
                Platform.runLater(() -> Event.fireEvent(scene.getRoot(), new MouseEvent(MouseEvent.MOUSE_MOVED,
                        10, 10, 10, 10, null, 0, false, false, false, false, false, false, false, false, false,
                        false, null)));
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(moved.get() == 300, "all events handled");
            assertTrue(watchdog.worstMillis() < 100, "saw " + watchdog.worstMillis() + " ms");
        }
    }

    /** What the UI must never do: wait for another thread (here, a latch nobody counts down). */
    private static void waitOnALock(long millis) {
        try {
            new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Works on the calling thread for this much of its own CPU time: on a busy machine the thread
     * may wait for a core meanwhile, which the watchdog rightly does not count.
     */
    private static void spin(long millis) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x += System.nanoTime() % 7;
            }
        }
        if (x == 42) {
            System.out.print("");
        }
    }
}
