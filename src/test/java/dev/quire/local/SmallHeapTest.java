package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server in a 128 MiB heap that exits on the first OutOfMemoryError anywhere: huge cells
 * and results get the service's errors, six clients read large results at once, and no socket is
 * left open (see {@link SmallHeapChild}).
 */
class SmallHeapTest {

    @TempDir
    Path dir;

    @Test
    void hugeRowsAndResultsReadAtOnceStayInASmallHeap() throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                SmallHeapChild.class.getName(), dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertTrue(child.waitFor(600, TimeUnit.SECONDS), "the child did not end");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("\nok: ") || output.startsWith("ok: "), output);
        output.lines().filter(line -> line.startsWith("ok: ") || line.startsWith("heap ")).forEach(System.out::println);
    }
}
