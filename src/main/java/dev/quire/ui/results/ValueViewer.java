package dev.quire.ui.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import dev.quire.ui.common.Fx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window showing one cell's value in full: text wrapped (multi-line text such as EXPLAIN output
 * unwrapped, in a fixed-width font), JSON as a tree that folds (long arrays in groups of a
 * thousand) plus its pretty-printed and raw text, bytes as a hex dump. The value is parsed and laid out in lines on a thread of the viewer's
 * own, which ends with its window; meanwhile it says Loading…. Copy copies the tab shown.
 */
public final class ValueViewer {

    /** Text up to this long shows in a text area, where a part can be selected; longer text in a list of lines. */
    static final int AREA_CHARS = 50_000;

    /** One tab of text: its name, its whole text (what Copy copies) and its lines. */
    private record Part(String name, String text, List<String> lines) {
    }

    /** What the viewer shows: a JSON tree (or null) and the tabs of text. */
    private record Content(TreeItem<String> tree, String raw, List<Part> parts) {
    }

    /** Opens a viewer of the value, owned by the window. */
    public static Stage show(Window owner, Column column, Object value) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Value of " + column.name());
        Label loading = new Label("Loading…");
        loading.setId("value-loading");
        BorderPane root = new BorderPane(loading);
        root.setId("value-viewer");
        root.getStyleClass().add("value-viewer");
        Label about = new Label(column.name() + " · " + column.typeName() + " · " + size(value));
        about.getStyleClass().add("value-about");
        root.setTop(about);
        BorderPane.setMargin(about, new Insets(6, 8, 6, 8));
        Scene scene = new Scene(root, 760, 540);
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        ExecutorService work = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "quire-value-viewer");
            thread.setDaemon(true);
            return thread;
        });
        stage.setOnHidden(e -> work.shutdownNow());
        CompletableFuture.supplyAsync(() -> content(value), work).whenCompleteAsync((content, error) -> {
            if (error != null) {
                loading.setText("Could not show the value: " + Fx.message(error));
            } else if (stage.isShowing()) {
                shown(root, content);
            }
        }, Fx.THREAD);
        work.shutdown();
        stage.show();
        return stage;
    }

    private static String size(Object value) {
        if (value == null) {
            return "NULL";
        }
        return value instanceof byte[] bytes ? String.format("%,d bytes", bytes.length)
                : String.format("%,d characters", RowsText.plain(value).length());
    }

    /** Runs in the background: parses, pretty-prints and cuts the value into lines. */
    private static Content content(Object value) {
        if (value instanceof byte[] bytes) {
            List<String> hex = ValueText.hexDump(bytes);
            return new Content(null, RowsText.plain(value), List.of(new Part("Hex", String.join("\n", hex), hex)));
        }
        String text = value == null ? "NULL" : RowsText.plain(value);
        JsonNode json = ValueText.json(text);
        if (json == null) {
            return new Content(null, text, List.of(new Part("Text", text, ValueText.lines(text))));
        }
        JsonItem tree = new JsonItem(null, json);
        tree.getChildren();
        tree.setExpanded(true);
        String pretty = ValueText.pretty(json);
        return new Content(tree, text, List.of(new Part("Pretty", pretty, ValueText.lines(pretty)),
                new Part("Raw", text, ValueText.lines(text))));
    }

    /** On the FX thread: the tabs, the wrap box and the Copy button. */
    private static void shown(BorderPane root, Content content) {
        CheckBox wrap = new CheckBox("Wrap lines");
        wrap.setId("value-wrap");
        wrap.setSelected(content.tree() != null || !content.raw().contains("\n"));
        TabPane tabs = new TabPane();
        tabs.setId("value-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        List<String> copies = new ArrayList<>();
        if (content.tree() != null) {
            TreeView<String> tree = new TreeView<>(content.tree());
            tree.getStyleClass().add("value-tree");
            tabs.getTabs().add(new Tab("Tree", tree));
            copies.add(content.raw());
        }
        for (Part part : content.parts()) {
            tabs.getTabs().add(new Tab(part.name(), textView(part, wrap.selectedProperty())));
            copies.add(part.text());
        }
        Button copy = new Button("Copy");
        copy.setId("value-copy");
        copy.setOnAction(e -> {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(copies.get(tabs.getSelectionModel().getSelectedIndex()));
            Clipboard.getSystemClipboard().setContent(clip);
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, wrap, gap, copy);
        bar.setPadding(new Insets(6, 8, 6, 8));
        root.setCenter(tabs);
        root.setBottom(bar);
    }

    /** Short text in a text area; long text in a list of its lines, which draws only those in view. */
    private static Node textView(Part part, BooleanProperty wrap) {
        if (part.text().length() <= AREA_CHARS) {
            TextArea area = new TextArea(part.text());
            area.setEditable(false);
            area.wrapTextProperty().bind(wrap);
            area.getStyleClass().add("value-text");
            return area;
        }
        ListView<String> list = new ListView<>(FXCollections.observableArrayList(part.lines()));
        list.getStyleClass().addAll("value-text", "value-lines");
        list.setCellFactory(ignore -> new ListCell<>() {
            {
                wrapTextProperty().bind(wrap);
                prefWidthProperty().bind(Bindings.when(wrap).then(list.widthProperty().subtract(24))
                        .otherwise(Region.USE_COMPUTED_SIZE));
            }

            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
            }
        });
        return list;
    }

    /**
     * A node of the JSON tree (or a group of a long array's items); its children are made when it
     * is first opened, a thousand at most: a tree on screen takes time for each child added.
     */
    private static final class JsonItem extends TreeItem<String> {
        private final List<Map.Entry<String, JsonNode>> entries;
        private boolean made;

        JsonItem(String key, JsonNode node) {
            this(ValueText.label(key, node), ValueText.children(node));
        }

        private JsonItem(String label, List<Map.Entry<String, JsonNode>> entries) {
            super(label);
            this.entries = entries;
        }

        @Override
        public boolean isLeaf() {
            return entries.isEmpty();
        }

        @Override
        public ObservableList<TreeItem<String>> getChildren() {
            if (!made) {
                made = true;
                List<TreeItem<String>> children = new ArrayList<>();
                if (entries.size() > ValueText.BUCKET) {
                    for (int from = 0; from < entries.size(); from += ValueText.BUCKET) {
                        int to = Math.min(entries.size(), from + ValueText.BUCKET);
                        children.add(new JsonItem("[" + from + " … " + (to - 1) + "]", entries.subList(from, to)));
                    }
                } else {
                    for (Map.Entry<String, JsonNode> entry : entries) {
                        children.add(new JsonItem(entry.getKey(), entry.getValue()));
                    }
                }
                super.getChildren().setAll(children);
            }
            return super.getChildren();
        }
    }

    private ValueViewer() {
    }
}
