package dev.quire.ui;

import dev.quire.ui.common.Fx;
import dev.quire.ui.editor.EditorStore;
import dev.quire.ui.editor.SqlFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.animation.PauseTransition;
import javafx.util.Duration;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.WindowEvent;
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

        /** Where the window's layout is kept between starts; none by default. */
        default LayoutStore layoutStore() {
            return null;
        }

        /** The layout to open with, read before the toolkit started. */
        default WindowLayout initialLayout() {
            return WindowLayout.defaults();
        }

        /** Called as the window closes, with the tabs and recent files to keep; must not block. */
        void stop(dev.quire.ui.editor.EditorState editors);

        /** Where saved queries are kept; none by default. */
        default dev.quire.service.SavedQueries savedQueries() {
            return null;
        }

        /** Where the settings are kept; none by default. */
        default SettingsStore settingsStore() {
            return null;
        }

        /** The settings to open with, read before the toolkit started. */
        default dev.quire.model.Settings initialSettings() {
            return dev.quire.model.Settings.DEFAULT;
        }

        /** Whether the desktop prefers a dark theme; asked before the toolkit started, it may still be out. */
        default CompletableFuture<Boolean> desktopPrefersDark() {
            return CompletableFuture.completedFuture(false);
        }

        /** SQL files to open in tabs of their own, after the kept tabs (the command line's files). */
        default List<Path> files() {
            return List.of();
        }
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
        use(appStarter);
        Application.launch(QuireApp.class, args);
    }

    /** Sets the starter without launching: tests start the app on a toolkit that is already up. */
    static void use(Starter appStarter) {
        starter = Objects.requireNonNull(appStarter);
    }

    WorkbenchView view() {
        return view;
    }

    /** The window's model on the FX thread, the system clock and the FX animation timer. */
    public static WorkbenchModel newModel() {
        return new WorkbenchModel(Fx.THREAD, Clock.systemDefaultZone(), Fx.ticker());
    }

    @Override
    public void start(Stage stage) {
        WorkbenchModel model = newModel();
        WorkbenchView view = new WorkbenchView(model);
        this.view = view;
        CompletableFuture<Boolean> desktop = starter.desktopPrefersDark();
        view.useSettings(starter.settingsStore(), starter.initialSettings(), desktop.getNow(false));
        if (!desktop.isDone()) {
            desktop.thenAcceptAsync(view::desktopPrefersDark, Fx.THREAD);
        }
        view.useSavedQueries(starter.savedQueries());
        view.editor().setText(WELCOME);
        EditorStore store = starter.editorStore();
        PauseTransition quiet = new PauseTransition(Duration.millis(800));
        quiet.setOnFinished(e -> store.save(view.editors().state()));
        List<Path> paths = starter.files();
        CompletableFuture<List<SqlFile>> files = paths.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> SqlFile.readAll(paths));
        store.load().whenCompleteAsync((kept, error) -> {
            if (kept != null) {
                view.editors().restore(kept);
            }
            view.editors().onChange(quiet::playFromStart);
            files.thenAcceptAsync(read -> open(view, read), Fx.THREAD);
        }, Fx.THREAD);
        WindowLayout initial = starter.initialLayout();
        view.historyPlaceProperty().set(initial.history());
        double[] normal = place(stage, initial);
        double[] planned = normal.clone();
        stage.setScene(scene(view, normal[2], normal[3]));
        stage.setTitle("Quire");
        stage.xProperty().addListener((obs, old, x) -> keepNormal(stage, normal));
        stage.yProperty().addListener((obs, old, y) -> keepNormal(stage, normal));
        stage.widthProperty().addListener((obs, old, w) -> keepNormal(stage, normal));
        stage.heightProperty().addListener((obs, old, h) -> keepNormal(stage, normal));
        LayoutStore layout = starter.layoutStore();
        if (layout != null) {
            view.historyPlaceProperty().addListener((obs, old, now) -> layout.save(layoutOf(stage, view, normal)));
            stage.setOnHiding(e -> layout.save(layoutOf(stage, view, normal)));
        }
        view.showEditorFirst();
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> afterFirstPulse(stage.getScene(), () -> {
            view.showAll(initial.sides(), initial.middle());
            stage.getIcons().setAll(icons());
            // a window manager may map the window before its place is set, at its origin: it goes where it was meant to
            if (!stage.isMaximized() && (stage.getX() != planned[0] || stage.getY() != planned[1])) {
                stage.setX(planned[0]);
                stage.setY(planned[1]);
            }
        }));
        StartupProbe.watch(stage, model);
        stage.show();
        starter.start(model);
    }

    /**
     * Sizes and places the window as it was left, inside the screen that shows it; centred on the
     * primary screen at first, or when that screen is gone. Returns the bounds kept while not maximized.
     */
    static double[] place(Stage stage, WindowLayout layout) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (layout.placed()) {
            List<Screen> showing = Screen.getScreensForRectangle(layout.x(), layout.y(), layout.width(), layout.height());
            if (!showing.isEmpty()) {
                screen = showing.get(0).getVisualBounds();
            }
        }
        double width = Math.min(layout.width(), screen.getWidth());
        double height = Math.min(layout.height(), screen.getHeight());
        double x = screen.getMinX() + (screen.getWidth() - width) / 2;
        double y = screen.getMinY() + (screen.getHeight() - height) / 2;
        if (layout.placed() && screen.intersects(layout.x(), layout.y(), width, height)) {
            x = Math.max(screen.getMinX(), Math.min(layout.x(), screen.getMaxX() - width));
            y = Math.max(screen.getMinY(), Math.min(layout.y(), screen.getMaxY() - height));
        }
        stage.setWidth(width);
        stage.setHeight(height);
        stage.setX(x);
        stage.setY(y);
        stage.setMaximized(layout.maximized());
        return new double[] {x, y, width, height};
    }

    private static void keepNormal(Stage stage, double[] normal) {
        if (stage.isShowing() && !stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen()) {
            normal[0] = stage.getX();
            normal[1] = stage.getY();
            normal[2] = stage.getWidth();
            normal[3] = stage.getHeight();
        }
    }

    static WindowLayout layoutOf(Stage stage, WorkbenchView view, double[] normal) {
        return new WindowLayout(view.historyPlaceProperty().get(), normal[0], normal[1], normal[2], normal[3],
                stage.isMaximized(), view.sideDividers(), view.middleDividers());
    }

    /** Builds the scene with the app's style sheet. */
    public static Scene scene(WorkbenchView view) {
        return scene(view, WindowLayout.WIDTH, WindowLayout.HEIGHT);
    }

    /** The scene at a size, so that the panes are first laid out as the window will show them. */
    static Scene scene(WorkbenchView view, double width, double height) {
        Scene scene = new Scene(view, width, height);
        scene.getStylesheets().add(Objects.requireNonNull(
                QuireApp.class.getResource("quire.css"), "quire.css").toExternalForm());
        Themes.style(scene);
        return scene;
    }

    /** Runs the action once the scene has been laid out for its next frame. */
    static void afterFirstPulse(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    /** Opens each file read in a tab of its own; the ones that failed are named in the error line. */
    static void open(WorkbenchView view, List<SqlFile> files) {
        files.stream().filter(SqlFile::ok).forEach(file -> view.editors().openFile(file.path(), file.text()));
        view.model().problems(files.stream().filter(file -> !file.ok()).map(SqlFile::problem).toList());
    }

    /** The window icon in the sizes there are; the window system picks the best fit. */
    private static List<Image> icons() {
        return List.of(16, 32, 64, 256).stream()
                .map(size -> Optional.ofNullable(QuireApp.class.getResource("icon-" + size + ".png")))
                .flatMap(Optional::stream)
                .map(url -> new Image(url.toExternalForm()))
                .toList();
    }

    @Override
    public void stop() {
        if (view != null) {
            view.close();
        }
        starter.stop(view == null ? dev.quire.ui.editor.EditorState.empty() : view.editors().state());
    }

}
