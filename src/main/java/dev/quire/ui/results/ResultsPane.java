package dev.quire.ui.results;

import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;

/**
 * Result tabs: one grid per result set of the last run, each named after what it shows (the table,
 * or the statement's first words), and a Messages tab with errors and row counts.
 */
public final class ResultsPane extends TabPane {

    private final Tab messagesTab = new Tab("Messages");
    private final Consumer<String> problems;

    /** Result tabs over the results; a grid's problems (a failed sort, filter or export) go to problems. */
    public ResultsPane(ObservableList<ShownResult> results, ObservableList<String> messages, Consumer<String> problems) {
        this.problems = problems;
        setId("results-pane");
        ListView<String> log = new ListView<>(messages);
        log.setId("messages-list");
        log.getStyleClass().add("messages");
        messagesTab.setContent(log);
        messagesTab.setClosable(false);
        messagesTab.setId("messages-tab");
        getTabs().add(messagesTab);
        messages.addListener((ListChangeListener<String>) change -> {
            if (!messages.isEmpty()) {
                log.scrollTo(messages.size() - 1);
            }
        });
        results.addListener((ListChangeListener<ShownResult>) change -> show(results));
    }

    /** Shows the plan of an EXPLAIN in a tab of its own, first; null takes it away. */
    public void showPlan(dev.quire.model.QueryPlan plan) {
        getTabs().removeIf(tab -> tab.getContent() instanceof PlanView);
        if (plan != null) {
            Tab tab = new Tab("Plan", new PlanView(plan));
            tab.setId("plan-tab");
            tab.setClosable(false);
            getTabs().add(0, tab);
            getSelectionModel().select(tab);
        }
    }

    private void show(ObservableList<ShownResult> results) {
        getTabs().removeIf(tab -> tab.getContent() instanceof PlanView);
        getTabs().stream().filter(tab -> tab.getContent() instanceof CursorGrid)
                .forEach(tab -> ((CursorGrid) tab.getContent()).close());
        getTabs().retainAll(messagesTab);
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (ShownResult result : results) {
            String name = dev.quire.model.SqlScript.resultName(result.title());
            int count = seen.merge(name, 1, Integer::sum);
            Tab tab = new Tab(count == 1 ? name : name + " (" + count + ")", new CursorGrid(result.cursor(), problems));
            tab.setTooltip(new Tooltip(result.title()));
            tab.setClosable(false);
            tab.getStyleClass().add("result-tab");
            getTabs().add(getTabs().size() - 1, tab);
        }
        getSelectionModel().select(results.isEmpty() ? messagesTab : getTabs().get(0));
    }
}
