package dev.quire.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The key pair that signs requests to the local server, generated on first start, owner-only. It is
 * read or created under a lock, so processes starting together on a fresh data folder agree on it.
 */
public final class LocalKeys {

    public static final String FILE = "local-credentials.json";
    static final String LOCK = "local-credentials.lock";
    public static final String REGION = "us-east-1";
    public static final String DREMIO_TOKEN_FILE = "dremio-token.json";
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** A file lock belongs to the process: threads of this one take turns here first. */
    private static final Object IN_PROCESS = new Object();

    public static Credentials loadOrCreate(Path dataDir) throws IOException {
        return readOrCreate(dataDir, FILE, LocalKeys::read, () -> {
            SecureRandom random = new SecureRandom();
            return new Credentials("AKQL" + randomText(random, KEY_ALPHABET, 16),
                    randomText(random, SECRET_ALPHABET, 40), null);
        }, created -> Json.object(out -> {
            out.writeStringField("accessKeyId", created.accessKeyId());
            out.writeStringField("secretAccessKey", created.secretAccessKey());
        }));
    }

    /**
     * The token of the local Dremio endpoint, generated on first start as Dremio makes its tokens
     * (130 random bits in base 32) and kept owner-only; read or created under the same lock.
     */
    public static String dremioToken(Path dataDir) throws IOException {
        return readOrCreate(dataDir, DREMIO_TOKEN_FILE, LocalKeys::readToken,
                () -> new java.math.BigInteger(130, new SecureRandom()).toString(32),
                created -> Json.object(out -> out.writeStringField("token", created)));
    }

    private interface Reader<T> {
        /** The value in the file; null when there is none or it is torn (it is then replaced). */
        T read(Path file) throws IOException;
    }

    /** Reads a secret's file under the lock, or makes the secret and writes it durably, owner-only. */
    private static <T> T readOrCreate(Path dataDir, String name, Reader<T> reader,
                                      java.util.function.Supplier<T> make,
                                      java.util.function.Function<T, byte[]> encode) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(name);
        synchronized (IN_PROCESS) {
            try (FileChannel channel = OwnerOnlyFiles.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                T existing = reader.read(file);
                if (existing != null) {
                    return existing;
                }
                T created = make.get();
                byte[] bytes = encode.apply(created);
                OwnerOnlyFiles.writeDurably(file, out -> out.write(bytes));
                return created;
            }
        }
    }

    private static String readToken(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String token;
        try {
            token = Json.MAPPER.readTree(bytes).path("token").asText("");
        } catch (JacksonException e) {
            token = "";
        }
        if (token.isEmpty()) {
            System.getLogger(LocalKeys.class.getName()).log(System.Logger.Level.WARNING,
                    file + " holds no whole token; a new token replaces it");
            return null;
        }
        OwnerOnlyFiles.restrict(file);
        return token;
    }

    /** The key in the file; null when there is none or the file is torn or empty (it is then replaced). */
    private static Credentials read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            node = null;
        }
        String key = node == null ? "" : node.path("accessKeyId").asText("");
        String secret = node == null ? "" : node.path("secretAccessKey").asText("");
        if (key.isEmpty() || secret.isEmpty()) {
            System.getLogger(LocalKeys.class.getName()).log(System.Logger.Level.WARNING,
                    file + " holds no whole key; a new key replaces it");
            return null;
        }
        OwnerOnlyFiles.restrict(file);
        return new Credentials(key, secret, null);
    }

    private static String randomText(SecureRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private LocalKeys() {
    }
}
