package dev.quire.model;

import java.util.List;

/** One page of a listing; nextToken is null on the last page. */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(items);
        nextToken = nextToken == null || nextToken.isEmpty() ? null : nextToken;
    }

    public boolean isLast() {
        return nextToken == null;
    }
}
