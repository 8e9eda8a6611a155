package dev.quire.client.athena;

import dev.quire.client.Connections;
import dev.quire.client.DataApi;
import dev.quire.client.DataApiContract;
import dev.quire.local.server.LocalFixture;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.model.AthenaSettings;
import dev.quire.model.CatalogPath;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DataApi contract for our Athena client against the local server's Athena endpoint, results
 * read from its S3 path-style endpoint; the table's name is a reserved word that needs quoting.
 */
class AthenaDataApiContractTest extends DataApiContract {

    static final String DATABASE = "contract_data";

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Override
    protected DataApi openClient() {
        LocalFixture local = SERVER.fixture();
        return Connections.localAthena(new Connections.LocalEndpoint(local.endpoint(), local.region(),
                local.credentials()), null);
    }

    @Override
    protected List<String> createTable() {
        return List.of("create schema " + DATABASE,
                "create table " + DATABASE + ".\"order\" as select i as id, "
                        + "case when i % 5 = 4 then null else 'row ' || i end as label, "
                        + "(i / 4.0)::double as amount, i % 2 = 0 as flag, "
                        + "timestamp '2024-01-01 00:00:00' + to_seconds(i) as created from range(" + ROWS + ") t(i)");
    }

    @Override
    protected CatalogPath tablePath() {
        return CatalogPath.of(AthenaSettings.DEFAULT_CATALOG, DATABASE, "order");
    }
}
