package dev.quire.model;

import java.net.URI;
import java.util.Locale;

/** The checks that several settings types share. */
final class Checks {

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** What an AWS backend misses first: its region, then its database; or null. */
    static String regionAndDatabase(String region, String database) {
        if (blank(region)) {
            return "Choose a region.";
        }
        return blank(database) ? "Enter a database name." : null;
    }

    /** Whether the URL is http or https with a host. */
    static boolean httpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    private Checks() {
    }
}
