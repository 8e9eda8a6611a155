package dev.quire.service.history;

import java.util.List;

/** One page of history matches, newest first, and how many matches there are in all. */
public record HistoryPage<T>(List<T> items, int total) {

    public HistoryPage {
        items = List.copyOf(items);
    }
}
