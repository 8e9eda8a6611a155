package dev.quire.ui.common;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failure says, without the wrapping of a future. No toolkit in here, for view models. */
public final class Failures {

    /** The failure itself, without CompletionException, ExecutionException or a bare RuntimeException around it. */
    public static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause.getClass() == RuntimeException.class) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure's message, "Cancelled." for a cancellation, its class where it has no message. */
    public static String message(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof CancellationException) {
            return "Cancelled.";
        }
        return cause.getMessage() != null && !cause.getMessage().isBlank() ? cause.getMessage() : cause.toString();
    }

    private Failures() {
    }
}
