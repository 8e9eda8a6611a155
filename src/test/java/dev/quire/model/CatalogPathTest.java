package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CatalogPathTest {

    @Test
    void parsesBareAndQuotedNames() {
        assertEquals(CatalogPath.ROOT, CatalogPath.parse("  "));
        assertEquals(CatalogPath.of("shop"), CatalogPath.parse("shop"));
        assertEquals(CatalogPath.of("Samples", "samples.dremio.com"),
                CatalogPath.parse("Samples.\"samples.dremio.com\""));
        assertEquals(CatalogPath.of("a \"b\"", "c"), CatalogPath.parse("\"a \"\"b\"\"\".c"));
        CatalogPath path = CatalogPath.of("Samples", "samples.dremio.com", "NYC taxi");
        assertEquals(path, CatalogPath.parse(SqlDialect.DREMIO.quote(path)), "what quote writes, parse reads");
    }

    @Test
    void refusesBlankNamesAndOpenQuotes() {
        assertThrows(IllegalArgumentException.class, () -> CatalogPath.parse("a..b"));
        assertThrows(IllegalArgumentException.class, () -> CatalogPath.parse("a."));
        assertThrows(IllegalArgumentException.class, () -> CatalogPath.parse("\"a"));
        assertThrows(IllegalArgumentException.class, () -> CatalogPath.parse("\"a\"b"));
    }
}
