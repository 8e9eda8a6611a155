package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        String output = dev.quire.ChildJvm.run(SmallHeapChild.class, "128m", log, 600, dir.resolve("data").toString());
        assertTrue(output.contains("\nok: ") || output.startsWith("ok: "), output);
        output.lines().filter(line -> line.startsWith("ok: ") || line.startsWith("heap ")).forEach(System.out::println);
    }
}
