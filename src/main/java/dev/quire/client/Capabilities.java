package dev.quire.client;

import java.util.List;
import java.util.Objects;

/**
 * What a backend can do, so that the service and the window adapt to it rather than to one API.
 *
 * @param maxBatch           the most statements one batch may hold; 0 when the backend has no batches
 * @param batchIsTransaction whether a batch runs as one transaction
 * @param longPolls          whether a describe can wait on the server until the statement ends
 * @param paging             how result pages are reached
 * @param maxPageRows        the most rows a result page holds; 0 when pages are bounded by size, not rows
 * @param serverHistory      whether the backend lists the caller's past statements
 * @param catalogLevels      the catalog's levels, outermost first (e.g. database, schema, table)
 * @param namePatterns       whether catalog listings filter by name patterns
 */
public record Capabilities(int maxBatch, boolean batchIsTransaction, boolean longPolls, Paging paging,
                           int maxPageRows, boolean serverHistory, List<String> catalogLevels, boolean namePatterns) {

    /** How result pages are reached. */
    public enum Paging {
        /** Each page names the next one by a token; pages come in order, one after another. */
        FORWARD_TOKENS,
        /** Any row range can be read by its offset. */
        RANDOM_ACCESS
    }

    public Capabilities {
        if (maxBatch < 0 || maxPageRows < 0) {
            throw new IllegalArgumentException("negative batch or page size");
        }
        Objects.requireNonNull(paging, "paging");
        catalogLevels = List.copyOf(catalogLevels);
        if (paging == Paging.RANDOM_ACCESS && maxPageRows == 0) {
            throw new IllegalArgumentException("random access needs a page size in rows");
        }
    }

    /** Whether a script of several statements can go to the backend as one batch. */
    public boolean batches() {
        return maxBatch > 1;
    }

    /** Whether a script of several statements runs as one transaction. */
    public boolean scriptIsOneTransaction() {
        return batches() && batchIsTransaction;
    }

    public boolean randomAccess() {
        return paging == Paging.RANDOM_ACCESS;
    }
}
