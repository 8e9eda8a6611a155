package dev.quire.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * For start-up measurements: with QUIRE_STARTUP_PROBE=FILE the window writes "shown" and "ready"
 * (the current tab's catalog is there) with their epoch milliseconds to FILE, then closes.
 */
final class StartupProbe {

    static final String VARIABLE = "QUIRE_STARTUP_PROBE";

    private StartupProbe() {
    }

    static void watch(Stage stage, WorkbenchModel model) {
        String target = System.getenv(VARIABLE);
        if (target == null || target.isBlank()) {
            return;
        }
        Path file = Path.of(target);
        StringBuilder lines = new StringBuilder();
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> lines.append("shown ")
                .append(System.currentTimeMillis()).append('\n'));
        model.catalogProperty().addListener((obs, old, catalog) -> {
            if (catalog != null && old == null) {
                lines.append("ready ").append(System.currentTimeMillis()).append('\n');
                try {
                    Files.writeString(file, lines, StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    System.err.println("quire: could not write the start-up probe " + file + ": " + ex.getMessage());
                }
                stage.close();
            }
        });
    }
}
