package dev.quire.ui;

import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application. The composition root hands it a starter before launch. */
public final class QuireApp extends Application {

    /** Wires a model to its backend; runs on the FX thread and must only start background work. */
    public interface Starter {
        void start(WorkbenchModel model);

        void stop();
    }

    private static volatile Starter starter;

    public static void launch(Starter appStarter, String... args) {
        starter = Objects.requireNonNull(appStarter);
        Application.launch(QuireApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        WorkbenchModel model = new WorkbenchModel();
        stage.setScene(scene(new WorkbenchView(model)));
        stage.setTitle("Quire");
        icon().ifPresent(stage.getIcons()::add);
        stage.show();
        starter.start(model);
    }

    /** Builds the scene with the app's style sheet. */
    public static Scene scene(WorkbenchView view) {
        Scene scene = new Scene(view, 1100, 720);
        scene.getStylesheets().add(Objects.requireNonNull(
                QuireApp.class.getResource("quire.css"), "quire.css").toExternalForm());
        return scene;
    }

    private static java.util.Optional<Image> icon() {
        var url = QuireApp.class.getResource("icon-64.png");
        return url == null ? java.util.Optional.empty() : java.util.Optional.of(new Image(url.toExternalForm()));
    }

    @Override
    public void stop() {
        starter.stop();
    }

}
