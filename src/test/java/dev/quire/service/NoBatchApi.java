package dev.quire.service;

import dev.quire.client.Capabilities;
import dev.quire.client.DataApi;
import dev.quire.model.StatementRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real DataApi whose capabilities say it has no batches (as Dremio); it records what each execute submits. */
public final class NoBatchApi extends ForwardingApi {

    private final List<List<String>> submitted = new CopyOnWriteArrayList<>();

    public NoBatchApi(DataApi real) {
        super(real);
    }

    /** The SQL of every execute, in order. */
    public List<List<String>> submitted() {
        return List.copyOf(submitted);
    }

    @Override
    public Capabilities capabilities() {
        Capabilities can = real.capabilities();
        return new Capabilities(0, false, can.longPolls(), can.paging(), can.maxPageRows(), can.serverHistory(),
                can.catalogLevels(), can.namePatterns());
    }

    @Override
    public CompletableFuture<String> execute(StatementRequest request) {
        submitted.add(request.sqls());
        return super.execute(request);
    }
}
