package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, end to end against a real local engine in a temporary data folder. */
class MainTest {

    @TempDir
    Path home;



    @Test
    void sqlPrintsCsvUnderTheGivenDataDir() throws Exception {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data",
                "select 42 as answer, 'a,b' as text, null as nothing union all select 7, 'plain', null order by 1");
        assertEquals(0, result.code(), result.err());
        assertEquals("answer,text,nothing\n7,plain,\n42,\"a,b\",\n", result.out().replace("\r\n", "\n"));
        Path credentials = home.resolve("data/local/local-credentials.json");
        assertTrue(Files.exists(credentials));
        assertTrue(Files.exists(home.resolve("data/local/dev.duckdb")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
    }

    @Test
    void sqlPrintsJson() {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", "--format", "json",
                "select 1 as n, 'x' as s, true as b");
        assertEquals(0, result.code(), result.err());
        assertEquals("[{\"n\":1,\"s\":\"x\",\"b\":true}]", result.out().trim());
    }

    @Test
    void sqlPrintsTimestampsWithoutASpuriousFraction() {
        String sql = "select timestamp '2013-01-01 00:00:27' as whole, timestamp '2013-01-01 00:00:27.125' as millis";
        Cli csv = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", sql);
        assertEquals(0, csv.code(), csv.err());
        assertEquals("whole,millis\n2013-01-01 00:00:27,2013-01-01 00:00:27.125\n", csv.out().replace("\r\n", "\n"));
        Cli json = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", "--format", "json", sql);
        assertEquals(0, json.code(), json.err());
        assertEquals("[{\"whole\":\"2013-01-01 00:00:27\",\"millis\":\"2013-01-01 00:00:27.125\"}]", json.out().trim());
    }

    @Test
    void failingSqlExitsNonZeroWithTheMessage() {
        Cli result = Cli.run("--data-dir", home.toString(), "sql", "--no-sample-data", "select * from nowhere");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("FAILED") && result.err().contains("nowhere"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void badUsageExplainsItself() {
        Cli result = Cli.run("sql", "--format", "xml", "select 1");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("--format takes csv, tsv, json, jsonl, parquet or xlsx"), result.err());
        assertTrue(result.err().contains("Usage: quire"), result.err());
    }
}
