package dev.quire.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The grid's window over results of any size, its scroll bar and its jumps, as plain arithmetic. */
class RowWindowTest {

    private static final int SIZE = RowWindow.SIZE;

    private static RowWindow over(long rows) {
        RowWindow window = new RowWindow();
        window.reset(rows);
        return window;
    }

    @Test
    void aResultShorterThanTheWindowIsHeldWholeAndNeverSlides() {
        RowWindow window = over(5_000);
        assertFalse(window.windowed());
        assertEquals(5_000, window.size());
        assertTrue(window.holds(0) && window.holds(4_999));
        assertFalse(window.holds(5_000) || window.holds(-1));
        assertFalse(window.centre(4_999), "nothing to slide to");
        assertEquals(0, window.start());
        assertFalse(window.nearEdge(4_990, 4_999));
        assertEquals(4_999, window.item(4_999));
    }

    @Test
    void aJumpLandsOnARowThereIs() {
        RowWindow window = over(1_000);
        assertEquals(0, window.target(-5));
        assertEquals(999, window.target(Long.MAX_VALUE));
        assertEquals(500, window.target(500));
        assertEquals(-1, over(0).target(0), "no rows, nothing to jump to");
        assertEquals(0, over(0).size());
    }

    @Test
    void theWindowCentresOnARowAsFarAsTheEndsAllow() {
        RowWindow window = over(10_000_000);
        assertTrue(window.windowed());
        assertEquals(SIZE, window.size());
        assertFalse(window.holds(5_000_000));

        assertTrue(window.centre(5_000_000));
        assertEquals(5_000_000 - SIZE / 2, window.start());
        assertTrue(window.holds(5_000_000));
        assertEquals(SIZE / 2, window.item(5_000_000));
        assertEquals(5_000_000, window.row(SIZE / 2));
        assertFalse(window.centre(5_000_000), "already there");

        assertTrue(window.centre(9_999_999));
        assertEquals(10_000_000 - SIZE, window.start(), "the window ends at the last row");
        assertEquals(SIZE - 1, window.item(9_999_999));
        assertEquals(SIZE, window.size());

        assertTrue(window.centre(3));
        assertEquals(0, window.start(), "and starts at the first");
    }

    @Test
    void itSlidesWhenTheViewNearsAnEdgeWithRowsPastIt() {
        RowWindow window = over(10_000_000);
        int margin = RowWindow.MARGIN;
        assertFalse(window.nearEdge(0, 30), "no rows before the first window");
        assertFalse(window.nearEdge(SIZE - margin - 30, SIZE - margin));
        assertTrue(window.nearEdge(SIZE - margin - 29, SIZE - margin + 1), "near the bottom edge");

        window.centre(5_000_000);
        long start = window.start();
        assertFalse(window.nearEdge(start + margin, start + margin + 30));
        assertTrue(window.nearEdge(start + margin - 1, start + margin + 29), "near the top edge");

        window.centre(9_999_999);
        assertFalse(window.nearEdge(9_999_970, 9_999_999), "no rows past the last window");
    }

    @Test
    void theScrollBarSpansTheResultAndStandsAtItsEndWithTheLastRowInView() {
        RowWindow window = over(1_000_000);
        RowWindow.Bar top = window.bar(0, 29);
        assertEquals(new RowWindow.Bar(1_000_000 - 30, 30, 0), top);

        window.centre(500_000);
        int first = window.item(500_000);
        assertEquals(new RowWindow.Bar(1_000_000 - 30, 30, 500_000), window.bar(first, first + 29));
        assertEquals(500_000, window.rowAt(500_000.7), "the bar's value is the row at the top");

        window.centre(999_999);
        RowWindow.Bar end = window.bar(window.item(999_975), window.item(999_999));
        assertEquals(1_000_000 - 25, end.max());
        assertEquals(end.max(), end.value(), "at the end, whatever row is at the top");
    }

    @Test
    void aGrowingResultGrowsTheWindowUpToItsSize() {
        RowWindow window = over(1_000);
        window.rows(2_000);
        assertEquals(2_000, window.size());
        assertFalse(window.windowed());
        window.rows(50_000);
        assertEquals(SIZE, window.size());
        assertTrue(window.windowed());
        assertEquals(0, window.start());
        window.reset(10);
        assertEquals(10, window.size());
    }
}
