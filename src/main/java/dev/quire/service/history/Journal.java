package dev.quire.service.history;

import dev.quire.aws.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only file of lines shared by every Quire process of a user. Writers take a lock (a
 * lock within this JVM, then an OS lock on a sibling lock file that is never replaced), append one
 * whole line at the end and force it to disk before returning. Readers need no lock: they follow
 * complete lines from where they stopped, and notice a rewrite by the file's first line (its
 * header) changing. A torn last line left by a crash is closed with a newline by the next writer,
 * so it reads as one unreadable line and never spoils the lines after it.
 *
 * <p>Not thread-safe: its owner calls it under its own lock.
 */
final class Journal implements AutoCloseable {

    /** Receives the lines read; reset means the file was rewritten and is read again from the start. */
    interface Reader {
        void reset();

        void line(byte[] bytes, int offset, int length);
    }

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final int HEAD_BYTES = 256;
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock processLock;
    private FileChannel lockChannel;
    /** The first bytes (up to the first newline) of the generation read so far; null before any. */
    private byte[] head;
    /** Where the next unread line starts. */
    private long position;

    Journal(Path file) throws IOException {
        Path folder = Files.createDirectories(file.toAbsolutePath().getParent()).toRealPath();
        this.file = folder.resolve(file.getFileName().toString());
        this.lockFile = folder.resolve(file.getFileName() + ".lock");
        this.processLock = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock());
        this.lockChannel = OwnerOnlyFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (Files.exists(this.file)) {
            OwnerOnlyFiles.restrict(this.file);
        }
    }

    Path file() {
        return file;
    }

    /** Appends one line (ending in a newline); it is on disk when this returns. */
    void append(byte[] line) throws IOException {
        locked(() -> {
            boolean created;
            try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = channel.size();
                created = size == 0;
                byte[] prefix = created ? HistoryCodec.header()
                        : endsLine(channel, size) ? new byte[0] : new byte[] {'\n'};
                ByteBuffer out = ByteBuffer.allocate(prefix.length + line.length).put(prefix).put(line).flip();
                long at = size;
                while (out.hasRemaining()) {
                    at += channel.write(out, at);
                }
                channel.force(created);
            }
            if (created) {
                OwnerOnlyFiles.syncDirectory(file.getParent());
            }
        });
    }

    /** Reads the complete lines written since the last read (all of them after a rewrite). */
    void read(Reader reader) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            if (head != null) {
                reader.reset();
                head = null;
                position = 0;
            }
            return;
        }
        try (channel) {
            long size = channel.size();
            byte[] first = firstLine(channel, size);
            if (head == null || !Arrays.equals(first, head) || size < position) {
                if (head != null) {
                    reader.reset();
                }
                head = first;
                position = 0;
            }
            position = readLines(channel, position, size, reader);
        }
    }

    /**
     * Replaces the file with a new generation holding the given lines, after reading what others
     * appended; no one appends in between. The caller's state is taken as read up to the new end.
     */
    void rewrite(Reader reader, OwnerOnlyFiles.Content lines) throws IOException {
        locked(() -> {
            read(reader);
            byte[] header = HistoryCodec.header();
            OwnerOnlyFiles.writeDurably(file, out -> {
                out.write(header);
                lines.writeTo(out);
            });
            head = header.length <= HEAD_BYTES ? header : Arrays.copyOf(header, HEAD_BYTES);
            position = Files.size(file);
        });
    }

    @Override
    public void close() throws IOException {
        lockChannel.close();
    }

    private interface Locked {
        void run() throws IOException;
    }

    private void locked(Locked action) throws IOException {
        processLock.lock();
        try {
            if (!lockChannel.isOpen()) {
                // an interrupted thread closes the channel it was blocked on
                lockChannel = OwnerOnlyFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            try (FileLock ignored = lockChannel.lock()) {
                action.run();
            }
        } finally {
            processLock.unlock();
        }
    }

    private static boolean endsLine(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /** The file's first line, or its first bytes when that line is long or not yet complete. */
    private static byte[] firstLine(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, HEAD_BYTES));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) <= 0) {
                break;
            }
        }
        byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
        int end = indexOf(bytes, 0, bytes.length);
        return end < 0 ? bytes : Arrays.copyOf(bytes, end + 1);
    }

    /**
     * Hands over the complete lines between from and to, except the header (the file's first
     * line), and returns where the first incomplete line starts.
     */
    private static long readLines(FileChannel channel, long from, long to, Reader reader) throws IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(to - from, 1))];
        int filled = 0;
        long bufferStart = from;
        while (bufferStart + filled < to) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int room = (int) Math.min(buffer.length - filled, to - bufferStart - filled);
            int n = channel.read(ByteBuffer.wrap(buffer, filled, room), bufferStart + filled);
            if (n <= 0) {
                break;
            }
            filled += n;
            int start = 0;
            for (int end = indexOf(buffer, start, filled); end >= 0; end = indexOf(buffer, start, filled)) {
                if (bufferStart + start == 0) {
                    checkHeader(buffer, end);
                } else if (end > start) {
                    reader.line(buffer, start, end - start);
                }
                start = end + 1;
            }
            System.arraycopy(buffer, start, buffer, 0, filled - start);
            bufferStart += start;
            filled -= start;
        }
        return bufferStart;
    }

    private static void checkHeader(byte[] line, int length) throws IOException {
        int version = HistoryCodec.version(line, 0, length);
        if (version > HistoryCodec.VERSION) {
            throw new IOException("the history file was written by a newer version of Quire (format " + version + ")");
        }
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
