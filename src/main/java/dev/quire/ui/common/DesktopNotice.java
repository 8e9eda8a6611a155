package dev.quire.ui.common;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The desktop's own notification where it has a command for one ({@code notify-send} on Linux,
 * {@code osascript} on macOS); elsewhere nothing. Commands start on one named thread, never the
 * FX thread; notices beyond a few waiting are dropped.
 */
public final class DesktopNotice implements AutoCloseable {

    private final ThreadPoolExecutor runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4), r -> {
                Thread t = new Thread(r, "quire-desktop-notice");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /** Shows the notice on the desktop, if it can. */
    public void show(String title, String text) {
        if (!runner.isShutdown()) {
            runner.execute(() -> command(title, text).ifPresent(DesktopNotice::start));
        }
    }

    static java.util.Optional<List<String>> command(String title, String text) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return onPath("osascript").map(exe -> List.of(exe.toString(), "-e",
                    "display notification " + appleQuoted(text) + " with title " + appleQuoted(title)));
        }
        if (os.contains("linux") || os.contains("bsd")) {
            return onPath("notify-send").map(exe -> List.of(exe.toString(), "--app-name=Quire", title, text));
        }
        return java.util.Optional.empty();
    }

    private static String appleQuoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static java.util.Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path exe = Path.of(dir, name);
            if (Files.isExecutable(exe)) {
                return java.util.Optional.of(exe);
            }
        }
        return java.util.Optional.empty();
    }

    private static void start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            System.getLogger(DesktopNotice.class.getName()).log(System.Logger.Level.DEBUG,
                    "no desktop notification: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
