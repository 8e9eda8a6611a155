package dev.quire.client.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a client remembers about its recent statements, by id. */
public final class Recent {

    /** A map (not synchronized) that keeps the most recently used entries only, at most max. */
    public static <V> Map<String, V> map(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    private Recent() {
    }
}
