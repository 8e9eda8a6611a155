package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's command line: `quire [--data-dir DIR] FILE.sql ...`. */
class GuiArgsTest {

    @TempDir
    Path dir;

    private static Args parse(String... words) {
        return Args.parse(words, Main.COMMANDS, Main.FLAGS);
    }

    @Test
    void filesAfterOptionsAreTheWindowsPositionalWords() {
        Args args = parse("--data-dir", "/tmp/q", "a.sql", "sub/b.sql");
        assertNull(args.command());
        assertEquals(Path.of("/tmp/q"), args.dataDir());
        assertEquals(List.of("a.sql", "sub/b.sql"), args.positional());
        assertEquals(List.of("x.sql"), parse("gui", "x.sql").positional());
    }

    @Test
    void filesBecomeAbsolutePathsInOrderEvenWhenMissing() throws Exception {
        Path existing = Files.writeString(dir.resolve("script"), "select 1");
        List<Path> files = GuiCommand.files(List.of("b.sql", "./x/../a.sql", existing.toString(),
                dir.resolve("missing.sql").toString()));
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(List.of(cwd.resolve("b.sql"), cwd.resolve("a.sql"), existing, dir.resolve("missing.sql")),
                files);
        assertEquals(List.of(), GuiCommand.files(List.of()));
    }

    @Test
    void aWordThatIsNoFileNameIsAMistypedCommand() {
        var e = assertThrows(Args.UsageException.class, () -> GuiCommand.files(List.of("serv")));
        assertEquals("unknown command 'serv'", e.getMessage());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--data-dir", dir.toString(), "serv"}, new PrintStream(
                new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("quire: unknown command 'serv'") && text.contains("FILE.sql"), text);
    }
}
