package dev.quire.aws;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Files that hold secrets or history: readable and writable by their owner only. */
public final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What a replaced file holds, written to a stream. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the bytes atomically to a file that only its owner can read. */
    public static void write(Path file, byte[] bytes) throws IOException {
        replace(file, out -> out.write(bytes), false);
    }

    /**
     * Replaces the file atomically with owner-only content, which is on disk (data, then the
     * rename) before this returns: after a crash the file is either the old one or the new one.
     */
    public static void writeDurably(Path file, Content content) throws IOException {
        replace(file, content, true);
    }

    /** Opens a file, creating it owner-only when the options ask for it to be created. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        if (POSIX) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return FileChannel.open(file, set, ownerOnly);
        }
        boolean createNew = set.remove(StandardOpenOption.CREATE_NEW);
        if (createNew || set.contains(StandardOpenOption.CREATE) && Files.notExists(file)) {
            try {
                Files.createFile(file);
                restrict(file);
            } catch (FileAlreadyExistsException e) {
                if (createNew) {
                    throw e;
                }
            }
        }
        return FileChannel.open(file, set);
    }

    /**
     * Creates a folder (and its missing parents) and makes it owner-only, so that what is written
     * inside it by other code (a database's files) cannot be read by other users either.
     */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            restrict(dir);
        }
        return dir;
    }

    /** Makes an existing file owner-only. */
    public static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            AclEntry owner = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(acl.getOwner())
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            acl.setAcl(List.of(owner));
        }
    }

    /** Flushes a folder's entries (a created or renamed file) to disk where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a folder as a channel; NTFS journals the rename itself
        }
    }

    private static void replace(Path file, Content content, boolean durable) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel channel = open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            content.writeTo(out);
            out.flush();
            if (durable) {
                channel.force(true);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            syncDirectory(folder);
        }
    }

    private OwnerOnlyFiles() {
    }
}
