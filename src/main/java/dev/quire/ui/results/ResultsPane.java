package dev.quire.ui.results;

import dev.quire.model.ResultPage;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** Result tabs: one per result set of the last run, and a Messages tab with errors and row counts. */
public final class ResultsPane extends TabPane {

    /** A result set to show: its title (the statement) and its first page. */
    public record ResultSet(String title, String statementId, ResultPage page) {
    }

    private final Tab messagesTab = new Tab("Messages");

    public ResultsPane(ObservableList<ResultSet> results, ObservableList<String> messages) {
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
        results.addListener((ListChangeListener<ResultSet>) change -> show(results));
    }

    private void show(ObservableList<ResultSet> results) {
        getTabs().retainAll(messagesTab);
        int index = 1;
        for (ResultSet result : results) {
            ResultTable table = new ResultTable();
            table.show(result.page());
            Tab tab = new Tab("Result " + index++, table);
            tab.setTooltip(new javafx.scene.control.Tooltip(result.title()));
            tab.setClosable(false);
            tab.getStyleClass().add("result-tab");
            getTabs().add(getTabs().size() - 1, tab);
        }
        getSelectionModel().select(results.isEmpty() ? messagesTab : getTabs().get(0));
    }
}
