package dev.quire.ui;

import dev.quire.ui.common.Fx;
import dev.quire.ui.editor.EditorStore;
import java.util.List;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.util.Duration;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application. The composition root hands it a starter before launch. */
public final class QuireApp extends Application {

    /** Wires a model to its backend; runs on the FX thread and must only start background work. */
    public interface Starter {
        void start(WorkbenchModel model);

        /** Where the editor tabs are kept between starts. */
        EditorStore editorStore();

        /** Called as the window closes, with the tabs' text to keep; must not block. */
        void stop(List<String> openTabs);
    }

    private static volatile Starter starter;
    private WorkbenchView view;

    static final String WELCOME = String.join("\n",
            "-- Welcome to Quire. The local engine serves database dev: schemas public, taxi and tpch.",
            "-- Ctrl+Enter runs the statement under the caret (or the selection); Esc cancels.",
            "",
            "select passenger_count, count(*) as trips, round(avg(trip_distance_mi), 2) as avg_miles,",
            "       round(avg(total_amount), 2) as avg_total",
            "from taxi.trips",
            "group by passenger_count",
            "order by passenger_count;",
            "",
            "select n_name as nation, count(*) as customers",
            "from tpch.customer join tpch.nation on c_nationkey = n_nationkey",
            "group by n_name order by customers desc limit 10;",
            "");

    public static void launch(Starter appStarter, String... args) {
        starter = Objects.requireNonNull(appStarter);
        Application.launch(QuireApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        WorkbenchModel model = new WorkbenchModel();
        WorkbenchView view = new WorkbenchView(model);
        this.view = view;
        view.editor().setText(WELCOME);
        EditorStore store = starter.editorStore();
        PauseTransition quiet = new PauseTransition(Duration.millis(800));
        quiet.setOnFinished(e -> store.save(view.editors().texts()));
        store.load().whenCompleteAsync((texts, error) -> {
            if (texts != null && !texts.isEmpty()) {
                view.editors().restore(texts);
            }
            view.editors().onChange(quiet::playFromStart);
        }, Fx.THREAD);
        stage.setScene(scene(view));
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
        starter.stop(view == null ? List.of() : view.editors().texts());
    }

}
