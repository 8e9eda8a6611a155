import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes a launcher's class-data archive (AppCDS): runs the launcher once as `quire sql "select 1"`
 * and, where there is an X display (DISPLAY, or an Xvfb it starts), once as the window until its
 * engine is ready, recording the classes they load; then dumps those classes into the archive the
 * launcher names with -XX:SharedArchiveFile, beside a class list an installer can dump again for
 * its own paths. The JVM ignores an archive that no longer matches its class path, so a stale one
 * costs nothing but its gain.
 *
 *   java packaging/ClassData.java LAUNCHER ARCHIVE
 */
public class ClassData {

    /** Read by the JVM itself, so every launcher takes it (bin/quire and jpackage's alike), before its own options. */
    static final String OPTIONS = "JAVA_TOOL_OPTIONS";

    public static void main(String[] argv) throws Exception {
        if (argv.length != 2) {
            throw new IllegalArgumentException("takes LAUNCHER ARCHIVE");
        }
        Path launcher = Path.of(argv[0]).toAbsolutePath();
        Path archive = Path.of(argv[1]).toAbsolutePath();
        Path work = Files.createTempDirectory("quire-class-data-");
        long start = System.nanoTime();
        try {
            Files.deleteIfExists(archive);
            Path cli = work.resolve("cli.classlist");
            run(List.of(launcher.toString(), "--data-dir", work.resolve("home").toString(), "--no-sample-data", "sql",
                    "select 1"), Map.of(OPTIONS, "-Xshare:off -XX:DumpLoadedClassList=" + cli), work, 120);
            Set<String> classes = new LinkedHashSet<>(Files.readAllLines(cli));
            List<Process> display = new ArrayList<>();
            String name = display(work, display);
            String trained = "the command line";
            try {
                if (name != null) {
                    Path gui = work.resolve("gui.classlist");
                    Path probe = work.resolve("probe");
                    try {
                        run(List.of(launcher.toString(), "--data-dir", work.resolve("home").toString(),
                                "--no-sample-data"), Map.of(OPTIONS, "-Xshare:off -XX:DumpLoadedClassList=" + gui,
                                "DISPLAY", name, "QUIRE_STARTUP_PROBE", probe.toString()), work, 180);
                    } catch (IllegalStateException e) {
                        // the window's classes are a gain, not a need: the archive is made without them
                        System.out.println("class-data archive: the window's run failed, so it is left out: "
                                + e.getMessage());
                    }
                    if (Files.exists(probe)) {
                        classes.addAll(Files.readAllLines(gui));
                        trained += " and the window";
                    }
                }
            } finally {
                display.forEach(Process::destroy);
            }
            Path list = archive.resolveSibling(archive.getFileName().toString().replaceAll("\\.jsa$", "")
                    + ".classlist");
            Files.write(list, classes);
            run(List.of(launcher.toString(), "--version"), Map.of(OPTIONS, "-Xshare:dump"
                    + " -XX:SharedClassListFile=" + list + " -XX:SharedArchiveFile=" + archive), work, 300);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the JVM wrote no archive at " + archive + "; see "
                        + Files.readString(work.resolve("run.log")));
            }
            System.out.printf("class-data archive %s: %,d classes of %s, %d MB, in %.0f s%n", archive,
                    classes.size(), trained, Files.size(archive) >> 20, (System.nanoTime() - start) / 1e9);
        } finally {
            deleteTree(work);
        }
    }

    private static void run(List<String> command, Map<String, String> env, Path work, int seconds) throws Exception {
        Path log = work.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove(OPTIONS);
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not end within " + seconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + Files.readString(log));
        }
    }

    /** DISPLAY, or an Xvfb started on a free display; null when there is neither. */
    private static String display(Path work, List<Process> started) throws Exception {
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            return display;
        }
        boolean xvfb = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            xvfb |= Files.isExecutable(Path.of(dir, "Xvfb"));
        }
        if (!xvfb) {
            return null;
        }
        for (int n = 120; n < 140; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process x = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(work.resolve("xvfb.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Files.notExists(Path.of("/tmp/.X11-unix/X" + n)) && x.isAlive() && System.nanoTime() < deadline) {
                x.waitFor(50, TimeUnit.MILLISECONDS);
            }
            if (x.isAlive() && Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                started.add(x);
                return ":" + n;
            }
            x.destroy();
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
