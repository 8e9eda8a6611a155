package dev.quire.local.athena;

import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.MemoryBudget;
import dev.quire.local.ResultColumn;
import dev.quire.local.RowScan;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.http.ApiError;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Each succeeded query's result as Athena's CSV: a header line of the column names (for DML
 * results), every value in double quotes with quotes doubled, NULL as an empty unquoted field,
 * {@code \n} after every line; values in Athena's text form ({@link AthenaTypes}). A query without
 * a result set has an empty file. The file is written once, owner-only, the first time it is
 * asked for, streamed from the stored result (a scan holds one row group); its size, MD5 (the
 * ETag) and CRC32 are kept beside it, so they are known again after a restart. Files go when their
 * query is dropped.
 */
final class ResultCsv {

    private static final System.Logger LOG = System.getLogger(ResultCsv.class.getName());
    private static final Duration MEMORY_WAIT = Duration.ofSeconds(10);
    private static final int BUFFER = 64 * 1024;

    /** A written CSV file and what S3 tells of it. */
    record Written(Path file, long length, String md5Hex, String crc32Base64, Instant lastModified) {
    }

    private final LocalEngine engine;
    private final Path dir;
    private final Map<String, CompletableFuture<Written>> writing = new ConcurrentHashMap<>();

    ResultCsv(LocalEngine engine) throws IOException {
        this.engine = engine;
        this.dir = OwnerOnlyFiles.directory(engine.options().dataDir().resolve(LocalEngine.MADE_FROM_RESULTS));
    }

    /** Removes half-written files, and files whose query is gone (the description names its owner). */
    void clean() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".partial") || name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json") && !queryExists(file)) {
                    String id = name.substring(0, name.length() - ".json".length());
                    Files.deleteIfExists(csv(id));
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".csv") && Files.notExists(description(name.substring(0,
                        name.length() - ".csv".length())))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private boolean queryExists(Path description) {
        try {
            String owner = Json.MAPPER.readTree(description.toFile()).path("owner").asText();
            String id = description.getFileName().toString().replace(".json", "");
            engine.describe(owner, id);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The query's CSV, written now if it was not yet; the query has succeeded. */
    Written get(String owner, StatementSnapshot query, boolean header) {
        Written done = read(query.id());
        if (done != null) {
            return done;
        }
        CompletableFuture<Written> mine = new CompletableFuture<>();
        CompletableFuture<Written> running = writing.putIfAbsent(query.id(), mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Written written = read(query.id());
            if (written == null) {
                written = write(owner, query, header);
            }
            mine.complete(written);
            return written;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            writing.remove(query.id(), mine);
        }
    }

    /** Removes a dropped query's CSV. */
    void delete(String id) {
        try {
            Files.deleteIfExists(description(id));
            Files.deleteIfExists(csv(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the result CSV of " + id, e);
        }
    }

    private Written read(String id) {
        Path description = description(id);
        Path file = csv(id);
        if (Files.notExists(description) || Files.notExists(file)) {
            return null;
        }
        try {
            var node = Json.MAPPER.readTree(description.toFile());
            return new Written(file, node.path("length").asLong(), node.path("md5").asText(),
                    node.path("crc32").asText(), Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return null;
        }
    }

    private Written write(String owner, StatementSnapshot query, boolean header) {
        Path partial = dir.resolve(query.id() + ".csv.partial");
        Path file = csv(query.id());
        MessageDigest md5 = md5();
        CRC32 crc = new CRC32();
        long length;
        try (MemoryBudget.Lease lease = memory(query);
             FileChannel channel = OwnerOnlyFiles.open(partial, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            CountingStream counted = new CountingStream(new CheckedOutputStream(
                    new DigestOutputStream(Channels.newOutputStream(channel), md5), crc));
            if (query.hasResultSet()) {
                writeRows(counted, owner, query, header);
            }
            counted.flush();
            channel.force(true);
            length = counted.count;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new EngineException(EngineException.Kind.INTERNAL, "Writing the result CSV of " + query.id()
                    + " failed: " + e.getMessage(), query.id());
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        String md5Hex = HexFormat.of().formatHex(md5.digest());
        String crc32 = Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24),
            (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()});
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            byte[] json = Json.object(out -> {
                out.writeStringField("owner", owner);
                out.writeNumberField("length", length);
                out.writeStringField("md5", md5Hex);
                out.writeStringField("crc32", crc32);
            });
            OwnerOnlyFiles.writeDurably(description(query.id()), out -> out.write(json));
            engine.madeFromResult(file);
            return new Written(file, length, md5Hex, crc32, Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            delete(query.id());
            throw new UncheckedIOException(e);
        }
    }

    private void writeRows(OutputStream file, String owner, StatementSnapshot query, boolean header)
            throws IOException {
        AthenaCells cells = new AthenaCells(query.columns());
        CsvRows out = new CsvRows(BUFFER + BUFFER / 4);
        if (header) {
            for (ResultColumn column : query.columns()) {
                out.textCell(column.name());
            }
            out.endRow();
        }
        try (RowScan scan = engine.scan(owner, query.id(), 0, cells.forms())) {
            scan.read(Long.MAX_VALUE, rows -> {
                cells.row(rows, out);
                out.endRow();
                if (out.size() >= BUFFER) {
                    try {
                        out.drainTo(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return true;
            });
            out.drainTo(file);
        } catch (SQLException e) {
            throw new IOException("reading the stored result failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private MemoryBudget.Lease memory(StatementSnapshot query) {
        try {
            MemoryBudget.Lease lease = engine.readMemory().take(engine.scanMemory(query), MEMORY_WAIT);
            if (lease != null) {
                return lease;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ApiError("SlowDown", 503, "Please reduce your request rate: the local server's memory for "
                + "reading results is in use.", Map.of());
    }

    private Path csv(String id) {
        return dir.resolve(id + ".csv");
    }

    private Path description(String id) {
        return dir.resolve(id + ".json");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + file, e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    /** Counts the bytes that pass. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
