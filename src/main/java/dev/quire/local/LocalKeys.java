package dev.quire.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.Credentials;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The key pair that signs requests to the local server, generated on first start, owner-only. */
public final class LocalKeys {

    public static final String FILE = "local-credentials.json";
    public static final String REGION = "us-east-1";
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static Credentials loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            String key = node.path("accessKeyId").asText("");
            String secret = node.path("secretAccessKey").asText("");
            if (!key.isEmpty() && !secret.isEmpty()) {
                OwnerOnlyFiles.restrict(file);
                return new Credentials(key, secret, null);
            }
        }
        SecureRandom random = new SecureRandom();
        Credentials created = new Credentials("AKQL" + randomText(random, KEY_ALPHABET, 16),
                randomText(random, SECRET_ALPHABET, 40), null);
        OwnerOnlyFiles.write(file, Json.object(out -> {
            out.writeStringField("accessKeyId", created.accessKeyId());
            out.writeStringField("secretAccessKey", created.secretAccessKey());
        }));
        return created;
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
