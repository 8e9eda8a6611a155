package dev.quire.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a cell shows for a value: doubles rounded for reading, everything else as it is. */
class ResultCellsTest {

    @Test
    void doublesShowAtMostSixDecimalsTrimmed() {
        assertEquals("3.141593", ResultCells.display(Math.PI));
        assertEquals("0.3", ResultCells.display(0.1 + 0.2));
        assertEquals("2", ResultCells.display(2.0));
        assertEquals("-1234567.891235", ResultCells.display(-1234567.8912345678));
        assertEquals("0.000123457", ResultCells.display(0.000123456789));
        assertEquals("0.5", ResultCells.display(0.5));
        assertEquals("0", ResultCells.display(0.0));
    }

    @Test
    void veryLargeOrSmallDoublesShowSixSignificantDigits() {
        assertEquals("1.23457E-7", ResultCells.display(1.23456789e-7));
        assertEquals("1E+20", ResultCells.display(1e20));
        assertEquals("NaN", ResultCells.display(Double.NaN));
        assertEquals("Infinity", ResultCells.display(Double.POSITIVE_INFINITY));
    }

    @Test
    void floatsShowTheirOwnDigitsNotTheDoublesOnes() {
        assertEquals("0.1", ResultCells.display(0.1f));
    }

    @Test
    void otherValuesShowAsTheyAre() {
        assertEquals("NULL", ResultCells.display(null));
        assertEquals("12345678901234", ResultCells.display(12345678901234L));
        assertEquals("12.500", ResultCells.display(new java.math.BigDecimal("12.500")));
        assertEquals("AP8Q", ResultCells.display(new byte[] {0, -1, 16}));
    }

    @Test
    void longTextIsCutInTheCell() {
        String text = "x".repeat(ResultCells.CELL_CHARS + 1);
        assertEquals("x".repeat(ResultCells.CELL_CHARS) + "…", ResultCells.display(text));
        assertEquals("x".repeat(ResultCells.CELL_CHARS), ResultCells.display("x".repeat(ResultCells.CELL_CHARS)));
    }
}
