package dev.quire.client;

import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a data API backend. Every call is asynchronous; cancelling a returned future
 * cancels the HTTP call beneath it.
 */
public interface DataApi extends AutoCloseable {

    /** Submits a statement (or a batch) and completes with its id. */
    CompletableFuture<String> execute(StatementRequest request);

    CompletableFuture<StatementInfo> describe(String id);

    /** Fetches one page of a finished statement's result; a null token asks for the first page. */
    CompletableFuture<ResultPage> fetch(String id, String pageToken);

    /** Completes with true when the statement was still running and is now being cancelled. */
    CompletableFuture<Boolean> cancel(String id);

    @Override
    void close();
}
