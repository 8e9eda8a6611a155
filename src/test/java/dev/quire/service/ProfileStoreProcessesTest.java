package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.JavaChild;
import dev.quire.model.ConnectionProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes adding connections to one file at the same time: every change lands, none fails. */
class ProfileStoreProcessesTest {

    private static final int EACH = 40;

    @TempDir
    Path dir;

    @Test
    void twoProcessesAddingAtOnceLoseNothing() throws Exception {
        Path file = dir.resolve("config").resolve(ProfileStore.FILE_NAME);
        List<JavaChild> children = new ArrayList<>();
        try {
            for (String prefix : List.of("left", "right")) {
                children.add(JavaChild.start(ProfileWriterChild.class, dir.resolve(prefix + ".log"),
                        file.toString(), prefix, String.valueOf(EACH)));
            }
            for (JavaChild child : children) {
                child.await("ready");
            }
            for (JavaChild child : children) {
                child.send("go");
            }
            List<String> failures = new ArrayList<>();
            for (JavaChild child : children) {
                for (String line = child.readLine(); line != null && !line.startsWith("done"); line = child.readLine()) {
                    failures.add(line);
                }
                assertEquals(0, child.waitFor(60), child.log());
            }
            assertEquals(List.of(), failures, "no change is reported as failed");
        } finally {
            children.forEach(JavaChild::close);
        }
        Set<String> expected = new HashSet<>(Set.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                ConnectionProfile.LOCAL_DREMIO_NAME));
        for (String prefix : List.of("left", "right")) {
            for (int i = 0; i < EACH; i++) {
                expected.add(prefix + " " + i);
            }
        }
        Set<String> names = new HashSet<>();
        ProfileStore.open(file).list().forEach(profile -> names.add(profile.name()));
        assertEquals(expected, names, "all " + 2 * EACH + " connections landed");
    }
}
