package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.local.server.LocalFixture;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.ui.results.ResultCells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamps through the local server and a result cursor: shown and exported as text without a spurious ".0". */
class TimestampTextTest {

    static final String SQL = "select timestamp '2013-01-01 00:00:27' as whole, "
            + "timestamp '2013-01-01 00:00:27.125' as millis, "
            + "'2013-01-01 00:00:27.123456'::timestamp as micros, "
            + "timestamp '2013-03-31 02:30:00' as spring";
    static final List<String> TEXT = List.of("2013-01-01 00:00:27", "2013-01-01 00:00:27.125",
            "2013-01-01 00:00:27.123456", "2013-03-31 02:30:00");

    @TempDir
    static Path dir;
    static LocalFixture local;
    static QueryService service;
    static SpillStore store;
    static ResultCursor cursor;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(dir.resolve("local"));
        service = new QueryService(local.client());
        store = SpillStore.open(SpillStore.Options.defaults(dir.resolve("cache")));
        StatementInfo info = service.run(StatementRequest.of(SQL)).finished().get(60, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        cursor = store.open(service.api(), info.id()).get(60, TimeUnit.SECONDS);
        cursor.whenDone().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        cursor.close();
        store.close();
        service.close();
        local.close();
    }

    @Test
    void cursorRowsDisplayAsTheServerSentThem() throws Exception {
        Object[] row = cursor.rows(0, 1).get(60, TimeUnit.SECONDS).get(0);
        for (int c = 0; c < TEXT.size(); c++) {
            assertEquals(TEXT.get(c), ResultCells.display(row[c]), cursor.columns().get(c).name());
        }
    }

    @Test
    void exportsWriteTheSameText() throws Exception {
        Path csv = dir.resolve("t.csv");
        cursor.export(csv, ExportFormat.CSV, null).get(60, TimeUnit.SECONDS);
        assertEquals("whole,millis,micros,spring\n" + String.join(",", TEXT) + "\n",
                Files.readString(csv).replace("\r\n", "\n"));

        Path json = dir.resolve("t.json");
        cursor.export(json, ExportFormat.JSON, null).get(60, TimeUnit.SECONDS);
        assertEquals("[{\"whole\":\"" + TEXT.get(0) + "\",\"millis\":\"" + TEXT.get(1) + "\",\"micros\":\""
                + TEXT.get(2) + "\",\"spring\":\"" + TEXT.get(3) + "\"}]", Files.readString(json).strip());

        Path lines = dir.resolve("t.jsonl");
        cursor.export(lines, ExportFormat.JSON_LINES, null).get(60, TimeUnit.SECONDS);
        assertEquals("{\"whole\":\"" + TEXT.get(0) + "\",\"millis\":\"" + TEXT.get(1) + "\",\"micros\":\""
                + TEXT.get(2) + "\",\"spring\":\"" + TEXT.get(3) + "\"}", Files.readString(lines).strip());
    }
}
