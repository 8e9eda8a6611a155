package dev.quire.bench;

import static dev.quire.bench.Bench.check;
import static dev.quire.bench.Bench.millis;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole processes of the packaged launcher (target/quire/bin/quire), side by side in each round:
 * quire sql "select 1" on its own engine, with and without the launcher's class-data archive, and
 * attached to a running quire serve; the window until shown and until its engine is ready (a second
 * start: the warm-up made the sample data), against an empty JavaFX window on the same runtime.
 * The window rounds need an X display: DISPLAY, or Xvfb and openbox to start one.
 */
public final class StartupBench implements Bench.Benchmark {

    static final String OWN = "select 1, own engine";
    static final String OWN_NO_ARCHIVE = "select 1, own engine, JDK archive only";
    static final String ATTACHED = "select 1, attached to serve";
    static final String ATTACHED_C1 = "select 1, attached, -XX:TieredStopAtLevel=1";
    static final String ATTACHED_SERIAL = "select 1, attached, -XX:+UseSerialGC";
    static final String WINDOW = "Quire window";
    static final String EMPTY = "empty JavaFX window";
    static final String WHOLE = "start → exit";
    static final String SHOWN = "start → window shown";
    static final String READY = "start → engine ready";

    private final Path app = Path.of("target/quire").toAbsolutePath();

    @Override
    public String name() {
        return "StartupBench";
    }

