package dev.quire.ui;

import dev.quire.model.ResultPage;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.model.StatementStatus;
import dev.quire.service.QueryRun;
import dev.quire.service.QueryService;
import dev.quire.ui.common.Fx;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The window's state and commands. Touched only on the FX thread; no controls in here. */
public final class WorkbenchModel {

    private final ObjectProperty<QueryService> service = new SimpleObjectProperty<>();
    private final ObjectProperty<QueryRun> current = new SimpleObjectProperty<>();
    private final ObjectProperty<ResultPage> result = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("Starting the local engine…");
    private final StringProperty rowsText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanBinding canRun = service.isNotNull().and(running.not());

    /** Called once a backend is ready. */
    public void connected(QueryService queryService, String description) {
        service.set(queryService);
        status.set("Ready · " + description);
    }

    public void startupProgress(double fraction, String label) {
        status.set(String.format("Starting the local engine: %s (%d%%)", label, Math.round(fraction * 100)));
    }

    public void startupFailed(Throwable cause) {
        status.set("The local engine could not start");
        error.set(message(cause));
    }

    /** Runs the given SQL; a no-op while another statement runs or before a backend is ready. */
    public void run(String sql) {
        if (!canRun.get() || sql == null || sql.isBlank()) {
            return;
        }
        error.set(null);
        result.set(null);
        rowsText.set("");
        running.set(true);
        status.set("SUBMITTED");
        QueryRun run = service.get().run(StatementRequest.of(sql));
        current.set(run);
        run.onChange(info -> Fx.THREAD.execute(() -> {
            if (current.get() == run) {
                status.set(statusText(info.status(), run.elapsed()));
            }
        }));
        run.finished().whenCompleteAsync((info, failure) -> {
            if (current.get() != run) {
                return;
            }
            if (failure != null) {
                finish(run, "FAILED", message(failure));
            } else if (info.status() == StatementStatus.FAILED) {
                finish(run, statusText(info.status(), duration(info, run)), info.error());
            } else if (info.status() == StatementStatus.ABORTED) {
                finish(run, statusText(info.status(), duration(info, run)), null);
            } else if (!info.hasResultSet()) {
                rowsText.set(info.resultRows() >= 0 ? rows(info.resultRows()) + " affected" : "");
                finish(run, statusText(info.status(), duration(info, run)), null);
            } else {
                status.set(statusText(info.status(), duration(info, run)) + " · fetching rows");
                run.firstPage().whenCompleteAsync((page, pageFailure) -> showPage(run, info, page, pageFailure),
                        Fx.THREAD);
            }
        }, Fx.THREAD);
    }

    private void showPage(QueryRun run, StatementInfo info, ResultPage page, Throwable failure) {
        if (current.get() != run) {
            return;
        }
        if (failure != null) {
            finish(run, "FINISHED, but the result could not be read", message(failure));
            return;
        }
        result.set(page);
        long total = page == null ? 0 : page.totalRows();
        int shown = page == null ? 0 : page.rows().size();
        rowsText.set(shown < total ? String.format("%,d of %,d rows", shown, total) : rows(total));
        finish(run, statusText(info.status(), duration(info, run)), null);
    }

    private void finish(QueryRun run, String statusText, String errorText) {
        status.set(statusText);
        error.set(errorText);
        running.set(false);
    }

    /** Asks the backend to stop the running statement. */
    public void cancel() {
        QueryRun run = current.get();
        if (run != null && running.get()) {
            status.set("Cancelling…");
            run.cancel();
        }
    }

    private static Duration duration(StatementInfo info, QueryRun run) {
        return info.durationNanos() >= 0 ? Duration.ofNanos(info.durationNanos()) : run.elapsed();
    }

    static String rows(long count) {
        return String.format(count == 1 ? "%,d row" : "%,d rows", count);
    }

    static String statusText(StatementStatus status, Duration elapsed) {
        return String.format("%s · %.2f s", status, elapsed.toMillis() / 1000.0);
    }

    static String message(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause.getClass() == RuntimeException.class)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return "Cancelled.";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    public ReadOnlyObjectProperty<ResultPage> resultProperty() {
        return result;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty rowsTextProperty() {
        return rowsText;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public BooleanBinding hasErrorProperty() {
        return Bindings.isNotEmpty(error);
    }
}
