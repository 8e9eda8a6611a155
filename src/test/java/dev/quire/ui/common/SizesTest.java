package dev.quire.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void bytesAreShownInTheLargestUnitBelowTheCount() {
        assertEquals("0 B", Sizes.bytes(0));
        assertEquals("1023 B", Sizes.bytes(1023));
        assertEquals("1.00 KB", Sizes.bytes(1024));
        assertEquals("1.50 KB", Sizes.bytes(1536));
        assertEquals("23.4 MB", Sizes.bytes((long) (23.4 * 1024 * 1024)));
        assertEquals("512 MB", Sizes.bytes(512L * 1024 * 1024));
        assertEquals("1.00 GB", Sizes.bytes(1L << 30));
        assertEquals("8.00 PB", Sizes.bytes(8L << 50));
        assertEquals("8192 PB", Sizes.bytes(Long.MAX_VALUE), "past the last unit the count grows");
    }
}
