package dev.quire.local;

import java.util.Locale;

/**
 * A result column as the engine stores it: its name and DuckDB's type name (with precision and
 * scale for DECIMAL). Each dialect maps the type to its own names when it answers.
 */
public record ResultColumn(String name, String type, int precision, int scale) {

    /** A column of the given DuckDB type; DECIMAL(p,s) carries its precision and scale in the name. */
    public static ResultColumn of(String name, String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        if (upper.startsWith("DECIMAL(") && upper.endsWith(")")) {
            String[] ps = upper.substring(8, upper.length() - 1).split(",");
            if (ps.length == 2) {
                try {
                    return new ResultColumn(name, type, Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
                } catch (NumberFormatException e) {
                    return new ResultColumn(name, type, 0, 0);
                }
            }
        }
        return new ResultColumn(name, type, 0, 0);
    }
}
