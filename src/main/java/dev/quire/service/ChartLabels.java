package dev.quire.service;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a chart writes its numbers and times: short, in UTC, as the grid shows times. */
public final class ChartLabels {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** 1,234 · 0.25 · 1.5M · 2.4e-7: at most four significant digits beyond the integer part. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        double size = Math.abs(value);
        if (size >= 1e15) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        if (size >= 1e6 && value == Math.rint(value) && size % 1e5 == 0) {
            BigDecimal millions = BigDecimal.valueOf(value).movePointLeft(6).stripTrailingZeros();
            return millions.toPlainString() + "M";
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (size < 1e-4) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(size >= 1 ? 15 : 4));
        rounded = rounded.setScale(Math.min(rounded.scale(), size >= 1 ? 4 : 8), java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        String plain = rounded.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String grouped = String.format(Locale.ROOT, "%,d", Long.parseLong(whole.equals("-") || whole.equals("-0")
                ? "0" : whole));
        if (whole.startsWith("-") && !grouped.startsWith("-")) {
            grouped = "-" + grouped;
        }
        return dot < 0 ? grouped : grouped + plain.substring(dot);
    }

    /** A time in milliseconds since the epoch: the day alone at midnight, else to the minute or second. */
    public static String time(double millis) {
        if (!Double.isFinite(millis)) {
            return "";
        }
        long ms = (long) Math.floor(millis);
        Instant at = Instant.ofEpochMilli(ms);
        if (ms % 86_400_000L == 0) {
            return DAY.format(at);
        }
        return ms % 60_000L == 0 ? MINUTE.format(at) : SECOND.format(at);
    }

    /** A span of time in milliseconds: "15 min", "2 h", "7 days". */
    public static String span(double millis) {
        double seconds = millis / 1000;
        if (seconds < 60) {
            return number(seconds) + " s";
        }
        if (seconds < 3600) {
            return number(Math.round(seconds / 6) / 10.0) + " min";
        }
        if (seconds < 86400) {
            return number(Math.round(seconds / 360) / 10.0) + " h";
        }
        return number(Math.round(seconds / 8640) / 10.0) + " days";
    }

    private ChartLabels() {
    }
}
