package dev.quire.client.redshift;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiContract;
import dev.quire.local.LocalEngine;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.model.CatalogPath;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DataApi contract for our Redshift Data API client against the local server, with 8 KB pages
 * so that the test table spans many; the table's schema and name need quoting.
 */
class RedshiftDataApiContractTest extends DataApiContract {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(options -> options.withPageBytes(8 * 1024));

    @Override
    protected DataApi openClient() {
        return SERVER.fixture().client();
    }

    @Override
    protected List<String> createTable() {
        return List.of("create schema \"contract data\"",
                "create table \"contract data\".\"order\" as select i as id, "
                        + "case when i % 5 = 4 then null else 'row ' || i end as label, "
                        + "(i / 4.0)::double as amount, i % 2 = 0 as flag, "
                        + "timestamp '2024-01-01 00:00:00' + to_seconds(i) as created from range(" + ROWS + ") t(i)");
    }

    @Override
    protected CatalogPath tablePath() {
        return CatalogPath.of(LocalEngine.DATABASE, "contract data", "order");
    }
}
