package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Names and paths quoted as each dialect needs. */
class SqlDialectTest {

    @Test
    void plainLowerCaseNamesGoBareInEveryDialect() {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertEquals("orders", dialect.quote("orders"), dialect.name());
            assertEquals("tmp_2", dialect.quote("tmp_2"), dialect.name());
            assertEquals("taxi.trips", dialect.quote(CatalogPath.of("taxi", "trips")), dialect.name());
        }
    }

    @Test
    void anyOtherNameIsQuotedWithItsQuotesDoubled() {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertEquals("\"NYC taxi\"", dialect.quote("NYC taxi"), dialect.name());
            assertEquals("\"samples.dremio.com\"", dialect.quote("samples.dremio.com"), dialect.name());
            assertEquals("\"2024\"", dialect.quote("2024"), dialect.name());
            assertEquals("\"say \"\"hi\"\"\"", dialect.quote("say \"hi\""), dialect.name());
            assertEquals("\"my-table\"", dialect.quote("my-table"), dialect.name());
            assertEquals("\"\"", dialect.quote(""), dialect.name());
            assertEquals("\"café\"", dialect.quote("café"), dialect.name());
        }
    }

    @Test
    void eachDialectHasItsOwnBareNamesAndReservedWords() {
        assertEquals("price$", SqlDialect.REDSHIFT.quote("price$"), "Redshift allows $ after the first letter");
        assertEquals("\"price$\"", SqlDialect.ATHENA.quote("price$"));
        assertEquals("\"price$\"", SqlDialect.DREMIO.quote("price$"));

        assertEquals("\"Orders\"", SqlDialect.REDSHIFT.quote("Orders"), "Redshift folds bare names to lower case");
        assertEquals("\"Orders\"", SqlDialect.ATHENA.quote("Orders"));
        assertEquals("Orders", SqlDialect.DREMIO.quote("Orders"), "Dremio matches names in any case");
        assertEquals("\"_x\"", SqlDialect.DREMIO.quote("_x"), "Dremio's bare names start with a letter");

        for (SqlDialect dialect : SqlDialect.values()) {
            assertEquals("\"select\"", dialect.quote("select"), dialect.name());
            assertEquals("\"order\"", dialect.quote("order"), dialect.name());
        }
        assertEquals("\"user\"", SqlDialect.REDSHIFT.quote("user"));
        assertEquals("\"offset\"", SqlDialect.REDSHIFT.quote("offset"));
        assertEquals("offset", SqlDialect.ATHENA.quote("offset"), "not reserved in Athena's SELECT statements");
        assertEquals("\"year\"", SqlDialect.DREMIO.quote("year"));
        assertEquals("year", SqlDialect.REDSHIFT.quote("year"));
        assertEquals("\"Count\"", SqlDialect.DREMIO.quote("Count"), "reserved words match in any case");
    }

    @Test
    void aDremioPathIsQuotedPartByPart() {
        CatalogPath trips = CatalogPath.of("samples.dremio.com", "NYC taxi", "2024", "by_month", "trips");
        assertEquals("\"samples.dremio.com\".\"NYC taxi\".\"2024\".by_month.trips", SqlDialect.DREMIO.quote(trips));
        assertEquals(SqlDialect.DREMIO.quote(trips), SqlDialect.DREMIO.reference(trips));
    }

    @Test
    void redshiftLeavesTheDatabaseOutOfAReference() {
        assertEquals("shop.orders", SqlDialect.REDSHIFT.reference(CatalogPath.of("dev", "shop", "orders")));
        assertEquals("\"Shop\"", SqlDialect.REDSHIFT.reference(CatalogPath.of("dev", "Shop")));
        assertEquals("dev", SqlDialect.REDSHIFT.reference(CatalogPath.of("dev")));
        assertEquals("awsdatacatalog.sales.orders",
                SqlDialect.ATHENA.reference(CatalogPath.of("awsdatacatalog", "sales", "orders")));
        assertEquals("\"AwsDataCatalog\".sales.orders",
                SqlDialect.ATHENA.reference(CatalogPath.of("AwsDataCatalog", "sales", "orders")));
    }

    @Test
    void describeQueriesReadEachDialectsInformationSchema() {
        assertEquals("select column_name, data_type, is_nullable, column_default\nfrom information_schema.columns\n"
                        + "where table_schema = 'o''brien' and table_name = 'orders'\norder by ordinal_position;",
                SqlDialect.REDSHIFT.describeColumns(CatalogPath.of("dev", "o'brien", "orders")));
        assertEquals("select column_name, data_type, is_nullable, column_default\n"
                        + "from \"AwsDataCatalog\".information_schema.columns\n"
                        + "where table_schema = 'sales' and table_name = 'orders'\norder by ordinal_position;",
                SqlDialect.ATHENA.describeColumns(CatalogPath.of("AwsDataCatalog", "sales", "orders")));
        assertEquals("select column_name, data_type, is_nullable, column_default\n"
                        + "from information_schema.\"columns\"\n"
                        + "where table_schema = 'samples.dremio.com.NYC taxi' and table_name = 'trips'\n"
                        + "order by ordinal_position;",
                SqlDialect.DREMIO.describeColumns(CatalogPath.of("samples.dremio.com", "NYC taxi", "trips")));
    }

    @Test
    void pathsKnowTheirPlace() {
        CatalogPath trips = CatalogPath.of("a", "b", "c");
        assertEquals(CatalogPath.of("a", "b"), trips.parent());
        assertEquals("c", trips.name());
        assertEquals("", CatalogPath.ROOT.name());
        assertEquals(CatalogPath.of("b", "c"), trips.from(1));
        assertEquals(true, trips.startsWith(CatalogPath.of("a")));
        assertEquals(true, trips.startsWith(CatalogPath.ROOT));
        assertEquals(false, CatalogPath.of("a").startsWith(trips));
        assertEquals(false, CatalogPath.of("ab", "c").startsWith(CatalogPath.of("a")));
        assertEquals(trips, CatalogPath.of("a").child("b").child("c"));
    }
}
