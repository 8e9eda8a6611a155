package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDirsTest {

    private static final Path HOME = Path.of("/home/ana");

    @Test
    void explicitHomeWinsOverEverything() {
        AppDirs dirs = AppDirs.resolve(Path.of("/tmp/q"), Map.of("QUIRE_HOME", "/elsewhere"), "Linux", HOME);
        assertEquals(Path.of("/tmp/q/config"), dirs.config());
        assertEquals(Path.of("/tmp/q/data"), dirs.data());
        assertEquals(Path.of("/tmp/q/cache"), dirs.cache());
        assertEquals(Path.of("/tmp/q/logs"), dirs.logs());
    }

    @Test
    void quireHomeVariableComesNext() {
        AppDirs dirs = AppDirs.resolve(null, Map.of("QUIRE_HOME", "/srv/quire"), "Linux", HOME);
        assertEquals(Path.of("/srv/quire/data"), dirs.data());
    }

    @Test
    void linuxFollowsXdg() {
        AppDirs defaults = AppDirs.resolve(null, Map.of(), "Linux", HOME);
        assertEquals(Path.of("/home/ana/.config/quire"), defaults.config());
        assertEquals(Path.of("/home/ana/.local/share/quire"), defaults.data());
        assertEquals(Path.of("/home/ana/.cache/quire"), defaults.cache());
        assertEquals(Path.of("/home/ana/.local/state/quire/logs"), defaults.logs());
        AppDirs custom = AppDirs.resolve(null, Map.of("XDG_CONFIG_HOME", "/c", "XDG_DATA_HOME", "/d",
                "XDG_CACHE_HOME", "/k"), "Linux", HOME);
        assertEquals(Path.of("/c/quire"), custom.config());
        assertEquals(Path.of("/d/quire"), custom.data());
        assertEquals(Path.of("/k/quire"), custom.cache());
    }

    @Test
    void macAndWindowsUseTheirFolders() {
        AppDirs mac = AppDirs.resolve(null, Map.of(), "Mac OS X", HOME);
        assertEquals(HOME.resolve("Library/Application Support/Quire"), mac.data());
        assertEquals(HOME.resolve("Library/Caches/Quire"), mac.cache());
        AppDirs windows = AppDirs.resolve(null, Map.of("APPDATA", "/w/Roaming", "LOCALAPPDATA", "/w/Local"),
                "Windows 11", HOME);
        assertEquals(Path.of("/w/Roaming/Quire"), windows.config());
        assertEquals(Path.of("/w/Local/Quire/data"), windows.data());
    }
}