    @Override
    public Bench.Result run() throws Exception {
        Path launcher = app.resolve("bin/quire");
        check(Files.isExecutable(launcher), "no launcher at %s: run mvn package first", launcher);
        Path work = Files.createTempDirectory("quire-bench-start-");
        List<Process> background = new ArrayList<>();
        Bench.Result result = new Bench.Result(name(), "whole processes of target/quire/bin/quire: quire sql "
                + "\"select 1\" (own engine, attached to serve) and the window, against an empty JavaFX window");
        try {
            String display = display(work, background);
            Path attachedHome = work.resolve("attached");
            Process serve = start(List.of(launcher.toString(), "--data-dir", attachedHome.toString(), "serve",
                    "--no-sample-data", "--ready-file", work.resolve("ready").toString()), Map.of(),
                    work.resolve("serve.log"));
            background.add(serve);
            awaitFile(work.resolve("ready"), serve);
            List<String> contenders = new ArrayList<>(List.of(OWN, OWN_NO_ARCHIVE, ATTACHED, ATTACHED_C1,
                    ATTACHED_SERIAL));
            if (display != null) {
                contenders.add(WINDOW);
                contenders.add(EMPTY);
            } else {
                result.note("No X display (DISPLAY unset, no Xvfb): the window was not measured.");
            }
            result.contenders(contenders.toArray(String[]::new));
            Path jdkArchive = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
            Bench.interleave(contenders, Bench.warmups(), Bench.rounds(), (contender, round, measured) -> {
                switch (contender) {
                    case OWN, OWN_NO_ARCHIVE, ATTACHED, ATTACHED_C1, ATTACHED_SERIAL -> {
                        Path home = contender.startsWith("select 1, attached") ? attachedHome : work.resolve("own");
                        Map<String, String> env = switch (contender) {
                            case OWN_NO_ARCHIVE -> Map.of("QUIRE_JAVA_OPTS", "-XX:SharedArchiveFile=" + jdkArchive);
                            case ATTACHED_C1 -> Map.of("QUIRE_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
                            case ATTACHED_SERIAL -> Map.of("QUIRE_JAVA_OPTS", "-XX:+UseSerialGC");
                            default -> Map.of();
                        };
                        long t0 = System.nanoTime();
                        Process p = start(List.of(launcher.toString(), "--data-dir", home.toString(), "sql",
                                "--no-sample-data", "select 1"), env, work.resolve("sql.out"), work.resolve("sql.err"));
                        check(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "%s failed: %s", contender,
                                Files.readString(work.resolve("sql.err")));
                        long took = System.nanoTime() - t0;
                        check(Files.readString(work.resolve("sql.out")).startsWith("1\n1\n"), "%s printed %s",
                                contender, Files.readString(work.resolve("sql.out")));
                        Bench.log("%-40s %.0f ms", contender, millis(took));
                        if (measured) {
                            result.add(contender, WHOLE, "ms", millis(took));
                        }
                    }
                    default -> {
                        Path probe = work.resolve("probe-" + round + "-" + contender.length());
                        Files.deleteIfExists(probe);
                        Map<String, String> env = new HashMap<>();
                        env.put("DISPLAY", display);
                        List<String> command;
                        if (contender.equals(WINDOW)) {
                            env.put("QUIRE_STARTUP_PROBE", probe.toString());
                            command = List.of(launcher.toString(), "--data-dir", work.resolve("window").toString());
                        } else {
                            command = emptyWindow(probe);
                        }
                        long wall = System.currentTimeMillis();
                        Process p = start(command, env, work.resolve("window.log"));
                        check(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, "%s failed: %s", contender,
                                Files.readString(work.resolve("window.log")));
                        Map<String, Long> marks = marks(probe);
                        check(marks.containsKey("shown"), "%s wrote no probe: %s", contender,
                                Files.readString(work.resolve("window.log")));
                        double shown = marks.get("shown") - wall;
                        Bench.log("%-40s shown %.0f ms%s", contender, shown, marks.containsKey("ready")
                                ? String.format(", ready %d ms", marks.get("ready") - wall) : "");
                        if (measured) {
                            result.add(contender, SHOWN, "ms", shown);
                            if (marks.containsKey("ready")) {
                                result.add(contender, READY, "ms", marks.get("ready") - wall);
                            }
                        }
                    }
                }
            });
            result.ratio("own engine ÷ JDK archive only (the app archive's gain)", OWN, OWN_NO_ARCHIVE, WHOLE);
            result.ratio("attached, C1 only ÷ attached", ATTACHED_C1, ATTACHED, WHOLE);
            result.ratio("attached, Serial GC ÷ attached", ATTACHED_SERIAL, ATTACHED, WHOLE);
            if (display != null) {
                result.ratio("window shown ÷ empty window (target ≤ 1.5)", WINDOW, EMPTY, SHOWN);
            }
            result.fact("cores", Runtime.getRuntime().availableProcessors());
            result.note("Targets: select 1 attached under 0.6 s and own engine under 1.5 s on an idle machine;"
                    + " engine ready (second start) under 3 s.");
        } finally {
            for (Process p : background) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            Bench.deleteTree(work);
        }
        return result;
    }

    /** The empty window on the launcher's runtime, module path and class path, with the bench classes. */
    private List<String> emptyWindow(Path probe) {
        String java = System.getenv("JAVA_HOME") != null ? System.getenv("JAVA_HOME") + "/bin/java" : "java";
        return List.of(java, "--module-path", app.resolve("lib/javafx").toString(), "--add-modules",
                "javafx.controls", "-cp", app.resolve("lib") + File.separator + "*" + File.pathSeparator
                        + Path.of("target/test-classes").toAbsolutePath(), EmptyWindow.class.getName(),
                probe.toString());
    }

    /** DISPLAY, or an Xvfb with openbox started for the run; null when there is neither. */
    private static String display(Path work, List<Process> background) throws Exception {
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            return display;
        }
        if (!onPath("Xvfb")) {
            return null;
        }
        for (int n = 91; n < 110; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            String name = ":" + n;
            Process x = start(List.of("Xvfb", name, "-screen", "0", "1440x900x24", "-nolisten", "tcp"), Map.of(),
                    work.resolve("xvfb.log"));
            background.add(x);
            Instant deadline = Instant.now().plusSeconds(20);
            while (Files.notExists(Path.of("/tmp/.X11-unix/X" + n)) && x.isAlive() && Instant.now().isBefore(deadline)) {
                x.waitFor(50, TimeUnit.MILLISECONDS);
            }
            if (!x.isAlive()) {
                continue;
            }
            if (onPath("openbox")) {
                background.add(start(List.of("openbox"), Map.of("DISPLAY", name), work.resolve("openbox.log")));
            }
            return name;
        }
        return null;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        return start(command, env, log, null);
    }

    /** Output to log, and errors too unless they have a file of their own. */
    private static Process start(List<String> command, Map<String, String> env, Path log, Path errors)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (errors == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errors.toFile());
        }
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitFile(Path file, Process owner) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Files.notExists(file)) {
            check(owner.isAlive() && Instant.now().isBefore(deadline), "quire serve did not start");
            owner.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    private static Map<String, Long> marks(Path probe) throws IOException {
        Map<String, Long> marks = new HashMap<>();
        if (Files.exists(probe)) {
            for (String line : Files.readAllLines(probe, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                if (parts.length == 2) {
                    marks.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        return marks;
    }
}
