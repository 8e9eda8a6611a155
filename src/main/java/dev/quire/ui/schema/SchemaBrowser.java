package dev.quire.ui.schema;

import dev.quire.model.Column;
import dev.quire.model.TableInfo;
import dev.quire.service.SchemaCatalog;
import dev.quire.ui.common.Fx;
import dev.quire.ui.common.Latest;
import java.util.ArrayList;
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
 * The schema browser: databases, schemas, tables and views, columns with types. Each level loads
 * when expanded; a failed load shows its error in the tree. The filter narrows tables and views
 * by name. Double-click inserts a name into the editor.
 */
public final class SchemaBrowser extends VBox {

    private final ObjectProperty<SchemaCatalog> catalog = new SimpleObjectProperty<>();
    private final TreeView<SchemaNode> tree = new TreeView<>();
    private final TextField filter = new TextField();
    private final Consumer<String> insert;
    private final Consumer<String> open;
    private final Latest databases = new Latest(Fx.THREAD);

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
        TreeItem<SchemaNode> root = new TreeItem<>(new SchemaNode(SchemaNode.Kind.DATABASE, null, null, "", ""));
        tree.setRoot(root);
        if (current == null) {
            databases.drop();
            return;
        }
        Lazy.load(root, databases, current.databases(), database -> new Lazy(
                new SchemaNode(SchemaNode.Kind.DATABASE, database, null, database, ""), this), this);
        root.setExpanded(true);
    }

    /** Children for an expanded node, loaded from the catalog. */
    CompletableFuture<? extends List<TreeItem<SchemaNode>>> children(SchemaNode node) {
        SchemaCatalog current = catalog.get();
        return switch (node.kind()) {
            case DATABASE -> current.schemas(node.database()).thenApply(schemas -> map(schemas,
                    schema -> new Lazy(new SchemaNode(SchemaNode.Kind.SCHEMA, node.database(), schema, schema, ""),
                            this)));
            case SCHEMA -> current.tables(node.database(), node.schema()).thenApply(tables -> map(
                    tables.stream().sorted(java.util.Comparator.comparing(TableInfo::name)).toList(),
                    table -> new Lazy(new SchemaNode(table.isView() ? SchemaNode.Kind.VIEW : SchemaNode.Kind.TABLE,
                            node.database(), node.schema(), table.name(), table.type()), this)));
            case TABLE, VIEW -> current.columns(node.database(), node.schema(), node.name()).thenApply(columns ->
                    map(columns, column -> new TreeItem<>(columnNode(node, column))));
            default -> CompletableFuture.completedFuture(List.of());
        };
    }

    private static SchemaNode columnNode(SchemaNode table, Column column) {
        String type = column.typeName() + (column.nullable() ? "" : " not null");
        return new SchemaNode(SchemaNode.Kind.COLUMN, table.database(), table.schema(), column.name(), type);
    }

    private static <T> List<TreeItem<SchemaNode>> map(List<T> items, Function<T, TreeItem<SchemaNode>> make) {
        List<TreeItem<SchemaNode>> nodes = new ArrayList<>(items.size());
        items.forEach(item -> nodes.add(make.apply(item)));
        return nodes;
    }

    boolean visible(SchemaNode node) {
        String text = filter.getText();
        if (text == null || text.isBlank() || (node.kind() != SchemaNode.Kind.TABLE
                && node.kind() != SchemaNode.Kind.VIEW)) {
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
            SchemaNode owner = parent.getValue();
            parent.getChildren().setAll(List.of(new TreeItem<>(new SchemaNode(SchemaNode.Kind.LOADING,
                    owner.database(), owner.schema(), "", "Loading…"))));
            loads.show(future, items -> {
                List<TreeItem<SchemaNode>> children = new ArrayList<>(items.size());
                items.forEach(item -> children.add(make.apply(item)));
                if (parent instanceof Lazy lazy) {
                    lazy.setLoaded(children);
                } else {
                    parent.getChildren().setAll(children);
                }
                if (children.isEmpty()) {
                    parent.getChildren().setAll(List.of(new TreeItem<>(new SchemaNode(SchemaNode.Kind.LOADING,
                            owner.database(), owner.schema(), "", "(empty)"))));
                }
            }, error -> {
                parent.getChildren().setAll(List.of(new TreeItem<>(new SchemaNode(SchemaNode.Kind.ERROR,
                        owner.database(), owner.schema(), "", "Could not load: " + Fx.message(error)))));
                if (parent instanceof Lazy lazy) {
                    lazy.requested = false;
                }
            });
        }
    }

    /** Draws a node with its style and context menu. */
    private final class NodeCell extends TreeCell<SchemaNode> {
        NodeCell() {
            setOnMouseClicked(event -> {
                SchemaNode node = getItem();
                if (node != null && event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2
                        && (node.kind() == SchemaNode.Kind.TABLE || node.kind() == SchemaNode.Kind.VIEW
                        || node.kind() == SchemaNode.Kind.COLUMN)) {
                    insert.accept(node.qualifiedName());
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
                setContextMenu(null);
                setTooltip(null);
                return;
            }
            setText(node.label());
            getStyleClass().add("schema-" + node.kind().name().toLowerCase(Locale.ROOT));
            setTooltip(node.kind() == SchemaNode.Kind.ERROR ? new Tooltip(node.detail()) : null);
            setContextMenu(menu(node));
        }

        private ContextMenu menu(SchemaNode node) {
            if (node.kind() != SchemaNode.Kind.TABLE && node.kind() != SchemaNode.Kind.VIEW
                    && node.kind() != SchemaNode.Kind.COLUMN && node.kind() != SchemaNode.Kind.SCHEMA) {
                return null;
            }
            MenuItem copy = new MenuItem("Copy name");
            copy.setOnAction(e -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(node.qualifiedName());
                Clipboard.getSystemClipboard().setContent(content);
            });
            MenuItem insertName = new MenuItem("Insert name into editor");
            insertName.setOnAction(e -> insert.accept(node.qualifiedName()));
            ContextMenu menu = new ContextMenu();
            if (node.kind() == SchemaNode.Kind.TABLE || node.kind() == SchemaNode.Kind.VIEW) {
                MenuItem select = new MenuItem("Select first 100 rows");
                select.setOnAction(e -> open.accept("select * from " + node.qualifiedName() + " limit 100;"));
                MenuItem describe = new MenuItem("Describe table");
                describe.setOnAction(e -> open.accept("select column_name, data_type, is_nullable, column_default\n"
                        + "from information_schema.columns\nwhere table_schema = '" + node.schema().replace("'", "''")
                        + "' and table_name = '" + node.name().replace("'", "''") + "'\norder by ordinal_position;"));
                menu.getItems().addAll(select, describe, new SeparatorMenuItem());
            }
            if (node.kind() == SchemaNode.Kind.SCHEMA) {
                MenuItem reload = new MenuItem("Refresh schema");
                reload.setOnAction(e -> {
                    catalog.get().refresh(node.database(), node.schema());
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
