package dev.quire.client.dremio;

import dev.quire.model.ResultPage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One page of rows of a job this client ran for a listing (the history, INFORMATION_SCHEMA), with
 * the token of the page after it: the job's id and the row to read on from.
 */
record Listed(String job, ResultPage page) {

    /** A listing's page token: "row@job". */
    record Token(String job, long row) {

        static Token parse(String token) {
            int at = token.indexOf('@');
            try {
                long row = Long.parseLong(token.substring(0, Math.max(0, at)));
                String job = token.substring(at + 1);
                if (row < 0 || job.isEmpty()) {
                    throw new NumberFormatException();
                }
                return new Token(job, row);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a page of a Dremio listing: " + token);
            }
        }

        @Override
        public String toString() {
            return row + "@" + job;
        }
    }

    List<Object[]> rows() {
        return page.rows();
    }

    String nextToken() {
        return page.next() == null ? null : new Token(job, page.next().row()).toString();
    }

    /** A TIMESTAMP as Dremio writes it, "2024-01-01 10:00:00.000" in UTC; null when absent or not one. */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The text as a LIKE pattern that matches only itself (escape character \). */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
