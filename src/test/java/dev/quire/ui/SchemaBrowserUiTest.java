package dev.quire.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.model.CatalogPath;
import dev.quire.service.CatalogTreeApi;
import dev.quire.service.SchemaCatalog;
import dev.quire.ui.schema.SchemaBrowser;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The schema tree on a Dremio-style catalog five levels deep, served a page of two entries at a
 * time: opened level by level from the keyboard, read from the cells on screen, and a double-click
 * inserting the dataset's path quoted as Dremio needs.
 */
@ExtendWith({ApplicationExtension.class, FxUncaught.class})
class SchemaBrowserUiTest {

    CatalogTreeApi api;
    SchemaBrowser browser;
    final List<String> inserted = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        api = CatalogTreeApi.fiveLevels();
        browser = new SchemaBrowser(inserted::add, sql -> { });
        Scene scene = new Scene(browser, 420, 640);
        scene.getStylesheets().add(QuireApp.class.getResource("quire.css").toExternalForm());
        Themes.style(scene);
        stage.setScene(scene);
        stage.show();
        browser.catalogProperty().set(new SchemaCatalog(api));
    }

    @AfterEach
    void close() {
        api.close();
    }

    /** The text of every row the tree draws, top to bottom. */
    private static List<String> rows(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(cell -> cell.isVisible() && TreeText.of(cell) != null && !cell.isEmpty())
                .sorted(Comparator.comparingDouble(cell -> cell.localToScene(cell.getBoundsInLocal()).getMinY()))
                .map(TreeText::of).toList()).get(30, TimeUnit.SECONDS);
    }

    private static void awaitRows(FxRobot robot, List<String> expected) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows(robot).equals(expected));
        } catch (java.util.concurrent.TimeoutException e) {
            assertEquals(expected, rows(robot), "the rows on screen");
        }
    }

    private static Node cell(FxRobot robot, String text) {
        return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(cell -> text.equals(TreeText.of(cell))).findFirst().orElseThrow();
    }

    /** Selects the row by a click and opens it with the Right key, as a user would. */
    private static void open(FxRobot robot, String text) {
        robot.clickOn(cell(robot, text));
        robot.type(KeyCode.RIGHT);
    }

    @Test
    void opensAPathFiveLevelsDeepAndInsertsItQuoted(FxRobot robot) throws Exception {
        awaitRows(robot, List.of("samples.dremio.com", "@alice", "Marketing"));
        open(robot, "samples.dremio.com");
        awaitRows(robot, List.of("samples.dremio.com", "NYC taxi", "zips.json", "@alice", "Marketing"));
        open(robot, "NYC taxi");
        awaitRows(robot, List.of("samples.dremio.com", "NYC taxi", "2024", "zips.json", "@alice", "Marketing"));
        open(robot, "2024");
        awaitRows(robot, List.of("samples.dremio.com", "NYC taxi", "2024", "by_month", "by day", "zips.json",
                "@alice", "Marketing"));
        open(robot, "by_month");
        awaitRows(robot, List.of("samples.dremio.com", "NYC taxi", "2024", "by_month", "Trips View", "order",
                "trips", "by day", "zips.json", "@alice", "Marketing"));
        open(robot, "trips");
        awaitRows(robot, List.of("samples.dremio.com", "NYC taxi", "2024", "by_month", "Trips View", "order",
                "trips", "pickup at  timestamp not null", "fare  double", "passenger_count  integer", "by day",
                "zips.json", "@alice", "Marketing"));
        assertEquals(2, api.calls(CatalogPath.of("samples.dremio.com", "NYC taxi", "2024", "by_month")),
                "three datasets in pages of two");

        robot.doubleClickOn(cell(robot, "pickup at  timestamp not null"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !inserted.isEmpty());
        assertEquals("\"pickup at\"", inserted.get(0), "a column goes in by its own name");
        robot.doubleClickOn(cell(robot, "trips"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> inserted.size() == 2);
        assertEquals("\"samples.dremio.com\".\"NYC taxi\".\"2024\".by_month.trips", inserted.get(1));
        robot.doubleClickOn(cell(robot, "order"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> inserted.size() == 3);
        assertEquals("\"samples.dremio.com\".\"NYC taxi\".\"2024\".by_month.\"order\"", inserted.get(2),
                "a reserved word is quoted");

        robot.clickOn("#schema-filter").write("trip");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !rows(robot).contains("order"));
        List<String> filtered = rows(robot);
        assertEquals(List.of("Trips View", "trips"), filtered.subList(4, 6), "the filter keeps datasets named trip");
    }
}
