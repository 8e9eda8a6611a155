package dev.quire.ui.history;

import dev.quire.client.DataApi;
import dev.quire.model.RunState;
import dev.quire.service.history.HistoryQuery;
import dev.quire.service.history.HistoryRow;
import dev.quire.service.history.HistoryService;
import dev.quire.ui.common.Fx;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history list: the server's ListStatements merged with the local history for the current
 * connection, filtered by text and status, 25 rows a page. FX thread only; no controls.
 */
public final class HistoryModel {

    private final ObjectProperty<HistoryService> service = new SimpleObjectProperty<>();
    private final ObservableList<HistoryRow> rows = FXCollections.observableArrayList();
    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<RunState> status = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final Supplier<DataApi> api;
    private final Supplier<String> connection;
    private int generation;
    private int total;

    public HistoryModel(Supplier<DataApi> api, Supplier<String> connection) {
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
            return;
        }
        int mine = ++generation;
        HistoryQuery query = HistoryQuery.of(text.get()).withConnection(connection.get())
                .page(offset, HistoryQuery.PAGE);
        if (status.get() != null) {
            query = query.withStatuses(status.get());
        }
        summary.set("Loading…");
        HistoryQuery asked = query;
        history.history(current, asked).exceptionallyCompose(error -> {
            Fx.THREAD.execute(() -> summary.set("Server history unavailable; showing this app's runs"));
            return history.search(asked).thenApply(page -> new dev.quire.service.history.HistoryPage<>(
                    page.items().stream().map(e -> new HistoryRow(e, HistoryRow.Source.LOCAL)).toList(),
                    page.total()));
        }).whenCompleteAsync((page, error) -> {
            if (mine != generation) {
                return;
            }
            if (error != null) {
                summary.set("History could not be read: " + error.getMessage());
                return;
            }
            rows.addAll(page.items());
            total = page.total();
            if (!summary.get().startsWith("Server history unavailable")) {
                summary.set(String.format("%,d of %,d", rows.size(), total));
            }
        }, Fx.THREAD);
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
