package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, end to end against a real local engine in a temporary data folder. */
class MainTest {

    @TempDir
    Path home;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sqlPrintsCsvUnderTheGivenDataDir() throws Exception {
        Result result = run("--data-dir", home.toString(), "sql", "--no-sample-data",
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
        Result result = run("--data-dir", home.toString(), "sql", "--no-sample-data", "--format", "json",
                "select 1 as n, 'x' as s, true as b");
        assertEquals(0, result.code(), result.err());
        assertEquals("[{\"n\":1,\"s\":\"x\",\"b\":true}]", result.out().trim());
    }

    @Test
    void failingSqlExitsNonZeroWithTheMessage() {
        Result result = run("--data-dir", home.toString(), "sql", "--no-sample-data", "select * from nowhere");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("FAILED") && result.err().contains("nowhere"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void badUsageExplainsItself() {
        Result result = run("sql", "--format", "xml", "select 1");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("--format takes csv or json"), result.err());
        assertTrue(result.err().contains("Usage: quire"), result.err());
    }
}
