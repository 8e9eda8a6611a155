package dev.quire.cli;

import dev.quire.model.AppDirs;
import java.io.PrintStream;
import java.util.Set;

/** Entry point: no subcommand opens the window; {@code serve} and {@code sql} run headless. */
public final class Main {

    static final Set<String> COMMANDS = Set.of("gui", "serve", "sql", "help");
    static final Set<String> FLAGS = Set.of("help", "version", "no-sample-data", "password-stdin");

    public static void main(String[] argv) {
        int code = run(argv, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args args;
        try {
            args = Args.parse(argv, COMMANDS, FLAGS);
        } catch (Args.UsageException e) {
            err.println("quire: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (args.flag("version")) {
            out.println("quire " + version());
            return 0;
        }
        if (args.flag("help") || "help".equals(args.command())) {
            out.println(USAGE);
            return 0;
        }
        AppDirs dirs = AppDirs.resolve(args.dataDir());
        try {
            String command = args.command() == null ? "gui" : args.command();
            return switch (command) {
                case "serve" -> new ServeCommand(dirs, args, out, err).run();
                case "sql" -> new SqlCommand(dirs, args, out, err).run();
                default -> GuiCommand.run(dirs, args);
            };
        } catch (Args.UsageException e) {
            err.println("quire: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    static final String USAGE = String.join("\n",
            "Usage: quire [--data-dir DIR] [COMMAND | FILE.sql ...]",
            "  (no command)            open the workbench window on the local engine, with each",
            "                          FILE.sql given in an editor tab of its own",
            "  serve [--port N] [--retention-hours H] [--ready-file FILE] [--results-budget SIZE]",
            "                          run the local Redshift Data API, Athena (with Athena's",
            "                          result files over S3) and Dremio endpoint until interrupted;",
            "                          once it answers, prints the AWS_* and DREMIO_* exports to",
            "                          eval and, with --ready-file, writes them to FILE too",
            "                          (owner-only, removed when serve stops); statements and",
            "                          their results are kept H hours (default 24); stored",
            "                          results take at most --results-budget SIZE of disk",
            "                          (default 4g), past which the oldest are dropped",
            "  sql [--format csv|tsv|json|jsonl|parquet|xlsx] [--output FILE]",
            "      [--connection NAME | CONNECTION FLAGS] SQL",
            "                          run SQL (or SQL read from stdin) and print the result",
            "                          (csv by default), or with --output write it to FILE as the",
            "                          window exports it, replacing FILE only once complete;",
            "                          parquet and xlsx need --output; without a connection it",
            "                          runs on the local engine",
            "Connection flags (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL and the credential",
            "variables are honoured):",
            "  Redshift: --region R --workgroup W | --cluster C [--db-user U] [--secret-arn ARN]",
            "            [--database D] [--profile AWS_PROFILE] [--endpoint-url URL]",
            "  Athena:   --backend athena [--endpoint-url URL] [--region R] [--workgroup W]",
            "            [--catalog C] [--database D] [--output-location S3URI] [--profile P];",
            "            without --endpoint-url, --region, --profile or --output-location it runs",
            "            on the local engine through the Athena API",
            "  Dremio:   --backend dremio [--endpoint-url URL] [--token T | --user U --password-stdin]",
            "            [--context PATH]; DREMIO_URL and DREMIO_TOKEN are honoured; without a URL",
            "            it runs on the local engine through the Dremio API",
            "Options:",
            "  --data-dir DIR          keep all config, data and cache under DIR (or set QUIRE_HOME)",
            "  --no-sample-data        do not generate the taxi and tpch sample schemas",
            "  --version, --help");

    private Main() {
    }
}
