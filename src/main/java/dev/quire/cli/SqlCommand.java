package dev.quire.cli;

import dev.quire.client.Connections;
import dev.quire.client.Secrets;
import dev.quire.client.dremio.DremioClient;
import dev.quire.client.dremio.DremioLogin;
import dev.quire.model.AppDirs;
import dev.quire.model.AthenaSettings;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.LocalSettings;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.RunState;
import dev.quire.service.ProfileStore;
import dev.quire.service.QueryService;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.ExportFormat;
import dev.quire.service.QueryRun;
import dev.quire.service.ResultCursor;
import dev.quire.service.SpillStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * quire sql: runs one statement and prints its whole result as CSV, TSV, JSON or JSON lines, or
 * with --output writes it to a file in any export format through the window's exporter.
 */
final class SqlCommand {

    static final String FORMATS = "csv, tsv, json, jsonl, parquet or xlsx";

    private final AppDirs dirs;
    private final Args args;
    private final PrintStream out;
    private final PrintStream err;

    SqlCommand(AppDirs dirs, Args args, PrintStream out, PrintStream err) {
        this.dirs = dirs;
        this.args = args;
        this.out = out;
        this.err = err;
    }

    int run() {
        String name = args.option("format") == null ? "csv" : args.option("format");
        ExportFormat format = ExportFormat.ofExtension(name);
        if (format == null) {
            throw new Args.UsageException("--format takes " + FORMATS + ", not '" + name + "'");
        }
        Path output = output();
        if (output == null && format.binary()) {
            throw new Args.UsageException("--format " + format.extension + " writes a binary file: give --output"
                    + " FILE");
        }
        if (output != null) {
            String problem = unwritable(output);
            if (problem != null) {
                err.println("quire sql: cannot write " + output + ": " + problem);
                return 1;
            }
        }
        if (args.flag("password-stdin") && args.positional().isEmpty()) {
            throw new Args.UsageException("with --password-stdin the SQL goes on the command line: stdin holds"
                    + " the password");
        }
        String sql = sql();
        if (sql.isBlank()) {
            throw new Args.UsageException("no SQL given: pass it as an argument or on stdin");
        }
        try (Target target = target()) {
            QueryRun run = target.service().run(StatementRequest.of(sql));
            run.onChange(info -> err.printf("%s %.1f s%n", info.statusName(), run.elapsed().toMillis() / 1000.0));
            StatementInfo info = run.finished().join();
            if (info.status() != RunState.FINISHED) {
                err.println("quire sql: statement " + info.statusName()
                        + (info.error() == null ? "" : ": " + info.error()));
                return 1;
            }
            if (!info.hasResultSet()) {
                err.println(info.resultRows() + " rows affected");
                return 0;
            }
            if (output == null) {
                print(run, format);
            } else {
                long written = write(target.service(), info, output, format);
                err.printf(written == 1 ? "%,d row written to %s%n" : "%,d rows written to %s%n", written, output);
            }
            return 0;
        } catch (Args.UsageException e) {
            throw e;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("quire sql: " + cause.getMessage());
            return 1;
        } catch (WriteException e) {
            err.println("quire sql: cannot write " + output + ": " + e.getMessage());
            return 1;
        } catch (CancellationException e) {
            err.println("quire sql: stopped; " + output + " not written");
            return 1;
        } catch (Exception e) {
            err.println("quire sql: " + e.getMessage());
            return 1;
        }
    }

