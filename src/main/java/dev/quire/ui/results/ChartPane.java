package dev.quire.ui.results;

import dev.quire.model.Column;
import dev.quire.service.ChartData;
import dev.quire.service.ChartLabels;
import dev.quire.service.ChartSpec;
import dev.quire.service.ExportProgress;
import dev.quire.service.ResultCursor;
import dev.quire.service.RowFilter;
import dev.quire.ui.common.Fx;
import dev.quire.ui.common.Latest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.Chart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * A chart of a whole result (after the grid's filters), its points computed in the spill store:
 * pick the kind, the column along x, what is measured and how; save it as PNG or SVG.
 */
public final class ChartPane extends BorderPane {

    private static final String ROWS = "Rows (count)";

    private final ResultCursor cursor;
    private final Supplier<RowFilter> filter;
    private final Consumer<String> problems;
    private final List<Column> columns;
    private final ComboBox<ChartSpec.Kind> kind = new ComboBox<>();
    private final ComboBox<String> x = new ComboBox<>();
    private final ComboBox<String> y = new ComboBox<>();
    private final ComboBox<ChartSpec.Aggregate> aggregate = new ComboBox<>();
    private final Spinner<Integer> bins = new Spinner<>(1, ChartSpec.MAX_BINS, ChartSpec.DEFAULT_BINS);
    private final StackPane area = new StackPane();
    private final Label status = new Label();
    private final Latest charts = new Latest(Fx.THREAD);
    private CompletableFuture<ChartData> drawing;
    private Chart chart;

    public ChartPane(ResultCursor cursor, Supplier<RowFilter> filter, Consumer<String> problems) {
        this.cursor = cursor;
        this.filter = filter;
        this.problems = problems;
        this.columns = cursor.columns();
        getStyleClass().add("chart-pane");
        kind.getItems().setAll(ChartSpec.Kind.values());
        columns.forEach(c -> x.getItems().add(c.name()));
        y.getItems().add(ROWS);
        columns.forEach(c -> y.getItems().add(c.name()));
        aggregate.getItems().setAll(ChartSpec.Aggregate.values());
        bins.setEditable(true);
        bins.setPrefWidth(80);
        kind.setId("chart-kind");
        x.setId("chart-x");
        y.setId("chart-y");
        aggregate.setId("chart-aggregate");
        bins.setId("chart-bins");
        kind.setTooltip(new Tooltip("The kind of chart"));
        x.setTooltip(new Tooltip("The column along the x axis"));
        y.setTooltip(new Tooltip("What is measured"));
        aggregate.setTooltip(new Tooltip("How the measured column is summed up per x value"));
        bins.setTooltip(new Tooltip("How many bins the histogram has (rounded to a round width)"));
        pickDefaults();
        MenuButton save = new MenuButton("Save chart");
        save.setId("chart-save");
        MenuItem png = new MenuItem("PNG image…");
        png.setOnAction(e -> save("png"));
        MenuItem svg = new MenuItem("SVG drawing…");
        svg.setOnAction(e -> save("svg"));
        save.getItems().addAll(png, svg);
        ToolBar bar = new ToolBar(kind, new Label("x"), x, new Label("measure"), y, aggregate, new Label("bins"), bins,
                save);
        bar.getStyleClass().add("chart-bar-tools");
        setTop(bar);
        area.setId("chart-area");
        setCenter(area);
        status.getStyleClass().add("grid-status");
        status.setId("chart-status");
        setBottom(status);
        kind.valueProperty().addListener((o, a, b) -> draw());
        x.valueProperty().addListener((o, a, b) -> draw());
        y.valueProperty().addListener((o, a, b) -> draw());
        aggregate.valueProperty().addListener((o, a, b) -> draw());
        bins.valueProperty().addListener((o, a, b) -> draw());
        draw();
    }

    /** A histogram of the first number; or a bar of the first text column by count, or a line over the first time. */
    private void pickDefaults() {
        int number = first(c -> c.isNumeric());
        int time = first(c -> c.typeName().toLowerCase(Locale.ROOT).startsWith("timestamp")
                || c.typeName().equalsIgnoreCase("date"));
        int text = first(c -> !c.isNumeric() && c.typeName().toLowerCase(Locale.ROOT).contains("char"));
        aggregate.setValue(ChartSpec.Aggregate.SUM);
        if (time >= 0 && number >= 0) {
            kind.setValue(ChartSpec.Kind.LINE);
            x.getSelectionModel().select(time);
            y.getSelectionModel().select(number + 1);
        } else if (text >= 0) {
            kind.setValue(ChartSpec.Kind.BAR);
            x.getSelectionModel().select(text);
            y.getSelectionModel().select(number >= 0 ? number + 1 : 0);
        } else {
            kind.setValue(ChartSpec.Kind.HISTOGRAM);
            x.getSelectionModel().select(Math.max(0, number));
            y.getSelectionModel().select(0);
        }
    }

    private int first(java.util.function.Predicate<Column> test) {
        for (int c = 0; c < columns.size(); c++) {
            if (test.test(columns.get(c))) {
                return c;
            }
        }
        return -1;
    }

    /** Draws the chart the controls ask for; a newer ask cancels the one before. */
    public void draw() {
        if (kind.getValue() == null || x.getSelectionModel().getSelectedIndex() < 0) {
            return;
        }
        boolean histogram = kind.getValue() == ChartSpec.Kind.HISTOGRAM;
        y.setDisable(histogram);
        aggregate.setDisable(histogram || kind.getValue() == ChartSpec.Kind.SCATTER
                || y.getSelectionModel().getSelectedIndex() <= 0);
        bins.setDisable(!histogram);
        ChartSpec spec;
        try {
            int measured = y.getSelectionModel().getSelectedIndex() - 1;
            spec = new ChartSpec(kind.getValue(), x.getSelectionModel().getSelectedIndex(), histogram ? -1 : measured,
                    aggregate.getValue(), bins.getValue());
        } catch (IllegalArgumentException e) {
            showMessage(e.getMessage());
            return;
        }
        if (drawing != null) {
            drawing.cancel(true);
        }
        status.setText("Charting every row…");
        Consumer<ExportProgress> progress = p -> Fx.THREAD.execute(() -> {
            if (p.phase() == ExportProgress.Phase.FETCHING && p.totalRows() > p.rows()) {
                status.setText(String.format(Locale.ROOT, "Fetching rows to chart: %,d of %,d…", p.rows(), p.totalRows()));
            } else if (p.phase() == ExportProgress.Phase.WRITING) {
                status.setText(String.format(Locale.ROOT, "Charting %,d rows…", p.totalRows()));
            }
        });
        drawing = cursor.chart(spec, filter.get(), progress);
        charts.show(drawing, this::show, error -> {
            if (!(error instanceof java.util.concurrent.CancellationException)) {
                showMessage("Could not chart: " + Fx.message(error));
            }
        });
    }

    private void showMessage(String message) {
        Label label = new Label(message);
        label.getStyleClass().add("chart-message");
        label.setWrapText(true);
        area.getChildren().setAll(label);
        chart = null;
        status.setText(message);
    }

    private void show(ChartData data) {
        chart = build(data);
        chart.setAnimated(false);
        chart.setTitle(data.title());
        chart.getStyleClass().add("result-chart");
        area.getChildren().setAll(chart);
        String drawn = String.format(Locale.ROOT, "%,d rows charted", data.inputRows());
        status.setText(data.note().isEmpty() ? drawn : drawn + " · " + data.note());
    }

    /** The chart on screen, or null while none is drawn. */
    public Chart chart() {
        return chart;
    }

    private Chart build(ChartData data) {
        ChartSpec.Kind k = data.spec().kind();
        if (k == ChartSpec.Kind.PIE) {
            PieChart pie = new PieChart();
            double total = data.points().stream().mapToDouble(ChartData.Point::y).sum();
            for (ChartData.Point point : data.points()) {
                pie.getData().add(new PieChart.Data(point.label(), point.y()));
            }
            pie.setLegendVisible(true);
            for (int i = 0; i < pie.getData().size(); i++) {
                ChartData.Point point = data.points().get(i);
                tip(pie.getData().get(i).getNode(), point.label() + ": " + ChartLabels.number(point.y())
                        + String.format(Locale.ROOT, " (%.1f%%)", total == 0 ? 0 : 100 * point.y() / total));
            }
            return pie;
        }
        boolean categories = k == ChartSpec.Kind.BAR || k == ChartSpec.Kind.HISTOGRAM || !data.xNumeric();
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(data.measure());
        yAxis.setTickLabelFormatter(converter(false));
        if (categories) {
            CategoryAxis xAxis = new CategoryAxis();
            xAxis.setLabel(data.xName());
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(data.measure());
            for (ChartData.Point point : data.points()) {
                series.getData().add(new XYChart.Data<>(point.label(), point.y()));
            }
            XYChart<String, Number> xy = switch (k) {
                case LINE -> new LineChart<>(xAxis, yAxis);
                case AREA -> new AreaChart<>(xAxis, yAxis);
                default -> {
                    BarChart<String, Number> bars = new BarChart<>(xAxis, yAxis);
                    if (k == ChartSpec.Kind.HISTOGRAM) {
                        bars.setCategoryGap(0);
                        bars.setBarGap(0);
                    }
                    yield bars;
                }
            };
            xy.getData().add(series);
            xy.setLegendVisible(false);
            for (int i = 0; i < series.getData().size(); i++) {
                ChartData.Point point = data.points().get(i);
                tip(series.getData().get(i).getNode(), point.label() + ": " + ChartLabels.number(point.y())
                        + (k == ChartSpec.Kind.HISTOGRAM ? " rows" : ""));
            }
            return xy;
        }
        NumberAxis xAxis = new NumberAxis();
        xAxis.setForceZeroInRange(false);
        yAxis.setForceZeroInRange(k != ChartSpec.Kind.SCATTER);
        xAxis.setLabel(data.xName());
        xAxis.setTickLabelFormatter(converter(data.xTime()));
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(data.measure());
        for (ChartData.Point point : data.points()) {
            series.getData().add(new XYChart.Data<>(point.x(), point.y()));
        }
        XYChart<Number, Number> xy = switch (k) {
            case AREA -> new AreaChart<>(xAxis, yAxis);
            case SCATTER -> new ScatterChart<>(xAxis, yAxis);
            default -> new LineChart<>(xAxis, yAxis);
        };
        if (xy instanceof LineChart<Number, Number> line) {
            line.setCreateSymbols(data.points().size() <= 100);
        }
        if (xy instanceof AreaChart<Number, Number> filled) {
            filled.setCreateSymbols(data.points().size() <= 100);
        }
        xy.getData().add(series);
        xy.setLegendVisible(true);
        if (data.points().size() <= 500) {
            for (int i = 0; i < series.getData().size(); i++) {
                ChartData.Point point = data.points().get(i);
                tip(series.getData().get(i).getNode(), point.label() + ": " + ChartLabels.number(point.y()));
            }
        }
        return xy;
    }

    private static void tip(Node node, String text) {
        if (node != null) {
            Tooltip.install(node, new Tooltip(text));
        }
    }

    private static StringConverter<Number> converter(boolean time) {
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return time ? ChartLabels.time(value.doubleValue()) : ChartLabels.number(value.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        };
    }

    private void save(String format) {
        if (chart == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the chart as " + format.toUpperCase(Locale.ROOT));
        chooser.setInitialFileName("chart." + format);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.toUpperCase(Locale.ROOT), "*." + format));
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            saveTo(file.toPath(), format);
        }
    }

    /** Writes the chart on screen as a PNG or SVG file; the pixels or shapes are taken now, the file written in the background. */
    public CompletableFuture<java.nio.file.Path> saveTo(java.nio.file.Path file, String format) {
        java.util.concurrent.Callable<byte[]> bytes;
        if (format.equals("svg")) {
            String svg = ChartImages.svg(chart);
            bytes = () -> svg.getBytes(StandardCharsets.UTF_8);
        } else {
            WritableImage image = chart.snapshot(null, null);
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
            bytes = () -> ChartImages.png(argb, w, h);
        }
        CompletableFuture<java.nio.file.Path> saved = cursor.save(file, bytes);
        saved.whenCompleteAsync((path, error) -> {
            if (error == null) {
                status.setText("Saved the chart to " + path);
            } else {
                String message = "Could not save the chart to " + file + ": " + Fx.message(error);
                status.setText(message);
                problems.accept(message);
            }
        }, Fx.THREAD);
        return saved;
    }
}
