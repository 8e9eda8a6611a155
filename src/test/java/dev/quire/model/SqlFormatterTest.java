package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlFormatterTest {

    @Test
    void putsClausesOnTheirOwnLines() {
        assertEquals("select\n    a,\n    count(*) as n\nfrom t\nleft join u\non t.id=u.id\nwhere a > 1\n"
                        + "group by a\norder by n desc\nlimit 10;\n",
                SqlFormatter.format("SELECT a, count(*) AS n FROM t LEFT   JOIN u ON t.id=u.id WHERE a > 1 "
                        + "GROUP  BY a ORDER BY n DESC LIMIT 10"));
    }

    @Test
    void leavesStringsIdentifiersAndCommentsAlone() {
        assertEquals("select\n    'FROM, x' as \"Select, Me\" -- FROM here\nfrom t;\n",
                SqlFormatter.format("select 'FROM, x' as \"Select, Me\" -- FROM here\n from t"));
    }

    @Test
    void formatsEachStatementOfAScript() {
        assertEquals("select\n    1;\n\nselect\n    2\nfrom t;\n", SqlFormatter.format("select 1; select 2 from t;"));
    }

    @Test
    void keepsNestedQueriesInline() {
        assertEquals("select\n    x\nfrom (select a, b from t where a > 0) s;\n",
                SqlFormatter.format("select x from (select a, b from t where a > 0) s"));
    }
}
