package dev.quire.ui.schema;

import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.service.SchemaCatalog;
import dev.quire.ui.common.Fx;
import dev.quire.ui.common.Latest;
import dev.quire.ui.common.Icons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The schema browser: the catalog as a tree of paths of any depth (databases and schemas, catalogs,
 * sources, spaces and folders), its tables and views, their columns with types. Each level loads
 * when expanded; a failed load shows its error in the tree. The filter narrows tables and views
 * by name. Double-click inserts a name into the editor, quoted as the backend's SQL needs.
 */
public final class SchemaBrowser extends VBox {

    private final ObjectProperty<SchemaCatalog> catalog = new SimpleObjectProperty<>();
    private final TreeView<SchemaNode> tree = new TreeView<>();
    private final TextField filter = new TextField();
    private final Consumer<String> insert;
    private final Consumer<String> open;
    private final Latest topLevel = new Latest(Fx.THREAD);

    /**
     * insert puts text at the editor's caret; open runs a new query in the editor.
     */
    public SchemaBrowser(Consumer<String> insert, Consumer<String> open) {
        this.insert = insert;
        this.open = open;
        getStyleClass().add("schema-browser");
        setId("schema-browser");
        filter.setId("schema-filter");
        filter.setPromptText("Filter tables");
        filter.textProperty().addListener((obs, old, text) -> applyFilter());
        Button refresh = new Button("⟳");
        refresh.setId("schema-refresh");
        refresh.setTooltip(new Tooltip("Reload the catalog from the server"));
        refresh.setOnAction(e -> refresh());
        HBox bar = new HBox(4, filter, refresh);
        HBox.setHgrow(filter, Priority.ALWAYS);
        tree.setId("schema-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(view -> new NodeCell());
        VBox.setVgrow(tree, Priority.ALWAYS);
        getChildren().addAll(bar, tree);
        catalog.addListener((obs, old, next) -> reload());
    }

    public ObjectProperty<SchemaCatalog> catalogProperty() {
        return catalog;
    }

    public TreeView<SchemaNode> tree() {
        return tree;
    }

    private void refresh() {
        SchemaCatalog current = catalog.get();
        if (current != null) {
            current.refresh();
            reload();
        }
    }

    private void reload() {
        SchemaCatalog current = catalog.get();
        SchemaNode top = new SchemaNode(SchemaNode.Kind.CONTAINER, CatalogPath.ROOT, "", true);
        TreeItem<SchemaNode> root = new TreeItem<>(top);
        tree.setRoot(root);
        if (current == null) {
            topLevel.drop();
            return;
        }
        Lazy.load(root, topLevel, children(top), item -> item, this);
        root.setExpanded(true);
    }

    /** Children for an expanded node, loaded from the catalog: what lies under a path, or a table's columns. */
    CompletableFuture<List<TreeItem<SchemaNode>>> children(SchemaNode node) {
        SchemaCatalog current = catalog.get();
        if (node.isTable()) {
            return current.columns(node.path()).thenApply(columns -> map(columns,
                    column -> new TreeItem<>(SchemaNode.column(node.path(), column))));
        }
        return current.children(node.path()).thenApply(entries -> map(ordered(entries),
                entry -> new Lazy(SchemaNode.of(entry), this)));
    }

    /** Containers first, in the backend's order; then tables and views by name. */
    private static List<CatalogEntry> ordered(List<CatalogEntry> entries) {
        return entries.stream().sorted(Comparator.comparing((CatalogEntry e) -> e.kind().hasColumns())
                .thenComparing(e -> e.kind().hasColumns() ? e.name() : "")).toList();
    }

    private static <T> List<TreeItem<SchemaNode>> map(List<T> items, Function<T, TreeItem<SchemaNode>> make) {
        List<TreeItem<SchemaNode>> nodes = new ArrayList<>(items.size());
        items.forEach(item -> nodes.add(make.apply(item)));
        return nodes;
    }

    /** The name to put in SQL: a table's or container's path, or a column's own name. */
    private String sqlName(SchemaNode node) {
        var dialect = catalog.get().dialect();
        return node.kind() == SchemaNode.Kind.COLUMN ? dialect.quote(node.name()) : dialect.reference(node.path());
    }

    boolean visible(SchemaNode node) {
        String text = filter.getText();
        if (text == null || text.isBlank() || !node.isTable()) {
            return true;
        }
        return node.name().toLowerCase(Locale.ROOT).contains(text.strip().toLowerCase(Locale.ROOT));
    }

    private void applyFilter() {
        if (tree.getRoot() != null) {
            applyFilter(tree.getRoot());
        }
    }

    private void applyFilter(TreeItem<SchemaNode> item) {
        if (item instanceof Lazy lazy) {
            lazy.showMatching();
        }
        item.getChildren().forEach(this::applyFilter);
    }

    /** A node whose children load when it is first expanded. */
    static final class Lazy extends TreeItem<SchemaNode> {
        private final SchemaBrowser browser;
        private final Latest loads = new Latest(Fx.THREAD);
        private List<TreeItem<SchemaNode>> loaded;
        private boolean requested;

        Lazy(SchemaNode node, SchemaBrowser browser) {
            super(node);
            this.browser = browser;
            expandedProperty().addListener((obs, was, expanded) -> {
                if (expanded && !requested) {
                    requested = true;
                    load(this, loads, browser.children(node), item -> item, browser);
                }
            });
        }

        @Override
        public boolean isLeaf() {
            return !getValue().expandable();
        }

        void setLoaded(List<TreeItem<SchemaNode>> children) {
            loaded = children;
            showMatching();
        }

        void showMatching() {
            if (loaded != null) {
                getChildren().setAll(loaded.stream().filter(child -> browser.visible(child.getValue())).toList());
            }
        }

        /** Shows a loading row, then the children or the error, on the FX thread. */
        static <T> void load(TreeItem<SchemaNode> parent, Latest loads, CompletableFuture<? extends List<T>> future,
                             Function<T, TreeItem<SchemaNode>> make, SchemaBrowser browser) {
            CatalogPath owner = parent.getValue().path();
            parent.getChildren().setAll(List.of(new TreeItem<>(SchemaNode.message(SchemaNode.Kind.LOADING, owner,
                    "Loading…"))));
            loads.show(future, items -> {
                List<TreeItem<SchemaNode>> children = new ArrayList<>(items.size());
                items.forEach(item -> children.add(make.apply(item)));
                if (parent instanceof Lazy lazy) {
                    lazy.setLoaded(children);
                } else {
                    parent.getChildren().setAll(children);
                }
                if (children.isEmpty()) {
                    parent.getChildren().setAll(List.of(new TreeItem<>(SchemaNode.message(SchemaNode.Kind.LOADING,
                            owner, "(empty)"))));
                }
            }, error -> {
                parent.getChildren().setAll(List.of(new TreeItem<>(SchemaNode.message(SchemaNode.Kind.ERROR, owner,
                        "Could not load: " + Fx.message(error)))));
                if (parent instanceof Lazy lazy) {
                    lazy.requested = false;
                }
            });
        }
    }

    /** Draws a node with its style and context menu. */
    private final class NodeCell extends TreeCell<SchemaNode> {
        /** A column: its type's icon, its name, and its type in a colour of its own. */
        private final javafx.scene.control.Label name = new javafx.scene.control.Label();
        private final javafx.scene.control.Label type = new javafx.scene.control.Label();
        private final javafx.scene.layout.HBox column = new javafx.scene.layout.HBox(6, new javafx.scene.layout.Region(),
                name, type);

        NodeCell() {
            type.getStyleClass().add("schema-type");
            name.getStyleClass().add("schema-column-name");
            column.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setGraphicTextGap(6);
            setOnMouseClicked(event -> {
                SchemaNode node = getItem();
                if (node != null && event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2
                        && (node.isTable() || node.kind() == SchemaNode.Kind.COLUMN)) {
                    insert.accept(sqlName(node));
                    event.consume();
                }
            });
        }

        @Override
        protected void updateItem(SchemaNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeIf(style -> style.startsWith("schema-"));
            if (empty || node == null) {
                setText(null);
                setGraphic(null);
                setContextMenu(null);
                setTooltip(null);
                return;
            }
            if (node.kind() == SchemaNode.Kind.COLUMN) {
                setText(null);
                name.setText(node.name());
                type.setText(node.detail());
                column.getChildren().set(0, Icons.column(node.detail()));
                setGraphic(column);
            } else {
                setText(node.label());
                setGraphic(icon(node));
            }
            getStyleClass().add("schema-" + node.kind().name().toLowerCase(Locale.ROOT));
            setTooltip(node.kind() == SchemaNode.Kind.ERROR || (node.isTable() && !node.detail().isEmpty())
                    ? new Tooltip(node.detail()) : null);
            setContextMenu(menu(node));
        }

        /** A database at the top, a schema or folder below it, a table, a view, a system table. */
        private javafx.scene.Node icon(SchemaNode node) {
            return switch (node.kind()) {
                case CONTAINER -> getTreeView().getTreeItemLevel(getTreeItem()) <= 1
                        ? Icons.of(Icons.DATABASE, "database") : Icons.of(Icons.SCHEMA, "schema");
                case TABLE -> Icons.of(Icons.TABLE, "table");
                case VIEW -> Icons.of(Icons.VIEW, "view");
                case SYSTEM_TABLE -> Icons.of(Icons.SYSTEM_TABLE, "system-table");
                case ERROR -> Icons.of(Icons.ERROR, "error");
                case LOADING -> Icons.of(Icons.LOADING, "loading");
                case COLUMN -> null;
            };
        }

        private ContextMenu menu(SchemaNode node) {
            if (!node.isTable() && node.kind() != SchemaNode.Kind.COLUMN && node.kind() != SchemaNode.Kind.CONTAINER) {
                return null;
            }
            MenuItem copy = new MenuItem("Copy name");
            copy.setOnAction(e -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(sqlName(node));
                Clipboard.getSystemClipboard().setContent(content);
            });
            MenuItem insertName = new MenuItem("Insert name into editor");
            insertName.setOnAction(e -> insert.accept(sqlName(node)));
            ContextMenu menu = new ContextMenu();
            if (node.isTable()) {
                MenuItem select = new MenuItem("Select first 100 rows");
                select.setOnAction(e -> open.accept("select * from " + sqlName(node) + " limit 100;"));
                MenuItem describe = new MenuItem("Describe table");
                describe.setOnAction(e -> open.accept(catalog.get().dialect().describeColumns(node.path())));
                menu.getItems().addAll(select, describe, new SeparatorMenuItem());
            }
            if (node.kind() == SchemaNode.Kind.CONTAINER) {
                MenuItem reload = new MenuItem("Refresh");
                reload.setOnAction(e -> {
                    catalog.get().refresh(node.path());
                    TreeItem<SchemaNode> item = getTreeItem();
                    if (item instanceof Lazy lazy) {
                        lazy.requested = true;
                        Lazy.load(lazy, lazy.loads, children(node), x -> x, SchemaBrowser.this);
                    }
                });
                menu.getItems().addAll(reload, new SeparatorMenuItem());
            }
            menu.getItems().addAll(insertName, copy);
            return menu;
        }
    }
}
