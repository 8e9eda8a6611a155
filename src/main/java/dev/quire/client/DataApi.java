package dev.quire.client;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.model.Page;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.SqlDialect;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementSummary;
import dev.quire.model.TableInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a data API backend. Every call is asynchronous; cancelling a returned future
 * cancels the HTTP call beneath it and any retry still waiting. Failures complete the future with a
 * {@link DataApiException}. What the backend can do (batches, long polls, paging, ...) is in
 * {@link #capabilities()}.
 */
public interface DataApi extends AutoCloseable {

    /** What this backend can do; the same answer on every call. */
    Capabilities capabilities();

    /** How a statement names the values it takes (Redshift's {@code :name}, Athena's {@code ?}, none). */
    enum ParameterStyle { NAMED, POSITIONAL, NONE }

    /** How statements sent here take parameters. */
    default ParameterStyle parameterStyle() {
        return ParameterStyle.NAMED;
    }

    /**
     * Whether statements can share a session ({@link dev.quire.model.StatementRequest#session()}),
     * so that temporary tables live from one statement to the next.
     */
    default boolean sessions() {
        return false;
    }

    /** Submits a statement, or a batch when the request holds several, and completes with its id. */
    CompletableFuture<String> execute(StatementRequest request);

    CompletableFuture<StatementInfo> describe(String id);

    /**
     * Describes the statement, letting the server hold the call up to {@code wait} until it ends
     * where the backend can long-poll ({@link Capabilities#longPolls()}); others answer at once.
     */
    default CompletableFuture<StatementInfo> describe(String id, Duration wait) {
        return describe(id);
    }

    /**
     * Fetches one page of a finished statement's result: null asks for the first page, a page's
     * {@link ResultPage#next()} for the page after it, and on a random-access backend
     * ({@link Capabilities#randomAccess()}) {@link PageRef#at(long)} for the page that starts at any
     * row (at most {@link Capabilities#maxPageRows()} rows).
     */
    CompletableFuture<ResultPage> fetch(String id, PageRef page);

    /** Completes with true when the statement was still running and is now being cancelled. */
    CompletableFuture<Boolean> cancel(String id);

    CompletableFuture<Page<String>> listDatabases(String pageToken);

    CompletableFuture<Page<String>> listSchemas(String database, String schemaPattern, String pageToken);

    CompletableFuture<Page<TableInfo>> listTables(String database, String schemaPattern, String tablePattern,
                                                  String pageToken);

    CompletableFuture<Page<Column>> describeTable(String database, String schema, String table, String pageToken);

    /** The caller's statements on the backend, newest first, every status. */
    CompletableFuture<Page<StatementSummary>> listStatements(String pageToken);

    /**
     * One page of what lies under a path of the catalog (the root: the top level, such as
     * Redshift's databases); a null token asks for the first page. A path that has no children,
     * such as a table's, fails.
     */
    CompletableFuture<Page<CatalogEntry>> children(CatalogPath parent, String pageToken);

    /** One page of the columns of a table, view or dataset, in their order. */
    CompletableFuture<Page<Column>> columns(CatalogPath table, String pageToken);

    /** How this backend's SQL writes the names of its catalog. */
    SqlDialect dialect();

    @Override
    void close();
}
