package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.client.DataApiException;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page the server fails while a result is fetched for export: no file is written, an old one stays. */
class ExportFailedPageTest {

    @TempDir
    Path dir;

    @Test
    void aFailedPageWritesNothingInAnyFormat() throws Exception {
        DataApiException gone = new DataApiException("InternalServerException", "the server went away", null);
        Path out = Files.createDirectory(dir.resolve("out"));
        try (LocalFixture local = LocalFixture.start(LocalEngine.Options.defaults(dir.resolve("local"))
                .withSampleData(false).withPageBytes(64 * 1024));
             QueryService service = new QueryService(local.client());
             SpillStore store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")))) {
            StatementInfo info = service.run(StatementRequest.of("select i as id, 'name-' || i as name"
                    + " from range(50000) t(i)")).finished().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FINISHED, info.status(), info.error());
            for (ExportFormat format : ExportFormat.values()) {
                ScriptedApi api = new ScriptedApi(service.api(), (call, page) -> call == 3
                        ? CompletableFuture.failedFuture(gone) : null);
                Path target = out.resolve("result." + format.extension);
                Files.writeString(target, "old");
                try (ResultCursor cursor = store.open(api, info.id()).get(60, TimeUnit.SECONDS)) {
                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> cursor.export(target, format, null).get(60, TimeUnit.SECONDS));
                    assertEquals(gone, failed.getCause(), format.label);
                    assertEquals(3, api.fetches(), "the third page failed before the export began");
                }
                assertEquals("old", Files.readString(target), format.label);
            }
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(ExportFormat.values().length, files.count(), "no partial file beside them");
            }
        }
    }
}
