package dev.quire.ui.common;

import java.time.Duration;
import java.util.concurrent.Executor;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
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

    /** A ticker on the FX thread's animation timer. */
    public static Ticker ticker() {
        return new Ticker() {
            private Timeline timeline;

            @Override
            public void start(Duration period, Runnable action) {
                stop();
                KeyFrame tick = new KeyFrame(javafx.util.Duration.millis(period.toMillis()), e -> action.run());
                timeline = new Timeline(tick);
                timeline.setCycleCount(Animation.INDEFINITE);
                timeline.play();
            }

            @Override
            public void stop() {
                if (timeline != null) {
                    timeline.stop();
                    timeline = null;
                }
            }
        };
    }

    /** The message of a failure, without the wrapping of a future; see {@link Failures#message}. */
    public static String message(Throwable error) {
        return Failures.message(error);
    }

    private Fx() {
    }
}
