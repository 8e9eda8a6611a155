package dev.quire.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fails a UI test when an exception reached the FX thread's uncaught handler while it ran: an
 * event handler or a callback that threw, which the user would only see as nothing happening.
 * Register it after TestFX's ApplicationExtension.
 */
public final class FxUncaught implements BeforeEachCallback, AfterEachCallback {

    private static final List<Throwable> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!installed) {
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
                Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> {
                    SEEN.add(error);
                    if (before != null) {
                        before.uncaughtException(thread, error);
                    } else {
                        error.printStackTrace();
                    }
                });
                done.countDown();
            });
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the FX thread did not answer");
            }
            installed = true;
        }
        WaitForAsyncUtils.waitForFxEvents();
        SEEN.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        WaitForAsyncUtils.waitForFxEvents();
        if (!SEEN.isEmpty()) {
            StringWriter trace = new StringWriter();
            SEEN.get(0).printStackTrace(new PrintWriter(trace));
            int count = SEEN.size();
            SEEN.clear();
            throw new AssertionError(count + " exception(s) reached the FX thread's uncaught handler; the first:\n"
                    + trace);
        }
    }
}
