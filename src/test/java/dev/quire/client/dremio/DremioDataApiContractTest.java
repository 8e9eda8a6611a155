package dev.quire.client.dremio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApi;
import dev.quire.client.DataApiContract;
import dev.quire.local.server.LocalFixture;
import dev.quire.local.server.LocalServerExtension;
import dev.quire.model.CatalogPath;
import dev.quire.model.StatementSummary;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DataApi contract for our Dremio client against the local server's Dremio endpoint on the
 * same port: a space per local schema, the table's name a reserved word that needs quoting, pages
 * of 500 rows read by offset, with the token the server generated.
 */
class DremioDataApiContractTest extends DataApiContract {

    static final String SPACE = "contract_data";

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Override
    protected DataApi openClient() {
        LocalFixture local = SERVER.fixture();
        String token = local.dremioToken();
        return DremioClient.builder(local.endpoint(), DremioLogin.token(() -> token)).build();
    }

    @Override
    protected List<String> createTable() {
        return List.of("create schema " + SPACE,
                "create table " + SPACE + ".\"order\" as select i as id, "
                        + "case when i % 5 = 4 then null else 'row ' || i end as label, "
                        + "(i / 4.0)::double as amount, i % 2 = 0 as flag, "
                        + "timestamp '2024-01-01 00:00:00' + to_seconds(i) as created from range(" + ROWS + ") t(i)");
    }

    @Override
    protected CatalogPath tablePath() {
        return CatalogPath.of(SPACE, "order");
    }

    @Test
    void theHistoryLeavesOutTheJobsTheClientRanForItself() throws Exception {
        try (DataApi api = openClient()) {
            api.listStatements(null).get(60, TimeUnit.SECONDS);
            api.listDatabases(null).get(60, TimeUnit.SECONDS);
            List<StatementSummary> history = api.listStatements(null).get(60, TimeUnit.SECONDS).items();
            assertTrue(history.stream().noneMatch(s -> String.join(";", s.sqls()).contains("sys.jobs_recent")
                    || String.join(";", s.sqls()).startsWith(DremioClient.LISTING_MARK)), history.toString());
        }
    }
}
