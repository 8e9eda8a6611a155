package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> sqls(String text) {
        return SqlScript.split(text).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void aResultIsNamedAfterItsTableOrItsFirstWords() {
        assertEquals("trips", SqlScript.resultName("select * from taxi.trips"));
        assertEquals("trips", SqlScript.resultName("-- by count\nSELECT passenger_count, count(*)\n  FROM  taxi . trips group by 1"));
        assertEquals("Order Lines", SqlScript.resultName("select * from \"sales\".\"Order Lines\" o join x on true"));
        assertEquals("nation", SqlScript.resultName("with n as (select 1) select * from nation"));
        assertEquals("select 1 as a, 2 as b", SqlScript.resultName("select 1 as a, 2 as b"));
        assertEquals("create table t as select 1 as …", SqlScript.resultName("create table t as select 1 as x from range(3)"));
        assertEquals("select * from (select 1) q", SqlScript.resultName("select * from (select 1) q"));
    }

    @Test
    void parameterNamesAreTheDistinctNamesOrTheNumbersOfTheMarks() {
        String named = "select :a, :b::int, ':c', -- :d\n :a, x::text /* :e */ from t where y = :b_2";
        assertEquals(List.of("a", "b", "b_2"), SqlScript.parameterNames(named, false));
        String positional = "select ?, '?', \"?\" from t -- ?\n where a = ? and b = ?";
        assertEquals(List.of("1", "2", "3"), SqlScript.parameterNames(positional, true));
        assertEquals(List.of(), SqlScript.parameterNames("select 1", false));
        assertEquals(List.of(), SqlScript.parameterNames("select 1", true));
    }

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("select 1", "select ';' as s", "select \"a;b\" from t", "select 2 -- c;\n"
                        .trim(), "select $$x;y$$"),
                sqls("select 1; select ';' as s;\nselect \"a;b\" from t; select 2 -- c;\n; select $$x;y$$"));
    }

    @Test
    void dropsEmptyAndCommentOnlyStatements() {
        assertEquals(List.of("select 1"), sqls(" ;; -- only a comment\n; /* x; */ ; select 1;  "));
    }

    @Test
    void findsTheStatementUnderTheCaret() {
        String text = "select 1;\nselect 2;\n\nselect 3";
        assertEquals("select 1", SqlScript.at(text, 3).sql());
        assertEquals("select 1", SqlScript.at(text, 9).sql());
        assertEquals("select 2", SqlScript.at(text, 12).sql());
        assertEquals("select 3", SqlScript.at(text, text.length()).sql());
    }

    @Test
    void rewritesNamedParametersOutsideQuotesCommentsAndCasts() {
        SqlScript.Positional p = SqlScript.positional(
                "select :a, ':b', \":c\", x::int, :a -- :d\n/* :e */ , $$:f$$, :g_1 from t where y=:h");
        assertEquals("select ?, ':b', \":c\", x::int, ? -- :d\n/* :e */ , $$:f$$, ? from t where y=?", p.sql());
        assertEquals(List.of("a", "a", "g_1", "h"), p.names());
    }

    @Test
    void summaryDropsLeadingCommentsOnly() {
        assertEquals("select 1", SqlScript.summary("-- Welcome to Quire\n-- run me\nselect 1"));
        assertEquals("select a from t", SqlScript.summary("/* a\n block */\n  -- line\n/**/select a\n  from t"));
        assertEquals("select '--x', 2 -- kept", SqlScript.summary("-- c\nselect '--x', 2 -- kept"));
        assertEquals("select '/* x */' as s", SqlScript.summary("select '/* x */' as s"));
        assertEquals("select 1 /* later */", SqlScript.summary("select 1 /* later */"));
    }

    @Test
    void summaryOfCommentsOnlyKeepsThem() {
        assertEquals("-- just a note -- and another", SqlScript.summary("-- just a note\n-- and another\n"));
        assertEquals("/* unclosed", SqlScript.summary("  /* unclosed"));
        assertEquals("", SqlScript.summary("  "));
    }

    @Test
    void leavesOutTheCatalogOfThreePartNamesOnly() {
        assertEquals("select * from contract_data.\"order\" o join db . t on true",
                SqlScript.withoutCatalog("select * from \"AwsDataCatalog\".contract_data.\"order\" o join "
                        + "awsdatacatalog . db . t on true", "AwsDataCatalog"));
        String untouched = "select awsdatacatalog.x, t.awsdatacatalog.a.b, 'AwsDataCatalog.a.b', \"AwsDataCatalogs\".a.b"
                + " -- AwsDataCatalog.a.b\n/* AwsDataCatalog.a.b */ from awsdatacatalog";
        assertEquals(untouched, SqlScript.withoutCatalog(untouched, "AwsDataCatalog"));
        assertEquals("select count(*) from information_schema.columns",
                SqlScript.withoutCatalog("select count(*) from \"AwsDataCatalog\".information_schema.columns",
                        "AwsDataCatalog"));
    }
}
