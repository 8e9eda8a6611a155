package dev.quire.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.model.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows as text to copy, in each format, from the values as the store holds them. */
class RowsTextTest {

    static final List<Column> COLUMNS = List.of(Column.of("id", "int8"), Column.of("note", "varchar"),
            Column.of("price", "float8"), Column.of("amount", "numeric"), Column.of("paid", "bool"),
            Column.of("at", "timestamp"));
    static final List<Object[]> ROWS = List.of(
            new Object[] {1L, "a|b, \"c\"", 0.1 + 0.2, "12.50", true, "2024-01-02 03:04:05"},
            new Object[] {2L, null, null, null, false, null},
            new Object[] {3L, "it's\nfine", 1e20, "-3", null, "2024-02-29"});

    @Test
    void tsvHasHeadersAndFullPrecision() {
        assertEquals("id\tnote\tprice\tamount\tpaid\tat\n"
                + "1\ta|b, \"c\"\t0.30000000000000004\t12.50\ttrue\t2024-01-02 03:04:05\n"
                + "2\t\t\t\tfalse\t\n"
                + "3\tit's fine\t1.0E20\t-3\t\t2024-02-29\n", RowsText.tsv(COLUMNS, ROWS));
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaks() {
        assertEquals("id,note,price,amount,paid,at\n"
                + "1,\"a|b, \"\"c\"\"\",0.30000000000000004,12.50,true,2024-01-02 03:04:05\n"
                + "2,,,,false,\n"
                + "3,\"it's\nfine\",1.0E20,-3,,2024-02-29\n", RowsText.csv(COLUMNS, ROWS));
        assertEquals("x\n\" padded\"\n", RowsText.csv(List.of(Column.of("x", "varchar")),
                List.<Object[]>of(new Object[] {" padded"})));
    }

    @Test
    void markdownEscapesPipesAndRightAlignsNumbers() {
        assertEquals("| id | note | price | amount | paid | at |\n"
                + "| ---: | --- | ---: | ---: | --- | --- |\n"
                + "| 1 | a\\|b, \"c\" | 0.30000000000000004 | 12.50 | true | 2024-01-02 03:04:05 |\n"
                + "| 2 | NULL | NULL | NULL | false | NULL |\n"
                + "| 3 | it's<br>fine | 1.0E20 | -3 | NULL | 2024-02-29 |\n", RowsText.markdown(COLUMNS, ROWS));
    }

    @Test
    void jsonHasNumbersAsNumbersAndNullAsNull() throws Exception {
        String text = RowsText.json(COLUMNS, ROWS);
        JsonNode rows = new ObjectMapper().readTree(text);
        assertEquals(3, rows.size());
        JsonNode first = rows.get(0);
        assertTrue(first.get("id").isIntegralNumber());
        assertEquals(1, first.get("id").asLong());
        assertTrue(first.get("price").isNumber());
        assertEquals(0.1 + 0.2, first.get("price").asDouble());
        assertTrue(first.get("amount").isNumber(), "a numeric column's text is a number");
        assertTrue(text.contains("\"amount\" : 12.50,"), "its digits as they are: " + text);
        assertTrue(first.get("paid").isBoolean());
        assertEquals("a|b, \"c\"", first.get("note").asText());
        assertEquals("2024-01-02 03:04:05", first.get("at").asText());
        assertTrue(rows.get(1).get("note").isNull());
        assertTrue(rows.get(1).get("price").isNull());
        assertEquals(1e20, rows.get(2).get("price").asDouble());
    }

    @Test
    void insertUsesTheColumnNamesAndSqlLiterals() {
        assertEquals("INSERT INTO orders (id, note, price, amount, paid, at) VALUES "
                + "(1, 'a|b, \"c\"', 0.30000000000000004, 12.50, TRUE, '2024-01-02 03:04:05');\n"
                + "INSERT INTO orders (id, note, price, amount, paid, at) VALUES "
                + "(2, NULL, NULL, NULL, FALSE, NULL);\n"
                + "INSERT INTO orders (id, note, price, amount, paid, at) VALUES "
                + "(3, 'it''s\nfine', 1.0E+20, -3, NULL, '2024-02-29');\n", RowsText.insert("orders", COLUMNS, ROWS));
    }

    @Test
    void insertQuotesNamesThatAreNoPlainIdentifiersAndBytesAsHex() {
        assertEquals("INSERT INTO result (\"order id\", blob) VALUES (7, X'00FF10');\n",
                RowsText.insert(null, List.of(Column.of("order id", "int4"), Column.of("blob", "varbyte")),
                        List.<Object[]>of(new Object[] {7L, new byte[] {0, -1, 16}})));
    }

    @Test
    void aTabTitleNamesTheTableWhenItIsOne() {
        assertEquals("orders", RowsText.tableName("orders"));
        assertEquals("orders", RowsText.tableName("orders (2)"));
        assertNull(RowsText.tableName("select 42 as answer"));
        assertNull(RowsText.tableName("show tables …"));
    }
}
