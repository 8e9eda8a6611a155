package dev.quire.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The disk that stored results may take. Past it, copies that can be made again (Athena's CSV
 * files) go first, then the oldest results; the file just written is always kept.
 */
public final class DiskBudget {

    public static final long DEFAULT_BYTES = 4L << 30;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");
    private static final System.Logger LOG = System.getLogger(DiskBudget.class.getName());

    /** A file the budget may drop; a copy is dropped before any result. */
    record Kept(Path file, boolean copy, long size, FileTime modified) {
    }

    private DiskBudget() {
    }

    /** "4g", "500 MB", "1.5GiB", "1000000": sizes in bytes, binary multiples. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; give bytes, or a number with k, m,"
                    + " g or t (as in 4g)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is not a size a disk budget can have");
        }
        return (long) bytes;
    }

    /** A size for people: "4 GiB", "512 MiB", "1.5 GiB", "900 bytes". */
    public static String describe(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        return (value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }

    /** The files of the given suffix in a folder, sizes and times read now; vanished files are left out. */
    static List<Kept> list(Path dir, String suffix, boolean copy) throws IOException {
        List<Kept> found = new ArrayList<>();
        if (Files.notExists(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                try {
                    found.add(new Kept(file, copy, Files.size(file), Files.getLastModifiedTime(file)));
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        return found;
    }

    /**
     * Which files to drop so that the rest fit in budget bytes: copies first, then the oldest, never
     * newest. When newest alone is larger than the budget, everything else goes.
     */
    static List<Kept> overBudget(List<Kept> files, long budget, Path newest) {
        long total = files.stream().mapToLong(Kept::size).sum();
        List<Kept> drop = new ArrayList<>();
        if (total <= budget) {
            return drop;
        }
        List<Kept> order = new ArrayList<>(files);
        order.sort(Comparator.comparing((Kept k) -> !k.copy()).thenComparing(Kept::modified)
                .thenComparing(k -> k.file().getFileName().toString()));
        for (Kept kept : order) {
            if (total <= budget) {
                break;
            }
            if (kept.file().equals(newest)) {
                continue;
            }
            drop.add(kept);
            total -= kept.size();
        }
        if (!drop.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "dropping " + drop.size() + " stored result file(s) to keep within the"
                    + " disk budget of " + describe(budget));
        }
        return drop;
    }
}
