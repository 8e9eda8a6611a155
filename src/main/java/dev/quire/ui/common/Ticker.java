package dev.quire.ui.common;

import java.time.Duration;

/** Calls an action on the UI thread at a steady pace until stopped: a status line's running clock. */
public interface Ticker {

    /** Calls the action every period from now on, in place of the action before. */
    void start(Duration period, Runnable action);

    void stop();
}
