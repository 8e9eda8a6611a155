package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import dev.quire.model.StatementRequest;
import dev.quire.service.ResultCursor;
import dev.quire.ui.results.ChartPane;
import dev.quire.ui.results.CursorGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.NodeList;

/**
 * The chart of a 1,000,000-row result from the real local server, as drawn: the bars on screen,
 * their heights and their axis labels, the FX thread never held past the watchdog's bound, and the
 * chart saved as PNG and SVG and read back.
 */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class ChartUiTest {

    static final long ROWS = 1_000_000;

    @TempDir
    static Path dir;
    static LocalBackend backend;
    BorderPane root;
    Scene scene;

    @BeforeAll
    static void startBackend() throws Exception {
        backend = LocalBackend.start(dir);
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Start
    void start(Stage stage) {
        root = new BorderPane();
        scene = new Scene(root, 1100, 700);
        scene.getStylesheets().add(Objects.requireNonNull(QuireApp.class.getResource("quire.css")).toExternalForm());
        Themes.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    static List<Node> bars(Node chart) {
        return chart.lookupAll(".chart-bar").stream().filter(n -> n.isVisible() && !n.getStyleClass().contains("bar-legend-symbol"))
                .sorted(Comparator.comparingDouble(n -> n.localToScene(n.getBoundsInLocal()).getMinX())).toList();
    }

    @Test
    void histogramOfAMillionRowsIsDrawnAndSaved(FxRobot robot) throws Exception {
        StatementInfo info = backend.service().run(StatementRequest.of("select i % 4000 as amount, "
                + "'group ' || (i % 3) as team from range(" + ROWS + ") t(i)")).finished().get(120, TimeUnit.SECONDS);
        assertEquals(RunState.FINISHED, info.status(), info.error());
        ResultCursor cursor = backend.store().open(backend.service().api(), info.id()).get(60, TimeUnit.SECONDS);
        CursorGrid grid = WaitForAsyncUtils.asyncFx(() -> new CursorGrid(cursor)).get(30, TimeUnit.SECONDS);
        robot.interact(() -> root.setCenter(grid));
        WorkbenchUiTest.awaitShown(grid);
        try (FxWatchdog watchdog = FxWatchdog.afterWarmUp(robot, scene)) {
            robot.clickOn((Node) robot.lookup(".grid-chart").queryAs(ToggleButton.class));
            ChartPane pane = grid.chartPane();
            // a bar chart of the text column by count, then a histogram picked from the menu
            try {
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pane.chart() instanceof BarChart<?, ?>
                        && bars(pane.chart()).size() == 3);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no bars: " + robot.lookup("#chart-status").queryLabeled().getText()
                        + " " + (pane.chart() == null ? "" : bars(pane.chart()).size()), e);
            }
            robot.interact(() -> {
                @SuppressWarnings("unchecked")
                ComboBox<dev.quire.service.ChartSpec.Kind> kind = (ComboBox<dev.quire.service.ChartSpec.Kind>)
                        robot.lookup("#chart-kind").query();
                kind.setValue(dev.quire.service.ChartSpec.Kind.HISTOGRAM);
                robot.lookup("#chart-x").queryAs(ComboBox.class).getSelectionModel().select(0);
            });
            // 0..3999 in thirty bins rounds to bins of 200: twenty bars of 50,000 rows each
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pane.chart() != null
                    && "Histogram of amount".equals(pane.chart().getTitle()) && bars(pane.chart()).size() == 20);
            WaitForAsyncUtils.waitForFxEvents();
            List<Node> bars = WaitForAsyncUtils.asyncFx(() -> bars(pane.chart())).get();
            double height = bars.get(0).getBoundsInParent().getHeight();
            assertTrue(height > 100, "the bars are drawn tall: " + height);
            for (Node bar : bars) {
                assertEquals(height, bar.getBoundsInParent().getHeight(), 1.0, "every bin holds 50,000 rows");
            }
            List<String> labels = WaitForAsyncUtils.asyncFx(() -> pane.chart().lookupAll(".axis").stream()
                    .flatMap(axis -> axis.lookupAll("Text").stream()).filter(Node::isVisible)
                    .map(t -> ((Text) t).getText()).toList()).get();
            assertTrue(labels.contains("0 – 200") && labels.contains("3,800 – 4,000"), "x labels: " + labels);
            assertTrue(labels.contains("50,000"), "y labels: " + labels);
            assertEquals("1,000,000 rows charted", robot.lookup("#chart-status").queryLabeled().getText());
            assertTrue(watchdog.worstMillis() < FxWatchdog.LIMIT_MILLIS,
                    "the FX thread was held " + watchdog.worstMillis() + " ms");

            Path png = dir.resolve("chart.png");
            Path svg = dir.resolve("chart.svg");
            WaitForAsyncUtils.asyncFx(() -> pane.saveTo(png, "png")).get().get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.asyncFx(() -> pane.saveTo(svg, "svg")).get().get(30, TimeUnit.SECONDS);
            Image image = new Image(png.toUri().toString());
            Bounds shown = WaitForAsyncUtils.asyncFx(() -> pane.chart().getLayoutBounds()).get();
            assertEquals(Math.ceil(shown.getWidth()), image.getWidth(), 1.0);
            assertEquals(Math.ceil(shown.getHeight()), image.getHeight(), 1.0);
            assertTrue(!image.isError(), "the PNG reads back");
            org.w3c.dom.Document drawing = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            NodeList rects = drawing.getElementsByTagName("rect");
            long svgBars = 0;
            for (int i = 0; i < rects.getLength(); i++) {
                if (((org.w3c.dom.Element) rects.item(i)).getAttribute("class").contains("chart-bar")) {
                    svgBars++;
                }
            }
            assertEquals(20, svgBars, "the SVG holds every bar");
            assertTrue(Files.readString(svg).contains(">3,800 – 4,000<"), "the SVG holds the axis labels");
        } finally {
            robot.interact(grid::close);
            cursor.close();
        }
    }
}
