package dev.quire.ui.editor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A SQL file read for an editor tab: its text, or why it could not be read. Read off the FX thread. */
public record SqlFile(Path path, String text, String problem) {

    /** Larger files would make the editor crawl; they are refused with a message. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    /** The tab title: the file's name. */
    public String name() {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    public boolean ok() {
        return problem == null;
    }

    /** Reads the files in order; never throws, a file that cannot be read carries its problem. */
    public static List<SqlFile> readAll(List<Path> paths) {
        return paths.stream().map(SqlFile::read).toList();
    }

    /** Reads one file as UTF-8 text. */
    public static SqlFile read(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return failed(path, "it is a folder");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                return failed(path, String.format(Locale.ROOT, "it is too large (%.1f MB; the limit is %d MB)",
                        size / (1024.0 * 1024), MAX_BYTES / (1024 * 1024)));
            }
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new SqlFile(path, text, null);
        } catch (NoSuchFileException e) {
            return failed(path, "no such file");
        } catch (AccessDeniedException e) {
            return failed(path, "permission denied");
        } catch (CharacterCodingException e) {
            return failed(path, "it is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            return failed(path, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Writes the text as UTF-8, whole or not at all: into a file beside it, then moved in its
     * place (keeping the permissions of the file it replaces). Off the FX thread. Returns the
     * problem, or null when the file was written.
     */
    public static String write(Path path, String text) {
        Path dir = path.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (Files.isDirectory(path)) {
                return "Could not save " + path + ": it is a folder.";
            }
            temp = Files.createTempFile(dir, "." + path.getFileName(), ".saving");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            if (Files.exists(path)) {
                try {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(path));
                } catch (UnsupportedOperationException e) {
                    // no POSIX permissions here (Windows): the new file's own are kept
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (NoSuchFileException e) {
            return "Could not save " + path + ": the folder " + dir + " does not exist.";
        } catch (AccessDeniedException e) {
            return "Could not save " + path + ": permission denied.";
        } catch (IOException | RuntimeException e) {
            return "Could not save " + path + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()) + ".";
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more to do: the temporary file is hidden and named for what it was
                }
            }
        }
    }

    private static SqlFile failed(Path path, String why) {
        return new SqlFile(path, null, "Could not open " + path + ": " + why + ".");
    }
}
