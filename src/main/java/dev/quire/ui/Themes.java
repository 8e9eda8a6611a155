package dev.quire.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.quire.model.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * The look: AtlantaFX's Primer theme, light or dark, for every control, plus Quire's palette (the
 * editor's highlighting, the grid's marks) in the same tones. The palette's style sheet is the
 * first of each of Quire's scenes; quire.css takes its colours from it.
 */
public final class Themes {

    static final String LIGHT_PALETTE = resource("palette-light.css");
    static final String DARK_PALETTE = resource("palette-dark.css");

    private static volatile boolean dark;
    private static volatile boolean applied;

    private Themes() {
    }

    /** Whether the theme in use is dark. */
    public static boolean dark() {
        return dark;
    }

    /** Sets the theme of every window, open or to come; on the FX thread. */
    public static void apply(boolean darkTheme) {
        dark = darkTheme;
        applied = true;
        Application.setUserAgentStylesheet(darkTheme ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        for (Window window : List.copyOf(Window.getWindows())) {
            if (window.getScene() != null) {
                style(window.getScene());
            }
        }
    }

    /** Gives a scene the palette of the theme in use, in place of the other one (the light theme if none was set). */
    public static void style(Scene scene) {
        if (!applied) {
            apply(false);
        }
        var sheets = scene.getStylesheets();
        sheets.removeAll(LIGHT_PALETTE, DARK_PALETTE);
        sheets.add(0, dark ? DARK_PALETTE : LIGHT_PALETTE);
        var root = scene.getRoot();
        if (root != null) {
            root.getStyleClass().remove("dark");
            if (dark) {
                root.getStyleClass().add("dark");
            }
        }
    }

    /** Whether the theme is dark, the desktop's preference deciding for SYSTEM (light when it says nothing). */
    public static boolean isDark(Settings.Theme theme, boolean desktopDark) {
        return switch (theme) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> desktopDark;
        };
    }

    /**
     * Asks the desktop whether it prefers dark, in the background: GNOME's color-scheme (or a dark
     * GTK theme), macOS's AppleInterfaceStyle, Windows' AppsUseLightTheme. False when it cannot tell.
     */
    public static CompletableFuture<Boolean> desktopPrefersDark() {
        return CompletableFuture.supplyAsync(() -> {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (os.contains("mac")) {
                return output("defaults", "read", "-g", "AppleInterfaceStyle").toLowerCase(Locale.ROOT)
                        .contains("dark");
            }
            if (os.contains("win")) {
                return output("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                        "/v", "AppsUseLightTheme").matches("(?s).*AppsUseLightTheme\\s+REG_DWORD\\s+0x0\\b.*");
            }
            String scheme = output("gsettings", "get", "org.gnome.desktop.interface", "color-scheme");
            if (scheme.contains("prefer-dark")) {
                return true;
            }
            if (scheme.contains("prefer-light")) {
                return false;
            }
            return output("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme").toLowerCase(Locale.ROOT)
                    .contains("dark");
        }, runnable -> {
            Thread thread = new Thread(runnable, "quire-desktop-theme");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** A command's output, or "" when it is missing, fails or takes over 2 s. */
    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") ? "NUL"
                                    : "/dev/null"))).start();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? text.strip() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String resource(String name) {
        return Objects.requireNonNull(Themes.class.getResource(name), name).toExternalForm();
    }
}
