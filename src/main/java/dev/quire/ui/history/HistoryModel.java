package dev.quire.ui.history;

import dev.quire.client.DataApi;
import dev.quire.model.RunState;
import dev.quire.service.history.HistoryPage;
import dev.quire.service.history.HistoryQuery;
import dev.quire.service.history.HistoryRow;
import dev.quire.service.history.HistoryService;
import dev.quire.ui.common.Failures;
import dev.quire.ui.common.Latest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history list: the server's ListStatements merged with the local history for the current
 * connection, filtered by text and status, 25 rows a page. Touched only on the UI thread, whose
 * executor is handed in; no toolkit or controls in here.
 */
public final class HistoryModel {

    static final String LOCAL_ONLY = "Server history unavailable; showing this app's runs";

    private final ObjectProperty<HistoryService> service = new SimpleObjectProperty<>();
    private final ObservableList<HistoryRow> rows = FXCollections.observableArrayList();
    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<RunState> status = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final Supplier<DataApi> api;
    private final Supplier<String> connection;
    private final Latest loads;
    private int total;

    /** ui runs work on the thread this model lives on; api and connection name the current backend. */
    public HistoryModel(Executor ui, Supplier<DataApi> api, Supplier<String> connection) {
        this.loads = new Latest(ui);
        this.api = api;
        this.connection = connection;
        text.addListener((obs, old, now) -> reload());
        status.addListener((obs, old, now) -> reload());
    }

    /** Loads the first page again. */
    public void reload() {
        rows.clear();
        load(0);
    }

    public void loadMore() {
        if (rows.size() < total) {
            load(rows.size());
        }
    }

    public boolean hasMore() {
        return rows.size() < total;
    }

    private void load(int offset) {
        HistoryService history = service.get();
        DataApi current = api.get();
        if (history == null || current == null) {
            loads.drop();
            summary.set("");
            return;
        }
        HistoryQuery query = HistoryQuery.of(text.get()).withConnection(connection.get())
                .page(offset, HistoryQuery.PAGE);
        if (status.get() != null) {
            query = query.withStatuses(status.get());
        }
        summary.set("Loading…");
        HistoryQuery asked = query;
        CompletableFuture<Loaded> loaded = history.history(current, asked).thenApply(page -> new Loaded(page, true))
                .exceptionallyCompose(error -> history.search(asked).thenApply(page -> new Loaded(new HistoryPage<>(
                        page.items().stream().map(e -> new HistoryRow(e, HistoryRow.Source.LOCAL)).toList(),
                        page.total()), false)));
        loads.show(loaded, done -> {
            rows.addAll(done.page().items());
            total = done.page().total();
            summary.set(done.fromServer() ? String.format("%,d of %,d", rows.size(), total) : LOCAL_ONLY);
        }, error -> summary.set("History could not be read: " + Failures.message(error)));
    }

    /** A page of rows, and whether the server's list is in it. */
    private record Loaded(HistoryPage<HistoryRow> page, boolean fromServer) {
    }

    public ObjectProperty<HistoryService> serviceProperty() {
        return service;
    }

    public ObservableList<HistoryRow> rows() {
        return rows;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObjectProperty<RunState> statusProperty() {
        return status;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

}
