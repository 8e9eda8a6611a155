package dev.quire.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/** The yardstick of the window's start: an empty JavaFX window of Quire's size; writes "shown MILLIS" to the file. */
public final class EmptyWindow extends Application {

    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 1280, 800));
        stage.setTitle("Empty");
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            try {
                Files.writeString(Path.of(getParameters().getRaw().get(0)), "shown " + System.currentTimeMillis()
                        + "\n");
            } catch (Exception ex) {
                ex.printStackTrace();
            }
            Platform.exit();
        });
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
