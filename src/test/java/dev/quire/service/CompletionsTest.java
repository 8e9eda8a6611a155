package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.local.server.LocalFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion that knows the catalog, asked of a real local server. */
class CompletionsTest {

    @TempDir
    static Path dir;
    static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.startWith(dir, "create schema taxi; create table taxi.trips(trip_id bigint,"
                + " fare_amount double, payment_type varchar); create table taxi.zones(zone_id int, zone_name varchar);"
                + " create table public.\"Mixed Case\"(\"Total Sum\" int, plain int)");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    /** The labels offered with the caret at the | in the text. */
    private static List<String> offered(String textWithCaret) throws Exception {
        int caret = textWithCaret.indexOf('|');
        String text = textWithCaret.replace("|", "");
        Completions completions = new Completions(new SchemaCatalog(local.client()), "dev");
        return completions.complete(text, caret).get(30, TimeUnit.SECONDS).items().stream()
                .map(Completions.Item::label).toList();
    }

    @Test
    void afterASchemaItsTablesAfterADatabaseItsSchemas() throws Exception {
        assertEquals(List.of("trips", "zones"), offered("select * from taxi.|"));
        assertEquals(List.of("zones"), offered("select * from taxi.z|"));
        assertEquals(List.of("trips"), offered("select * from TAXI.T|"), "names match regardless of case");
        assertTrue(offered("select * from dev.|").containsAll(List.of("public", "taxi")), offered("select * from dev.|").toString());
    }

    @Test
    void afterAnAliasOrATableNameTheTablesColumns() throws Exception {
        assertEquals(List.of("trip_id", "fare_amount", "payment_type"), offered("select t.| from taxi.trips t"));
        assertEquals(List.of("zone_id", "zone_name"), offered("select t.fare_amount, z.| from taxi.trips as t join taxi.zones z on true"));
        assertEquals(List.of("fare_amount"), offered("select trips.f| from taxi.trips where trip_id > 1"));
        assertEquals(List.of("trip_id", "fare_amount", "payment_type"), offered("select taxi.trips.| from taxi.trips"));
    }

    @Test
    void aBareWordGetsTheStatementsColumnsThenLoadedNames() throws Exception {
        assertEquals(List.of("zone_id", "zone_name", "zones"), offered("select zo| from taxi.trips, taxi.zones"),
                "the columns first, then the names loaded");
        assertEquals(List.of("payment_type", "pg_catalog", "public"), offered("select p| from taxi.trips"));
        assertEquals(List.of(), offered("select nothing_like_it| from taxi.trips"));
    }

    @Test
    void quotedNamesAreFoundAndInsertedQuoted() throws Exception {
        Completions completions = new Completions(new SchemaCatalog(local.client()), "dev");
        String text = "select m. from public.\"Mixed Case\" m";
        var result = completions.complete(text, text.indexOf("m.") + 2).get(30, TimeUnit.SECONDS);
        assertEquals(List.of("\"Total Sum\"", "plain"), result.items().stream().map(Completions.Item::insert).toList());
        assertEquals(List.of("Mixed Case"), offered("select * from public.\"Mix|"));
    }

    @Test
    void unknownScopesOfferNothing() throws Exception {
        assertEquals(List.of(), offered("select x.| from taxi.trips t"));
        assertEquals(List.of(), offered("select * from nowhere.|"));
    }

    @Test
    void tableReferencesWithAliasesListsAndJoins() {
        assertEquals(List.of(new Completions.TableRef(List.of("taxi", "trips"), "t"),
                new Completions.TableRef(List.of("zones"), null),
                new Completions.TableRef(List.of("public", "Mixed Case"), "m")),
                Completions.tableRefs("select 'from x' from taxi.trips t, zones -- join y\n"
                        + " left join public.\"Mixed Case\" as m on true where 1 = 1"));
    }
}
