package dev.quire.service;

import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Exports a 1,000,000-row result to Excel in the heap it is given (the test runs it in 512 MB). */
public final class XlsxExportChild {

    static final long ROWS = 1_000_000;
    static final String SQL = "select i as id, (i * 0.25)::double as quarter, (i / 100)::decimal(12,2) as amount,"
            + " 'name-' || i::varchar as name, timestamp '2024-01-01 00:00:00' + to_seconds(i) as at,"
            + " date '2024-01-01' + (i % 366)::int as day, i % 3 = 0 as third,"
            + " case when i % 10 = 0 then null else 'tag' end as tag from range(" + ROWS + ") t(i)";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path target = Path.of(args[1]);
        try (LocalFixture local = LocalFixture.start(dir.resolve("server"));
             QueryService service = new QueryService(local.client());
             SpillStore store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")))) {
            StatementInfo info = service.run(StatementRequest.of(SQL)).finished().get(300, TimeUnit.SECONDS);
            if (info.status() != RunState.FINISHED) {
                throw new IllegalStateException(info.status() + ": " + info.error());
            }
            ResultCursor cursor = store.open(service.api(), info).get(60, TimeUnit.SECONDS).get(0);
            long written = cursor.export(target, ExportFormat.XLSX, null).get(600, TimeUnit.SECONDS);
            Runtime heap = Runtime.getRuntime();
            System.out.println("heap used " + (heap.totalMemory() - heap.freeMemory()) / (1024 * 1024) + " MB of "
                    + heap.maxMemory() / (1024 * 1024) + " MB");
            System.out.println("ok: " + written);
            cursor.close();
        }
        System.exit(0);
    }
}
