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

    private Fx() {
    }
}
