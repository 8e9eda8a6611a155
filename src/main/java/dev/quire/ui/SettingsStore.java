package dev.quire.ui;

import dev.quire.local.DiskBudget;
import dev.quire.model.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Keeps the settings in settings.properties in the config folder. A value that cannot be read
 * falls back to its default alone; the rest of the file still counts.
 */
public final class SettingsStore {

    private final Path file;
    private final Executor io;

    public SettingsStore(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** Reads the settings now, on the calling thread (never the FX thread): the defaults when none were saved. */
    public Settings read() {
        Settings defaults = Settings.DEFAULT;
        Properties saved = PropertiesFile.read(file, "settings");
        if (saved == null) {
            return defaults;
        }
        Settings.Theme theme = defaults.theme();
        try {
            theme = Settings.Theme.valueOf(saved.getProperty("theme", theme.name()).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // the default
        }
        int fontSize = defaults.editorFontSize();
        try {
            fontSize = Integer.parseInt(saved.getProperty("editor.font.size", String.valueOf(fontSize)).strip());
        } catch (NumberFormatException e) {
            // the default
        }
        long budget = defaults.resultsBudgetBytes();
        try {
            budget = DiskBudget.parse(saved.getProperty("results.budget", String.valueOf(budget)));
        } catch (IllegalArgumentException e) {
            // the default
        }
        boolean dot = !"false".equalsIgnoreCase(saved.getProperty("editor.complete.on.dot", "true").strip());
        return new Settings(theme, fontSize, dot, budget);
    }

    /** Saves in the background; the future fails when the file could not be written. */
    public CompletableFuture<Void> save(Settings settings) {
        return CompletableFuture.runAsync(() -> {
            Properties values = new Properties();
            values.setProperty("theme", settings.theme().name().toLowerCase(Locale.ROOT));
            values.setProperty("editor.font.size", String.valueOf(settings.editorFontSize()));
            values.setProperty("editor.complete.on.dot", String.valueOf(settings.completeOnDot()));
            values.setProperty("results.budget", String.valueOf(settings.resultsBudgetBytes()));
            try {
                PropertiesFile.write(file, values, "Quire settings");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not save the settings to " + file + ": "
                        + e.getMessage(), e);
            }
        }, io);
    }
}
