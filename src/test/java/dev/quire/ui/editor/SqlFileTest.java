package dev.quire.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a SQL file for a tab: text, or a message that says why not. */
class SqlFileTest {

    @TempDir
    Path dir;

    @Test
    void readsUtf8WithoutTheByteOrderMark() throws Exception {
        Path path = Files.writeString(dir.resolve("q.sql"), "\uFEFFsé");
        SqlFile file = SqlFile.read(path);
        assertTrue(file.ok(), file.problem());
        assertEquals("sé", file.text());
        assertEquals("q.sql", file.name());
        assertNull(file.problem());
    }

    @Test
    void namesWhatIsWrong() throws Exception {
        assertEquals("Could not open " + dir.resolve("none.sql") + ": no such file.",
                SqlFile.read(dir.resolve("none.sql")).problem());
        assertTrue(SqlFile.read(dir).problem().endsWith(": it is a folder."));
        Path latin1 = Files.write(dir.resolve("latin1.sql"), new byte[] {'s', (byte) 0xE9});
        assertTrue(SqlFile.read(latin1).problem().endsWith(": it is not UTF-8 text."));
        Path large = dir.resolve("large.sql");
        try (RandomAccessFile out = new RandomAccessFile(large.toFile(), "rw")) {
            out.setLength(SqlFile.MAX_BYTES + 5 * 1024 * 1024);
        }
        SqlFile tooLarge = SqlFile.read(large);
        assertNull(tooLarge.text());
        assertTrue(tooLarge.problem().endsWith(": it is too large (21.0 MB; the limit is 16 MB)."), tooLarge.problem());
    }

    @Test
    void aSaveReplacesTheFileWholeKeepsItsPermissionsAndLeavesNothingBeside(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("q.sql");
        java.nio.file.Files.writeString(file, "old");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        org.junit.jupiter.api.Assertions.assertNull(SqlFile.write(file, "select 'ü'"));
        org.junit.jupiter.api.Assertions.assertEquals("select 'ü'", SqlFile.read(file).text());
        org.junit.jupiter.api.Assertions.assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)));
        try (var left = java.nio.file.Files.list(dir)) {
            org.junit.jupiter.api.Assertions.assertEquals(List.of(file), left.toList());
        }
        org.junit.jupiter.api.Assertions.assertEquals("Could not save " + dir + ": it is a folder.", SqlFile.write(dir, "x"));
        org.junit.jupiter.api.Assertions.assertEquals("Could not save " + dir.resolve("gone/q.sql") + ": the folder "
                + dir.resolve("gone") + " does not exist.", SqlFile.write(dir.resolve("gone/q.sql"), "x"));
    }
}
