package dev.quire.ui.common;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/** Hands work to the FX thread. */
public final class Fx {

    public static final Executor THREAD = command -> {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    };

    /** The message of a failure, without the wrapping of a future. */
    public static String message(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException
                || cause.getClass() == RuntimeException.class) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return "Cancelled.";
        }
        return cause.getMessage() != null && !cause.getMessage().isBlank() ? cause.getMessage() : cause.toString();
    }

    private Fx() {
    }
}