    /** The service to run on and what to close afterwards. */
    private record Target(QueryService service, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    static final java.util.List<String> CONNECTION_FLAGS = java.util.List.of("endpoint-url", "region", "profile",
            "workgroup", "cluster", "database", "db-user", "secret-arn");
    static final java.util.List<String> ATHENA_FLAGS = java.util.List.of("endpoint-url", "region", "profile",
            "workgroup", "catalog", "database", "output-location");
    static final java.util.List<String> DREMIO_FLAGS = java.util.List.of("endpoint-url", "token", "user",
            "password-stdin", "context");
    private static final java.util.List<String> DREMIO_ONLY_FLAGS = java.util.List.of("token", "user",
            "password-stdin", "context");
    /** The Athena flags that name a place outside this machine; without them the local engine answers. */
    private static final java.util.List<String> ATHENA_REMOTE_FLAGS = java.util.List.of("endpoint-url", "region",
            "profile", "output-location");

    /** A saved connection, one described by flags, or else the local engine. */
    private Target target() throws Exception {
        ConnectionProfile profile = null;
        String name = args.option("connection");
        String backend = args.option("backend") == null ? "redshift" : args.option("backend").toLowerCase(Locale.ROOT);
        if (!backend.equals("redshift") && !backend.equals("athena") && !backend.equals("dremio")) {
            throw new Args.UsageException("--backend takes redshift, athena or dremio, not '" + backend + "'");
        }
        if (!backend.equals("dremio")) {
            for (String flag : DREMIO_ONLY_FLAGS) {
                if (args.option(flag) != null) {
                    throw new Args.UsageException("--" + flag + " is for Dremio (--backend dremio)");
                }
            }
        }
        if (name != null) {
            if (args.option("backend") != null) {
                throw new Args.UsageException("give --connection or --backend, not both: a saved connection names"
                        + " its backend");
            }
            ProfileStore store = ProfileStore.open(dirs);
            profile = store.find(name).orElseThrow(() -> new Args.UsageException("no saved connection named '"
                    + name + "'; saved: " + store.list().stream().map(ConnectionProfile::name).toList()));
        } else if (backend.equals("dremio")) {
            return dremio(System.getenv());
        } else if (backend.equals("athena")) {
            profile = athenaFromFlags(System.getenv());
        } else if (CONNECTION_FLAGS.stream().anyMatch(flag -> args.option(flag) != null)) {
            profile = fromFlags(System.getenv());
        }
        if (profile == null) {
            profile = ConnectionProfile.local();
        }
        if (profile.settings() instanceof LocalSettings settings) {
            LocalBackend local = LocalBackend.open(dirs, 0, !args.flag("no-sample-data"),
                    (fraction, label) -> err.printf("preparing sample data: %s (%d%%)%n", label,
                            Math.round(fraction * 100)), settings);
            return new Target(local.service(), local);
        }
        QueryService service = new QueryService(Connections.open(profile, null));
        return new Target(service, service);
    }

    /**
     * Dremio's REST API at --endpoint-url (or DREMIO_URL), signed in with --token (or DREMIO_TOKEN)
     * or --user and the password on stdin; without a URL, the local engine through its Dremio API.
     */
    private Target dremio(java.util.Map<String, String> env) throws Exception {
        DremioTarget target = dremioFromFlags(env);
        if (target.url() == null) {
            LocalBackend local = LocalBackend.open(dirs, 0, !args.flag("no-sample-data"),
                    (fraction, label) -> err.printf("preparing sample data: %s (%d%%)%n", label,
                            Math.round(fraction * 100)),
                    endpoint -> Connections.localDremio(endpoint, target.context()).build());
            return new Target(local.service(), local);
        }
        String password = target.user() == null ? null : password();
        DremioLogin login = target.user() == null ? DremioLogin.token(target::token)
                : DremioLogin.password(target.user(), () -> password);
        QueryService service = new QueryService(DremioClient.builder(target.url(), login).context(target.context())
                .build());
        return new Target(service, service);
    }

    /** Where quire sql reaches Dremio: url null for the local engine; token null when signing in with user. */
    record DremioTarget(java.net.URI url, String token, String user, List<String> context) {
        @Override
        public String toString() {
            return "DremioTarget[" + url + ", " + user + ", " + context + "]";
        }
    }

    /** A Dremio target from the flags, with DREMIO_URL and DREMIO_TOKEN from the environment as defaults. */
    DremioTarget dremioFromFlags(java.util.Map<String, String> env) {
        for (String flag : args.optionNames()) {
            if (!DREMIO_FLAGS.contains(flag) && !java.util.List.of("backend", "format", "output", "no-sample-data",
                    "data-dir").contains(flag)) {
                throw new Args.UsageException("--" + flag + " is not for Dremio; it takes " + DREMIO_FLAGS.stream()
                        .map(f -> "--" + f).toList());
            }
        }
        List<String> context;
        try {
            context = dev.quire.model.CatalogPath.parse(args.option("context")).names();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--context: " + e.getMessage());
        }
        if (context.stream().anyMatch(String::isBlank)) {
            throw new Args.UsageException("--context: a space or folder name cannot be blank");
        }
        String user = args.option("user");
        String token = args.option("token");
        boolean passwordStdin = args.flag("password-stdin");
        if (user != null && token != null) {
            throw new Args.UsageException("give --token or --user, not both");
        }
        if (passwordStdin != (user != null)) {
            throw new Args.UsageException(user != null ? "--user needs --password-stdin: the password is read from"
                    + " stdin, never from the command line" : "--password-stdin needs --user");
        }
        String url = firstOf(args.option("endpoint-url"), env.get("DREMIO_URL"));
        if (url == null) {
            if (user != null || token != null) {
                throw new Args.UsageException("--" + (user != null ? "user" : "token") + " needs --endpoint-url"
                        + " (or DREMIO_URL): the local engine signs in with its own token");
            }
            return new DremioTarget(null, null, null, context);
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("Dremio's URL is not valid: " + e.getMessage());
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new Args.UsageException("Dremio's URL must start with http:// or https:// and name a host, not '"
                    + url + "'");
        }
        if (user == null) {
            token = firstOf(token, env.get(Secrets.DREMIO_TOKEN));
            if (token == null) {
                throw new Args.UsageException("a Dremio connection needs --token, DREMIO_TOKEN, or --user with"
                        + " --password-stdin");
            }
        }
        return new DremioTarget(uri, token, user, context);
    }

    /** The first line of stdin. */
    private static String password() {
        try {
            String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (line.isEmpty()) {
                throw new Args.UsageException("--password-stdin: stdin holds no password");
            }
            return line;
        } catch (IOException e) {
            throw new Args.UsageException("could not read the password from stdin: " + e.getMessage());
        }
    }

    /**
     * An Athena connection from the flags, with the standard AWS environment variables as defaults;
     * the local engine through its Athena API when no flag names a place outside this machine.
     */
    ConnectionProfile athenaFromFlags(java.util.Map<String, String> env) {
        for (String flag : java.util.List.of("cluster", "db-user", "secret-arn")) {
            if (args.option(flag) != null) {
                throw new Args.UsageException("--" + flag + " is for Redshift, not Athena");
            }
        }
        if (ATHENA_REMOTE_FLAGS.stream().noneMatch(flag -> args.option(flag) != null)) {
            LocalSettings defaults = LocalSettings.ATHENA;
            return new ConnectionProfile(ConnectionProfile.LOCAL_ATHENA_NAME, new LocalSettings(
                    firstOf(args.option("workgroup"), defaults.workgroup()),
                    firstOf(args.option("database"), defaults.database()), LocalSettings.Api.ATHENA));
        }
        String endpoint = firstOf(args.option("endpoint-url"), env.get("AWS_ENDPOINT_URL_ATHENA"),
                env.get("AWS_ENDPOINT_URL"));
        ConnectionProfile profile = new ConnectionProfile("command line", new AthenaSettings(
                firstOf(args.option("region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")),
                args.option("workgroup"), args.option("catalog"), firstOf(args.option("database"), "default"),
                args.option("output-location"), firstOf(args.option("profile"), env.get("AWS_PROFILE")),
                endpoint == null ? null : java.net.URI.create(endpoint)));
        String problem = profile.problem();
        if (problem != null) {
            throw new Args.UsageException(problem.equals("Choose a region.")
                    ? "an Athena connection needs --region (or AWS_REGION)" : problem);
        }
        return profile;
    }

    /** A Redshift connection from the flags, with the standard AWS environment variables as defaults. */
    ConnectionProfile fromFlags(java.util.Map<String, String> env) {
        for (String flag : java.util.List.of("catalog", "output-location")) {
            if (args.option(flag) != null) {
                throw new Args.UsageException("--" + flag + " is for Athena (--backend athena), not Redshift");
            }
        }
        String region = firstOf(args.option("region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String endpoint = firstOf(args.option("endpoint-url"), env.get("AWS_ENDPOINT_URL_REDSHIFT_DATA"),
                env.get("AWS_ENDPOINT_URL"));
        String workgroup = args.option("workgroup");
        String cluster = args.option("cluster");
        String dbUser = args.option("db-user");
        String secretArn = args.option("secret-arn");
        if (workgroup != null && cluster != null) {
            throw new Args.UsageException("give --workgroup or --cluster, not both");
        }
        if (workgroup == null && cluster == null) {
            throw new Args.UsageException("a Redshift connection needs --workgroup or --cluster");
        }
        RedshiftSettings.Mode mode = secretArn != null ? RedshiftSettings.Mode.SECRETS_MANAGER
                : cluster == null ? RedshiftSettings.Mode.SERVERLESS_WORKGROUP
                : dbUser != null ? RedshiftSettings.Mode.CLUSTER_DB_USER : RedshiftSettings.Mode.CLUSTER_IAM;
        ConnectionProfile profile = new ConnectionProfile("command line", new RedshiftSettings(mode, region,
                endpoint == null ? null : java.net.URI.create(endpoint),
                firstOf(args.option("profile"), env.get("AWS_PROFILE")), workgroup, cluster,
                firstOf(args.option("database"), "dev"), dbUser, secretArn));
        String problem = profile.problem();
        if (problem != null) {
            throw new Args.UsageException(problem.equals("Choose a region.")
                    ? "a Redshift connection needs --region (or AWS_REGION)" : problem);
        }
        return profile;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private String sql() {
        if (!args.positional().isEmpty()) {
            return String.join(" ", args.positional());
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Args.UsageException("could not read SQL from stdin: " + e.getMessage());
        }
    }

    private void print(QueryRun run, ExportFormat format) throws IOException {
        boolean terminal = out == System.out && System.console() != null;
        long printed = new ResultPrinter(out, format, terminal).print(run.firstPage().join(), run::page);
        err.printf(printed == 1 ? "%,d row%n" : "%,d rows%n", printed);
    }

    /** The --output file; null for stdout (no --output, or "-"). */
    private Path output() {
        String value = args.option("output");
        if (value == null || value.equals("-")) {
            return null;
        }
        if (value.isBlank()) {
            throw new Args.UsageException("--output needs a file name");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new Args.UsageException("--output: " + e.getMessage());
        }
    }

    /** Why the file cannot be written, checked before the statement runs; null when it looks writable. */
    static String unwritable(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return "it is a folder";
        }
        if (folder == null || !Files.exists(folder)) {
            return "the folder " + folder + " does not exist";
        }
        if (!Files.isDirectory(folder)) {
            return folder + " is not a folder";
        }
        if (!Files.isWritable(folder)) {
            return "the folder " + folder + " is not writable";
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return "it is not a regular file (leave out --output to print to stdout)";
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return "the file is read-only";
        }
        return null;
    }

    /** Writing the output file failed; the message says why. */
    private static final class WriteException extends Exception {
        WriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes the result to the file as the window exports it: fetched into a spill store, then
     * written beside the file and moved into place once complete. Returns the rows written.
     */
    private long write(QueryService service, StatementInfo info, Path file, ExportFormat format) throws Exception {
        try (SpillStore store = SpillStore.open(SpillStore.Options.defaults(dirs.cache()))) {
            // on Ctrl+C the store cancels the export, which removes its partial file
            Thread hook = new Thread(store::close, "quire-sql-export-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (ResultCursor cursor = store.open(service.api(), info.resultSets().isEmpty() ? info.id()
                    : info.resultSets().get(0).id()).join()) {
                CompletableFuture<Long> export = cursor.export(file, format, null);
                try {
                    return export.join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof IOException || cause instanceof SQLException) {
                        throw new WriteException(reason(cause), cause);
                    }
                    throw e;
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook closes the store
                }
            }
        }
    }

    /** An I/O error in a few words: the system's reason, or the error's first line. */
    private static String reason(Throwable error) {
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (error instanceof FileSystemException e && e.getReason() != null) {
            return e.getReason();
        }
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
