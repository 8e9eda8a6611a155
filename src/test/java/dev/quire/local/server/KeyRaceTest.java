package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.JavaChild;
import dev.quire.aws.Credentials;
import dev.quire.local.LocalKeys;
import dev.quire.protocol.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/** The local key: two processes starting together on a fresh folder agree on it; a torn key file is replaced. */
class KeyRaceTest {

    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @Test
    void twoProcessesStartingTogetherOnAFreshFolderAgreeOnTheKey() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path shared = dir.resolve("data-" + round);
            List<JavaChild> children = new ArrayList<>();
            try {
                for (String side : List.of("a", "b")) {
                    children.add(JavaChild.start(KeyRaceChild.class, dir.resolve(round + side + ".log"),
                            shared.toString(), dir.resolve("warm-" + round + side).toString()));
                }
                for (JavaChild child : children) {
                    child.await("ready");
                }
                for (JavaChild child : children) {
                    child.send("go");
                }
                List<String[]> seen = new ArrayList<>();
                for (JavaChild child : children) {
                    seen.add(child.await("key ").split(" "));
                }
                Credentials onDisk = read(shared.resolve(LocalKeys.FILE));
                assertEquals(onDisk.accessKeyId(), seen.get(0)[1], "round " + round + ": the first process");
                assertEquals(onDisk.accessKeyId(), seen.get(1)[1], "round " + round + ": the second process");
                assertEquals(1, seen.stream().filter(s -> s[2].equals("owner")).count(), "one owner");
                assertEquals(seen.get(0)[3], seen.get(1)[3], "one endpoint");
                try (RedshiftDataClient sdk = Sdk.client(URI.create(seen.get(0)[3]), LocalKeys.REGION, onDisk)) {
                    assertEquals(List.of("dev"), sdk.listDatabases(b -> b.workgroupName("local").database("dev"))
                            .databases(), "the key in the file is the one the server takes");
                }
                for (JavaChild child : children) {
                    child.send("stop");
                }
                for (JavaChild child : children) {
                    assertEquals(0, child.waitFor(60), child.log());
                }
            } finally {
                children.forEach(JavaChild::close);
            }
        }
    }

    @Test
    void aTornKeyFileIsReplaced() throws Exception {
        Path data = Files.createDirectories(dir.resolve("torn"));
        Credentials first = LocalKeys.loadOrCreate(data);
        Path file = data.resolve(LocalKeys.FILE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        Credentials replaced = LocalKeys.loadOrCreate(data);
        assertTrue(!replaced.accessKeyId().equals(first.accessKeyId()), "a new key");
        assertEquals(replaced.accessKeyId(), read(file).accessKeyId(), "and it is on disk");
        assertEquals(replaced.accessKeyId(), LocalKeys.loadOrCreate(data).accessKeyId(), "and kept");
        Files.write(file, new byte[0]);
        assertTrue(!LocalKeys.loadOrCreate(data).accessKeyId().equals(replaced.accessKeyId()),
                "an empty file is replaced too");
    }

    private static Credentials read(Path file) throws Exception {
        JsonNode node = Json.MAPPER.readTree(file.toFile());
        return new Credentials(node.path("accessKeyId").asText(), node.path("secretAccessKey").asText(), null);
    }
}
