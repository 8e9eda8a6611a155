package dev.quire.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Quire keeps its files. With an explicit home (--data-dir or QUIRE_HOME) everything lives
 * under it; otherwise the platform's usual folders are used.
 */
public record AppDirs(Path config, Path data, Path cache, Path logs) {

    public static final String HOME_VARIABLE = "QUIRE_HOME";
    private static final String APP = "quire";

    public static AppDirs under(Path home) {
        Path root = home.toAbsolutePath().normalize();
        return new AppDirs(root.resolve("config"), root.resolve("data"), root.resolve("cache"), root.resolve("logs"));
    }

    /** Resolves the folders from an explicit home, else QUIRE_HOME, else the platform's conventions. */
    public static AppDirs resolve(Path explicitHome, Map<String, String> env, String osName, Path userHome) {
        if (explicitHome != null) {
            return under(explicitHome);
        }
        String fromEnv = env.get(HOME_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return under(Path.of(fromEnv));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            Path roaming = pathOr(env.get("APPDATA"), userHome.resolve("AppData").resolve("Roaming"));
            Path local = pathOr(env.get("LOCALAPPDATA"), userHome.resolve("AppData").resolve("Local"));
            Path localApp = local.resolve("Quire");
            return new AppDirs(roaming.resolve("Quire"), localApp.resolve("data"), localApp.resolve("cache"),
                    localApp.resolve("logs"));
        }
        if (os.contains("mac")) {
            Path library = userHome.resolve("Library");
            return new AppDirs(library.resolve("Preferences").resolve("dev.quire"),
                    library.resolve("Application Support").resolve("Quire"),
                    library.resolve("Caches").resolve("Quire"), library.resolve("Logs").resolve("Quire"));
        }
        Path config = pathOr(env.get("XDG_CONFIG_HOME"), userHome.resolve(".config")).resolve(APP);
        Path data = pathOr(env.get("XDG_DATA_HOME"), userHome.resolve(".local").resolve("share")).resolve(APP);
        Path cache = pathOr(env.get("XDG_CACHE_HOME"), userHome.resolve(".cache")).resolve(APP);
        Path state = pathOr(env.get("XDG_STATE_HOME"), userHome.resolve(".local").resolve("state")).resolve(APP);
        return new AppDirs(config, data, cache, state.resolve("logs"));
    }

    public static AppDirs resolve(Path explicitHome) {
        return resolve(explicitHome, System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    private static Path pathOr(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}
