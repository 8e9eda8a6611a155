package dev.quire.client.athena;

import static dev.quire.client.athena.AthenaMock.csv;
import static dev.quire.client.athena.AthenaMock.execution;
import static dev.quire.client.athena.AthenaMock.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.service.ResultCursor;
import dev.quire.service.ResultView;
import dev.quire.service.RowFilter;
import dev.quire.service.SpillStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A result read from S3 through the service's result cursor and spill store, as the grid reads it. */
class AthenaResultCursorTest {

    static final int ROWS = 5000;
    static final String LOCATION = "s3://out/results/q1.csv";
    static final List<String> COLUMNS = List.of("id:bigint", "label:varchar", "amount:double", "price:decimal",
            "small:tinyint");

    @TempDir
    Path dir;
    @RegisterExtension
    final AthenaMock mock = new AthenaMock(Duration.ofSeconds(10), Duration.ofSeconds(10));
    AthenaClient client;
    SpillStore store;

    @BeforeEach
    void start() throws Exception {
        client = mock.client(null);
        store = SpillStore.open(SpillStore.Options.defaults(dir));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Arrays.asList(String.valueOf(i), i % 7 == 3 ? null : i % 7 == 4 ? "" : "row " + i,
                    String.valueOf((i * 37 % ROWS) / 4.0), "0.000000" + (i % 10), String.valueOf(i % 100 - 50)));
        }
        mock.answer("GetQueryExecution", execution("q1", "SUCCEEDED", "DML", LOCATION));
        mock.answer("GetQueryResults", results(COLUMNS, true, List.of(), "more"));
        mock.put(LOCATION, csv(List.of("id", "label", "amount", "price", "small"), rows));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    ResultCursor fetched() throws Exception {
        ResultCursor cursor = store.open(client, "q1").get(30, TimeUnit.SECONDS);
        cursor.whenDone().get(30, TimeUnit.SECONDS);
        assertEquals(ROWS, cursor.totalRows());
        assertTrue(cursor.totalKnown());
        return cursor;
    }

    static void assertRow(int i, Object[] row) {
        assertEquals((long) i, row[0]);
        assertEquals(i % 7 == 3 ? null : i % 7 == 4 ? "" : "row " + i, row[1], "row " + i);
        assertEquals((i * 37 % ROWS) / 4.0, row[2]);
        assertEquals(new BigDecimal("0.000000" + (i % 10)).toPlainString(), row[3], "decimals keep their digits");
        assertEquals((long) (i % 100 - 50), row[4]);
    }

    @Test
    void everyRowArrivesTypedAndSortsAsNumbers() throws Exception {
        try (ResultCursor cursor = fetched()) {
            List<Object[]> rows = cursor.rows(0, ROWS).get(30, TimeUnit.SECONDS);
            assertEquals(ROWS, rows.size());
            for (int i = 0; i < ROWS; i++) {
                assertRow(i, rows.get(i));
            }
            try (ResultView byAmount = cursor.view(2, false, RowFilter.NONE).get(30, TimeUnit.SECONDS)) {
                List<Object[]> sorted = byAmount.rows(0, 3).get(30, TimeUnit.SECONDS);
                assertEquals(List.of((ROWS - 1) / 4.0, (ROWS - 2) / 4.0, (ROWS - 3) / 4.0),
                        sorted.stream().map(r -> r[2]).toList(), "doubles sort as numbers, not as text");
            }
            try (ResultView bySmall = cursor.view(4, true, RowFilter.NONE).get(30, TimeUnit.SECONDS)) {
                assertEquals(-50L, bySmall.rows(0, 1).get(30, TimeUnit.SECONDS).get(0)[4]);
            }
        }
        assertEquals("read from S3", client.resultSource("q1").orElseThrow().text());
    }

    @Test
    void aBreakMidFileIsResumedWithoutLosingOrRepeatingARow() throws Exception {
        mock.s3Fault(answer -> answer.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        try (ResultCursor cursor = fetched()) {
            List<Object[]> rows = cursor.rows(0, ROWS).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < ROWS; i++) {
                assertRow(i, rows.get(i));
            }
        }
        assertEquals(2, mock.s3Requests().size());
        assertTrue(mock.s3Requests().get(1).getHeader("Range").startsWith("bytes="));
    }
}
