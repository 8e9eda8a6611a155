package dev.quire.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value as the value viewer lays it out: lines, JSON labels and children, hex dump. */
class ValueTextTest {

    @Test
    void linesAreCutIntoPiecesTheListCanDraw() {
        assertEquals(List.of("Plan", "  -> Seq Scan", ""), ValueText.lines("Plan\r\n  -> Seq Scan\n"));
        String wide = "x".repeat(ValueText.PIECE * 2 + 5);
        assertEquals(List.of("x".repeat(ValueText.PIECE), "x".repeat(ValueText.PIECE), "xxxxx"), ValueText.lines(wide));
    }

    @Test
    void onlyObjectsAndArraysAreJson() {
        assertNull(ValueText.json("42"));
        assertNull(ValueText.json("{not json"));
        assertNull(ValueText.json("plain text"));
        JsonNode node = ValueText.json(" {\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {}}");
        assertEquals("{3}", ValueText.label(null, node));
        List<Map.Entry<String, JsonNode>> children = ValueText.children(node);
        assertEquals(List.of("a: 1", "b [3]", "c {0}"), children.stream()
                .map(child -> ValueText.label(child.getKey(), child.getValue())).toList());
        assertEquals(List.of("[0]: true", "[1]: null", "[2]: \"x\""), ValueText.children(node.get("b")).stream()
                .map(child -> ValueText.label(child.getKey(), child.getValue())).toList());
        assertEquals("{\n  \"a\" : 1,\n  \"b\" : [ true, null, \"x\" ],\n  \"c\" : { }\n}", ValueText.pretty(node));
    }

    @Test
    void longScalarsAreCutInTheirLabel() {
        JsonNode node = ValueText.json("[\"" + "y".repeat(ValueText.LABEL * 2) + "\"]");
        String label = ValueText.label("k", node.get(0));
        assertEquals("k: \"" + "y".repeat(ValueText.LABEL - 1) + "…", label);
    }

    @Test
    void bytesShowAsOffsetHexAndAscii() {
        byte[] bytes = "Hello, hex dump!\u0000\u0001\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of(
                "00000000  48 65 6c 6c 6f 2c 20 68  65 78 20 64 75 6d 70 21  |Hello, hex dump!|",
                "00000010  00 01 ff                                          |...|"), ValueText.hexDump(bytes));
    }
}
