package dev.quire.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.LocalEngineTest.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine offers dialects beyond Redshift's needs: positional parameters given as SQL
 * literals and bound by value, a default schema per statement, attributes kept with a statement,
 * and a retention of its own.
 */
class PositionalSubmissionTest {

    @TempDir
    Path dir;

    private LocalEngine open(TestClock clock) throws Exception {
        return LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false), SampleData.Progress.NONE,
                clock);
    }

    private static Submission positional(String sql, String schema, Duration retention, String... literals) {
        return new Submission("me", List.of(sql), false, java.util.Arrays.stream(literals)
                .map(Submission.Parameter::literal).toList(), null, null, null, null, null, null,
                Submission.Target.inSchema(LocalEngine.DATABASE, schema, null),
                Submission.ParameterStyle.POSITIONAL, Map.of("dialect.member", "kept"), retention);
    }

    private static StatementSnapshot run(LocalEngine engine, Submission request) {
        StatementSnapshot done = engine.await("me", engine.submit(request).id(), Duration.ofSeconds(30));
        assertEquals(Phase.FINISHED, done.status(), done.error());
        return done;
    }

    /** Runs and returns the one row as DuckDB's text, with each column's type. */
    private static List<String> row(LocalEngine engine, Submission request) {
        StatementSnapshot done = run(engine, request);
        List<String> row = new ArrayList<>();
        engine.read("me", done.id(), 0, 1, rows -> {
            for (int c = 1; c <= done.columns().size(); c++) {
                row.add(done.columns().get(c - 1).type() + ":" + rows.getString(c));
            }
            return true;
        });
        return row;
    }

    @Test
    void literalsAreBoundByValueAndType() throws Exception {
        try (LocalEngine engine = open(new TestClock())) {
            List<String> row = row(engine, positional("SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", null, null,
                    "'it''s; DROP TABLE x'", "42", "5000000000", "2.50", "1e3", "TRUE", "NULL", "DATE '2024-01-31'",
                    "TIMESTAMP '2024-01-31 12:30:00.25'", "X'CAFE'", "DECIMAL '1.20'", "  false  "));
            assertEquals(List.of("VARCHAR:it's; DROP TABLE x", "INTEGER:42", "BIGINT:5000000000",
                    "DECIMAL(3,2):2.50", "DOUBLE:1000.0", "BOOLEAN:true", "\"NULL\":null", "DATE:2024-01-31",
                    "TIMESTAMP:2024-01-31 12:30:00.25", "BLOB:\\xCA\\xFE", "DECIMAL(3,2):1.20", "BOOLEAN:false"),
                    row);
        }
    }

    @Test
    void positionalSqlIsNotRewrittenForNamedParameters() throws Exception {
        try (LocalEngine engine = open(new TestClock())) {
            assertEquals(List.of("STRUCT(k INTEGER):{'k': 1}", "VARCHAR:?:x"),
                    row(engine, positional("SELECT {'k':1} AS s, '?:x' AS q", null, null)));
        }
    }

    @Test
    void wrongParametersAreRefusedAtSubmission() throws Exception {
        try (LocalEngine engine = open(new TestClock())) {
            EngineException count = assertThrows(EngineException.class,
                    () -> engine.submit(positional("SELECT ?, ?", null, null, "1")));
            assertEquals(EngineException.Kind.VALIDATION, count.kind());
            assertEquals("Incorrect number of parameters: expected 2 but found 1.", count.getMessage());
            for (String bad : List.of("1 + 1", "'open", "'a'b'", "DATE 'not a date'", "GEOMETRY 'x'", "X'ABC'")) {
                EngineException literal = assertThrows(EngineException.class,
                        () -> engine.submit(positional("SELECT ?", null, null, bad)), bad);
                assertEquals(EngineException.Kind.VALIDATION, literal.kind());
                assertTrue(literal.getMessage().contains("not an SQL literal"), literal.getMessage());
            }
            assertTrue(engine.statements("me").isEmpty(), "a refused submission leaves nothing behind");
        }
    }

    @Test
    void aStatementRunsInItsSchema() throws Exception {
        try (LocalEngine engine = open(new TestClock())) {
            run(engine, positional("CREATE SCHEMA shop", null, null));
            run(engine, positional("CREATE TABLE items AS SELECT 7 AS n", "Shop", null));
            assertEquals(List.of("INTEGER:7"), row(engine, positional("SELECT n FROM shop.items", null, null)));
            assertEquals(List.of("INTEGER:7"), row(engine, positional("SELECT n FROM items", "SHOP", null)));
            StatementSnapshot missing = engine.await("me", engine.submit(positional("SELECT 1", "nowhere", null))
                    .id(), Duration.ofSeconds(30));
            assertEquals(Phase.FAILED, missing.status());
            assertEquals("ERROR: Catalog Error: Schema \"nowhere\" does not exist.", missing.error());
        }
    }

    @Test
    void aSubmissionsRetentionAndAttributesAreKeptAcrossRestarts() throws Exception {
        TestClock clock = new TestClock();
        String kept;
        String plain;
        try (LocalEngine engine = open(clock)) {
            kept = engine.submit(positional("SELECT ?", "public", Duration.ofDays(45), "'x'")).id();
            plain = engine.submit(Submission.of("me", "SELECT 1")).id();
            engine.await("me", kept, Duration.ofSeconds(30));
            engine.await("me", plain, Duration.ofSeconds(30));
        }
        List<String> removed = new ArrayList<>();
        try (LocalEngine engine = open(clock)) {
            engine.onRemoved(s -> removed.add(s.id()));
            Submission request = engine.describe("me", kept).request();
            assertEquals(Submission.ParameterStyle.POSITIONAL, request.parameterStyle());
            assertEquals(List.of(Submission.Parameter.literal("'x'")), request.parameters());
            assertEquals("public", request.target().schema());
            assertEquals(Map.of("dialect.member", "kept"), request.attributes());
            assertEquals(Duration.ofDays(45), request.retention());
            assertEquals(Submission.ParameterStyle.NAMED, engine.describe("me", plain).request().parameterStyle());

            clock.advance(Duration.ofDays(2));
            engine.purgeExpired();
            assertEquals(List.of(plain), removed, "the engine's own retention is a day");
            assertEquals(Phase.FINISHED, engine.describe("me", kept).status());
            clock.advance(Duration.ofDays(44));
            engine.purgeExpired();
            assertEquals(List.of(plain, kept), removed);
            assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                    () -> engine.describe("me", kept)).kind());
        }
    }

    @Test
    void aReusedTokenWithOtherMembersIsAConflict() throws Exception {
        try (LocalEngine engine = open(new TestClock())) {
            Submission first = new Submission("me", List.of("SELECT 1"), false, List.of(), null, "token-1", null, null,
                    null, null, null, Submission.ParameterStyle.POSITIONAL, Map.of("where", "here"), null);
            Submission other = new Submission("me", List.of("SELECT 1"), false, List.of(), null, "token-1", null, null,
                    null, null, null, Submission.ParameterStyle.POSITIONAL, Map.of("where", "there"), null);
            String id = engine.submit(first).id();
            assertEquals(id, engine.submit(first).id());
            assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class,
                    () -> engine.submit(other)).kind());
        }
    }
}
