package dev.quire.ui.results;

import dev.quire.model.QueryPlan;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

/** A statement's plan as a tree: each step with the rows and cost the backend estimates, and its details. */
public final class PlanView extends TreeTableView<QueryPlan.Step> {

    public PlanView(QueryPlan plan) {
        setId("plan-tree");
        getStyleClass().add("plan-tree");
        TreeItem<QueryPlan.Step> root = new TreeItem<>(new QueryPlan.Step("Plan", null, null,
                java.util.List.of(), plan.roots()));
        plan.roots().forEach(step -> root.getChildren().add(item(step)));
        root.setExpanded(true);
        setRoot(root);
        setShowRoot(false);
        getColumns().add(column("Step", step -> step.name(), 360));
        getColumns().add(column("Rows", step -> step.rows() == null ? "" : step.rows(), 110));
        getColumns().add(column("Cost", step -> step.cost() == null ? "" : step.cost(), 220));
        getColumns().add(column("Details", step -> String.join(" · ", step.details()), 480));
        setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    private static TreeItem<QueryPlan.Step> item(QueryPlan.Step step) {
        TreeItem<QueryPlan.Step> item = new TreeItem<>(step);
        step.children().forEach(child -> item.getChildren().add(item(child)));
        item.setExpanded(true);
        return item;
    }

    private static TreeTableColumn<QueryPlan.Step, String> column(String title,
            java.util.function.Function<QueryPlan.Step, String> text, double width) {
        TreeTableColumn<QueryPlan.Step, String> column = new TreeTableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue().getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }
}
