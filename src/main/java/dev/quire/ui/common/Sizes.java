package dev.quire.ui.common;

import java.util.Locale;

/** Byte counts as people read them: 512 B, 1.5 KB, 23.4 MB, 1.02 GB (units of 1,024). */
public final class Sizes {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String pattern = value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, value, UNITS[unit]);
    }

    private Sizes() {
    }
}
