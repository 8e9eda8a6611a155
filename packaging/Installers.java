import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds Quire's installers for the host platform with jlink and jpackage, from the layout that
 * `mvn package` leaves in target/quire/lib. Run from the project folder (mvn -Ppackage package runs it):
 *
 *   java packaging/Installers.java [--version 0.1.0-SNAPSHOT] [--types app-image,deb] [--verbose]
 *   java packaging/Installers.java --split-natives target/quire/lib   (mvn package runs it)
 *
 * Linux: app-image and deb, and rpm when rpmbuild is installed. Windows: app-image and msi (needs
 * WiX 3 on the PATH). macOS: app-image and dmg. Output goes to target/installer/.
 *
 * The jpackage options are in packaging/common.args and packaging/OS/{app,installer,TYPE}.args,
 * one option per line ("--name value"; # starts a comment). app.args applies to every type,
 * installer.args to the installers only.
 */
public class Installers {

    /** The runtime's modules: jdeps --print-module-deps on the app and its jars, plus TLS (EC). */
    static final List<String> MODULES = List.of("java.base", "java.desktop", "java.logging", "java.sql",
            "java.xml", "jdk.crypto.ec", "jdk.jfr", "jdk.unsupported");

    static final Path LIB = Path.of("target/quire/lib");
    static final Path OUT = Path.of("target/installer");

    public static void main(String[] argv) throws Exception {
        String version = null;
        List<String> types = null;
        boolean verbose = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--version" -> version = argv[++i];
                case "--types" -> types = List.of(argv[++i].split(","));
                case "--verbose" -> verbose = true;
                case "--split-natives" -> {
                    splitNatives(Path.of(argv[++i]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]
                        + " (takes --version V, --types app-image,deb,... and --verbose; or --split-natives LIB)");
            }
        }
        if (!Files.isRegularFile(LIB.resolve("quire.jar"))) {
            fail(LIB.resolve("quire.jar") + " is missing: run mvn package first");
        }
        String os = os();
        String appVersion = appVersion(version == null ? "0.0.0" : version, os);
        if (types == null) {
            types = defaultTypes(os);
        }

        deleteTree(OUT);
        Path input = Files.createDirectories(OUT.resolve("work/input"));
        Path runtime = OUT.resolve("work/runtime");

        long start = System.nanoTime();
        copyInput(input);
        jlink(runtime, os);
        for (String type : types) {
            List<String> args = new ArrayList<>(List.of("--type", type, "--dest", OUT.toString(),
                    "--input", input.toString(), "--runtime-image", runtime.toString(),
                    "--app-version", appVersion));
            args.addAll(options(Path.of("packaging/common.args")));
            args.addAll(options(Path.of("packaging", os, "app.args")));
            if (!type.equals("app-image")) {
                args.addAll(options(Path.of("packaging", os, "installer.args")));
                args.addAll(options(Path.of("packaging", os, type + ".args")));
            }
            if (verbose) {
                args.add("--verbose");
            }
            run("jpackage", args);
            if (type.equals("app-image") && !os.equals("windows")) {
                Path app = OUT.resolve(os.equals("macos") ? "Quire.app/Contents" : "Quire");
                Path appDir = app.resolve(os.equals("macos") ? "app" : "lib/app");
                classData(app.resolve(os.equals("macos") ? "MacOS/Quire" : "bin/Quire"), appDir.resolve("quire.jsa"));
            }
        }
        deleteTree(OUT.resolve("work"));

        System.out.printf("installers: built in %.0f s, in %s:%n", (System.nanoTime() - start) / 1e9, OUT);
        try (Stream<Path> files = Files.list(OUT)) {
            for (Path file : files.sorted().toList()) {
                System.out.printf("  %-40s %6.1f MB%n", file.getFileName(), size(file) / 1e6);
            }
        }
    }

    /** What this host can build; rpm only where rpmbuild is installed, msi only where WiX is. */
    static List<String> defaultTypes(String os) {
        List<String> types = new ArrayList<>(List.of("app-image"));
        switch (os) {
            case "linux" -> {
                types.add("deb");
                if (onPath("rpmbuild")) {
                    types.add("rpm");
                } else {
                    System.out.println("installers: no rpm (rpmbuild is not installed)");
                }
            }
            case "windows" -> {
                if (onPath("candle.exe") && onPath("light.exe")) {
                    types.add("msi");
                } else {
                    System.out.println("installers: no msi (WiX 3's candle.exe and light.exe are not on the PATH)");
                }
            }
            case "macos" -> types.add("dmg");
            default -> throw new IllegalStateException(os);
        }
        return types;
    }

    /**
     * jpackage wants one to three numbers: 0.1.0-SNAPSHOT becomes 0.1.0. macOS also wants the first to
     * be 1 or more, so a 0.x version is packaged there as 1.0.0 (quire --version still tells the real one).
     */
    static String appVersion(String version, String os) {
        String numbers = version.replaceFirst("^(\\d+(\\.\\d+){0,2}).*$", "$1");
        if (!numbers.matches("\\d+(\\.\\d+){0,2}")) {
            fail("cannot make an installer version of '" + version + "'");
        }
        if (os.equals("macos") && numbers.matches("0(\\..*)?")) {
            System.out.println("installers: macOS takes no version 0.x; the dmg says 1.0.0 for " + version);
            return "1.0.0";
        }
        return numbers;
    }

    /**
     * The jars of target/quire/lib, JavaFX's in javafx/ for the module path (common.args), and
     * DuckDB's jar rewritten to hold only this platform's native library.
     */
    static void copyInput(Path input) throws IOException {
        for (String dir : List.of("javafx", "native")) {
            Path target = Files.createDirectories(input.resolve(dir));
            try (Stream<Path> files = Files.list(LIB.resolve(dir))) {
                for (Path file : files.sorted().toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        try (Stream<Path> jars = Files.list(LIB)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Files.copy(jar, input.resolve(jar.getFileName()));
            }
        }
        // an installer dumps the class-data archive from it for the paths it installs to
        Files.copy(LIB.resolve("quire.classlist"), input.resolve("quire.classlist"));
    }

    /** The app image's class-data archive, from runs of its own launcher (packaging/ClassData.java). */
    static void classData(Path launcher, Path archive) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "packaging/ClassData.java", launcher.toString(), archive.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            fail("the class-data archive of " + launcher + " could not be made");
        }
    }

    /**
     * DuckDB's jar carries libduckdb_java.so_OS_ARCH for each platform (linux_amd64, linux_arm64,
     * macos_arm64 or osx_universal, windows_amd64) and copies the one it needs to a temporary file at
     * every start. This takes them all out of the jar in lib and puts the host's in lib/native under
     * its system name, which the launchers put on java.library.path (DuckDB then loads it from there).
     */
    static void splitNatives(Path lib) throws IOException {
        String os = os();
        String arch = arch();
        List<String> wanted = os.equals("macos")
                ? List.of("macos_" + arch, "osx_" + arch, "macos_universal", "osx_universal")
                : List.of(os + "_" + arch);
        Path nativeDir = Files.createDirectories(lib.resolve("native"));
        Path library = nativeDir.resolve(System.mapLibraryName("duckdb_java"));
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.getFileName().toString().matches("duckdb_jdbc-.*\\.jar")).toList();
        }
        if (jars.size() != 1) {
            fail("expected one DuckDB jar in " + lib + ", found " + jars);
        }
        Path jar = jars.get(0);
        Path stripped = lib.resolve(jar.getFileName() + ".partial");
        List<String> found = new ArrayList<>();
        boolean kept = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.startsWith("libduckdb_java.so_")) {
                    found.add(name);
                    if (wanted.contains(name.substring("libduckdb_java.so_".length())) && !kept) {
                        Files.copy(in, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        kept = true;
                    }
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
            }
        }
        if (found.isEmpty() && Files.isRegularFile(library)) {
            Files.delete(stripped);
            return;
        }
        if (!kept) {
            Files.delete(stripped);
            fail(jar.getFileName() + " has no native library for " + os + "_" + arch + " (holds " + found + ")");
        }
        Files.move(stripped, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("installers: %s without its %d native libraries (%.0f MB); %s %.0f MB%n",
                jar.getFileName(), found.size(), Files.size(jar) / 1e6, library, Files.size(library) / 1e6);
    }

    /**
     * A runtime of MODULES only, without debug attributes, man pages, headers or the java commands.
     * On Linux its modules stay uncompressed: deb and rpm compress everything with xz, which does far
     * better on plain class files than on jlink's zip (the .deb measured 61 MB against 73 MB).
     */
    static void jlink(Path runtime, String os) {
        run("jlink", List.of("--add-modules", String.join(",", MODULES), "--output", runtime.toString(),
                "--strip-debug", "--no-man-pages", "--no-header-files", "--strip-native-commands",
                os.equals("linux") ? "--compress=0" : "--compress=2"));
    }

    /** Reads an options file: one option a line, its value after the first space; # comments. */
    static List<String> options(Path file) throws IOException {
        List<String> args = new ArrayList<>();
        if (!Files.exists(file)) {
            return args;
        }
        for (String line : Files.readAllLines(file)) {
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")) {
                continue;
            }
            int space = option.indexOf(' ');
            if (space < 0) {
                args.add(option);
            } else {
                args.add(option.substring(0, space));
                args.add(option.substring(space + 1).strip());
            }
        }
        return args;
    }

    static void run(String tool, List<String> args) {
        System.out.println("installers: " + tool + " " + String.join(" ", args));
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException(tool + " is not in this JDK"));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = provider.run(out, err, args.toArray(String[]::new));
        if (code != 0) {
            fail(tool + " failed with exit code " + code);
        }
    }

    static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "linux";
        } else if (name.contains("windows")) {
            return "windows";
        } else if (name.contains("mac")) {
            return "macos";
        }
        throw new IllegalStateException("no installers for " + name);
    }

    static String arch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    static long size(Path file) throws IOException {
        if (!Files.isDirectory(file)) {
            return Files.size(file);
        }
        try (Stream<Path> all = Files.walk(file)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void fail(String message) {
        System.err.println("installers: " + message);
        System.exit(1);
    }
}
