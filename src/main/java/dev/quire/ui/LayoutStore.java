package dev.quire.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Keeps the window's layout between starts in a properties file: the history pane's place, the
 * window's place, size and maximized state, and the divider positions. A value that cannot be
 * read falls back to its default alone; the rest of the file still counts.
 */
public final class LayoutStore {

    private static final System.Logger LOG = System.getLogger(LayoutStore.class.getName());

    private final Path file;
    private final Executor io;

    public LayoutStore(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** Reads the layout now, on the calling thread (never the FX thread): the defaults when nothing was saved. */
    public WindowLayout read() {
        WindowLayout defaults = WindowLayout.defaults();
        Properties saved = PropertiesFile.read(file, "saved layout");
        if (saved == null) {
            return defaults;
        }
        WorkbenchView.HistoryPlace history;
        try {
            history = WorkbenchView.HistoryPlace.valueOf(saved.getProperty("history", defaults.history().name()));
        } catch (IllegalArgumentException e) {
            history = defaults.history();
        }
        double width = number(saved, "window.width", defaults.width());
        double height = number(saved, "window.height", defaults.height());
        if (width < WindowLayout.MIN_WIDTH || height < WindowLayout.MIN_HEIGHT) {
            width = defaults.width();
            height = defaults.height();
        }
        return new WindowLayout(history, number(saved, "window.x", Double.NaN), number(saved, "window.y", Double.NaN),
                width, height, Boolean.parseBoolean(saved.getProperty("window.maximized", "false")),
                fractions(saved.getProperty("split.sides")), fractions(saved.getProperty("split.middle")));
    }

    /** Saves in the background. */
    public CompletableFuture<Void> save(WindowLayout layout) {
        return CompletableFuture.runAsync(() -> {
            Properties values = new Properties();
            values.setProperty("history", layout.history().name());
            if (layout.placed()) {
                values.setProperty("window.x", String.valueOf(layout.x()));
                values.setProperty("window.y", String.valueOf(layout.y()));
            }
            values.setProperty("window.width", String.valueOf(layout.width()));
            values.setProperty("window.height", String.valueOf(layout.height()));
            values.setProperty("window.maximized", String.valueOf(layout.maximized()));
            values.setProperty("split.sides", join(layout.sides()));
            values.setProperty("split.middle", join(layout.middle()));
            try {
                PropertiesFile.write(file, values, "Quire window layout");
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not save the layout to " + file, e);
            }
        }, io);
    }

    private static double number(Properties saved, String key, double otherwise) {
        String text = saved.getProperty(key);
        if (text == null) {
            return otherwise;
        }
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) && Math.abs(value) < 100_000 ? value : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Divider positions "0.2,0.74": each between 0 and 1, in order; anything else means none kept. */
    private static List<Double> fractions(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Double> values = new ArrayList<>();
        double before = 0;
        for (String part : text.split(",")) {
            try {
                double value = Double.parseDouble(part.strip());
                if (!(value > before && value < 1)) {
                    return List.of();
                }
                values.add(value);
                before = value;
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return values;
    }

    private static String join(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
