package dev.quire.ui.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;

/** A drawn chart as a PNG (its pixels) or an SVG (its shapes, boxes and texts as drawn). */
final class ChartImages {

    /** PNG bytes of ARGB pixels, width × height. */
    static byte[] png(int[] argb, int width, int height) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(width * height * 4 + height);
        for (int y = 0; y < height; y++) {
            raw.write(0);
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                raw.write(p >> 16 & 0xFF);
                raw.write(p >> 8 & 0xFF);
                raw.write(p & 0xFF);
                raw.write(p >>> 24);
            }
        }
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(packed)) {
            raw.writeTo(deflate);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        writeInt(header, width);
        writeInt(header, height);
        header.write(new byte[] {8, 6, 0, 0, 0});
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", packed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        writeInt(out, data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16 & 0xFF);
        out.write(value >>> 8 & 0xFF);
        out.write(value & 0xFF);
    }

    /** SVG of what the chart draws: filled boxes, paths, pie slices and texts, placed as on screen; call on the FX thread. */
    static String svg(Region chart) {
        StringBuilder svg = new StringBuilder();
        double width = Math.ceil(chart.getWidth());
        double height = Math.ceil(chart.getHeight());
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\">%n", width, height, width, height));
        walk(chart, chart, svg);
        return svg.append("</svg>\n").toString();
    }

    private static void walk(Region chart, Node node, StringBuilder svg) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        String classes = escape(String.join(" ", node.getStyleClass()));
        if (node instanceof Region region) {
            Bounds box = chart.sceneToLocal(region.localToScene(region.getLayoutBounds()));
            if (region.getShape() instanceof Arc arc) {
                svg.append(arc(chart, region, arc, fill(region.getBackground()), classes));
            } else {
                String fill = fill(region.getBackground());
                if (fill != null && box.getWidth() > 0 && box.getHeight() > 0) {
                    svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\""
                            + " height=\"%.2f\" fill=\"%s\"/>%n", classes, box.getMinX(), box.getMinY(), box.getWidth(),
                            box.getHeight(), fill));
                }
            }
        } else if (node instanceof Path path) {
            StringBuilder d = new StringBuilder();
            for (PathElement element : path.getElements()) {
                if (element instanceof MoveTo move) {
                    d.append(point(chart, path, 'M', move.getX(), move.getY()));
                } else if (element instanceof LineTo line) {
                    d.append(point(chart, path, 'L', line.getX(), line.getY()));
                } else if (element instanceof ClosePath) {
                    d.append("Z ");
                }
            }
            if (!d.isEmpty()) {
                String fill = color(path.getFill());
                String stroke = color(path.getStroke());
                svg.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"%s\" fill=\"%s\" stroke=\"%s\""
                        + " stroke-width=\"%.1f\"/>%n", classes, d.toString().trim(), fill == null ? "none" : fill,
                        stroke == null ? "none" : stroke, path.getStrokeWidth()));
            }
        } else if (node instanceof Text text && !text.getText().isEmpty()) {
            Bounds box = chart.sceneToLocal(text.localToScene(text.getLayoutBounds()));
            String fill = color(text.getFill());
            double rotate = text.getParent() == null ? 0 : text.getRotate() + text.getParent().getRotate();
            double x = box.getMinX() + box.getWidth() / 2;
            double y = box.getMinY() + box.getHeight() / 2;
            svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.2f\" y=\"%.2f\" font-family=\"%s\""
                    + " font-size=\"%.1f\" fill=\"%s\" text-anchor=\"middle\" dominant-baseline=\"central\"%s>%s</text>%n",
                    classes, x, y, escape(text.getFont().getFamily()), text.getFont().getSize(),
                    fill == null ? "black" : fill, rotate == 0 ? ""
                            : String.format(Locale.ROOT, " transform=\"rotate(%.0f %.2f %.2f)\"", rotate, x, y),
                    escape(text.getText())));
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                walk(chart, child, svg);
            }
        }
    }

    private static String arc(Region chart, Region region, Arc arc, String fill, String classes) {
        double start = Math.toRadians(arc.getStartAngle());
        double end = Math.toRadians(arc.getStartAngle() + arc.getLength());
        javafx.geometry.Point2D center = chart.sceneToLocal(region.localToScene(arc.getCenterX(), arc.getCenterY()));
        double rx = arc.getRadiusX();
        double ry = arc.getRadiusY();
        double x1 = center.getX() + rx * Math.cos(start);
        double y1 = center.getY() - ry * Math.sin(start);
        double x2 = center.getX() + rx * Math.cos(end);
        double y2 = center.getY() - ry * Math.sin(end);
        int large = Math.abs(arc.getLength()) > 180 ? 1 : 0;
        int sweep = arc.getLength() > 0 ? 0 : 1;
        return String.format(Locale.ROOT, "<path class=\"%s\" d=\"M %.2f %.2f L %.2f %.2f A %.2f %.2f 0 %d %d %.2f %.2f Z\""
                + " fill=\"%s\"/>%n", classes, center.getX(), center.getY(), x1, y1, rx, ry, large, sweep, x2, y2,
                fill == null ? "none" : fill);
    }

    private static String point(Region chart, Node node, char op, double x, double y) {
        javafx.geometry.Point2D at = chart.sceneToLocal(node.localToScene(x, y));
        return String.format(Locale.ROOT, "%c %.2f %.2f ", op, at.getX(), at.getY());
    }

    private static String fill(Background background) {
        if (background == null) {
            return null;
        }
        String fill = null;
        for (BackgroundFill layer : background.getFills()) {
            String color = color(layer.getFill());
            if (color != null) {
                fill = color;
            }
        }
        return fill;
    }

    private static String color(Paint paint) {
        if (paint instanceof javafx.scene.paint.LinearGradient gradient && !gradient.getStops().isEmpty()) {
            paint = gradient.getStops().get(0).getColor();
        } else if (paint instanceof javafx.scene.paint.RadialGradient gradient && !gradient.getStops().isEmpty()) {
            paint = gradient.getStops().get(0).getColor();
        }
        if (paint instanceof Color c && c.getOpacity() > 0) {
            return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.3f)", Math.round(c.getRed() * 255),
                    Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255), c.getOpacity());
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private ChartImages() {
    }
}
