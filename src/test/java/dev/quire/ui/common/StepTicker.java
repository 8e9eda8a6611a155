package dev.quire.ui.common;

import java.time.Duration;

/** A ticker that ticks when the test says so. */
public final class StepTicker implements Ticker {

    private Runnable action;
    private Duration period;

    @Override
    public void start(Duration period, Runnable action) {
        this.period = period;
        this.action = action;
    }

    @Override
    public void stop() {
        action = null;
    }

    public boolean ticking() {
        return action != null;
    }

    public Duration period() {
        return period;
    }

    /** One tick, as the period passes; nothing when stopped. */
    public void tick() {
        if (action != null) {
            action.run();
        }
    }
}
