package dev.quire.model;

/**
 * Names a page of a result and the row it starts at: a backend's forward-only token (the Redshift
 * Data API, Athena) or an offset (random access, Dremio). A page's {@code next} is the reference of
 * the page after it; on a random-access backend any row's offset may be asked for.
 */
public sealed interface PageRef permits PageRef.Token, PageRef.Offset {

    /** The row (0-based) the page starts at. */
    long row();

    /** A token a backend gave for the page that starts at row. */
    record Token(String token, long row) implements PageRef {
        public Token {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("a page token is needed");
            }
            if (row < 0) {
                throw new IllegalArgumentException("no row " + row);
            }
        }
    }

    /** The page that starts at row, on a backend that reads any row range. */
    record Offset(long row) implements PageRef {
        public Offset {
            if (row < 0) {
                throw new IllegalArgumentException("no row " + row);
            }
        }
    }

    /** The token's page, or null (no more pages) for a null or empty token. */
    static PageRef token(String token, long row) {
        return token == null || token.isEmpty() ? null : new Token(token, row);
    }

    static PageRef at(long row) {
        return new Offset(row);
    }
}
