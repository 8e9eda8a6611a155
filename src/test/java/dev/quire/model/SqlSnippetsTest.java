package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.model.SqlSnippets.Edit;
import dev.quire.model.SqlSnippets.Snippet;
import org.junit.jupiter.api.Test;

class SqlSnippetsTest {

    /** The text after the snippet was put in, with | at the caret. */
    private static String apply(Snippet snippet, String withCaret) {
        int caret = withCaret.indexOf('|');
        String text = withCaret.replace("|", "");
        Edit edit = SqlSnippets.around(snippet, text, caret);
        String done = text.substring(0, edit.start()) + edit.text() + text.substring(edit.end());
        int at = edit.start() + edit.caret();
        return done.substring(0, at) + "|" + done.substring(at);
    }

    @Test
    void theTableUnderTheCaretIsFilledIn() {
        assertEquals("select * from taxi.trips limit 100|", apply(Snippet.FIRST_ROWS, "taxi.tr|ips"));
        assertEquals("select * from taxi.trips limit 100|", apply(Snippet.FIRST_ROWS, "taxi.trips|"));
        assertEquals("select |, count(*) as count from taxi.trips group by 1 order by 2 desc",
                apply(Snippet.COUNT_BY, "|taxi.trips"));
        assertEquals("-- before\nselect * from \"Mixed Case\".t limit 100|\n-- after",
                apply(Snippet.FIRST_ROWS, "-- before\n\"Mixed Case\".t|\n-- after"));
    }

    @Test
    void withoutANameAPlaceholderToTypeOver() {
        assertEquals("select * from |table_name limit 100", apply(Snippet.FIRST_ROWS, "|"));
        assertEquals("x; select * from |table_name limit 100", apply(Snippet.FIRST_ROWS, "x; |"));
    }
}
