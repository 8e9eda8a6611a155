package dev.quire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a JVM of its own with a heap of its own, on the tests' class path, and asserts it ended well. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Its output, once it exited 0 within the time; an OutOfMemoryError ends it at once. */
    public static String run(Class<?> main, String maxHeap, Path log, long seconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(child.waitFor(seconds, TimeUnit.SECONDS), "the child did not end");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        return output;
    }
}
