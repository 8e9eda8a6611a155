package dev.quire.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.model.AppDirs;
import dev.quire.model.Column;
import dev.quire.model.Csv;
import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementStatus;
import dev.quire.model.StatementRequest;
import dev.quire.protocol.redshift.Json;
import dev.quire.service.JsonRows;
import dev.quire.service.QueryRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/** quire sql: runs one statement and prints its whole result as CSV or JSON. */
final class SqlCommand {

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
        String format = args.option("format") == null ? "csv" : args.option("format").toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("json")) {
            throw new Args.UsageException("--format takes csv or json, not '" + format + "'");
        }
        String sql = sql();
        if (sql.isBlank()) {
            throw new Args.UsageException("no SQL given: pass it as an argument or on stdin");
        }
        try (LocalBackend backend = LocalBackend.open(dirs, 0, !args.flag("no-sample-data"),
                (fraction, label) -> err.printf("preparing sample data: %s (%d%%)%n", label,
                        Math.round(fraction * 100)))) {
            QueryRun run = backend.service().run(StatementRequest.of(sql));
            run.onChange(info -> err.printf("%s %.1f s%n", info.status(), run.elapsed().toMillis() / 1000.0));
            StatementInfo info = run.finished().join();
            if (info.status() != StatementStatus.FINISHED) {
                err.println("quire sql: statement " + info.status()
                        + (info.error() == null ? "" : ": " + info.error()));
                return 1;
            }
            if (!info.hasResultSet()) {
                err.println(info.resultRows() + " rows affected");
                return 0;
            }
            print(run, format);
            return 0;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("quire sql: " + cause.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("quire sql: " + e.getMessage());
            return 1;
        }
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

    private void print(QueryRun run, String format) throws IOException {
        ResultPage page = run.firstPage().join();
        long printed = 0;
        if (format.equals("json")) {
            List<String> names = page.columns().stream().map(Column::name).toList();
            try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
                json.writeStartArray();
                while (true) {
                    for (Object[] row : page.rows()) {
                        JsonRows.write(json, names, row);
                    }
                    printed += page.rows().size();
                    if (page.isLast()) {
                        break;
                    }
                    page = run.page(page.nextToken()).join();
                }
                json.writeEndArray();
            }
            out.println();
        } else {
            out.println(Csv.row(page.columns().stream().map(Column::name).toList().toArray()));
            while (true) {
                for (Object[] row : page.rows()) {
                    out.println(Csv.row(row));
                }
                printed += page.rows().size();
                if (page.isLast()) {
                    break;
                }
                page = run.page(page.nextToken()).join();
            }
        }
        out.flush();
        err.printf(printed == 1 ? "%,d row%n" : "%,d rows%n", printed);
    }
}
