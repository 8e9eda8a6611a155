package dev.quire.ui.editor;

import dev.quire.model.SqlScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.StackPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * A SQL editor: syntax highlighting, line numbers, the statement under the caret marked, undo/redo,
 * comment toggle and completion of keywords and loaded catalog names.
 */
public final class SqlEditor extends StackPane {

    private static final String[] KEYWORDS = {
        "select", "from", "where", "group", "by", "order", "having", "limit", "offset", "join", "inner", "left",
        "right", "full", "outer", "cross", "on", "using", "as", "and", "or", "not", "in", "is", "null", "like",
        "ilike", "between", "case", "when", "then", "else", "end", "distinct", "union", "all", "intersect",
        "except", "with", "insert", "into", "values", "update", "set", "delete", "create", "table", "view",
        "drop", "alter", "schema", "if", "exists", "cast", "asc", "desc", "true", "false", "over", "partition",
        "window", "begin", "commit", "rollback", "explain", "describe", "show", "grant", "revoke", "truncate",
        "primary", "key", "references", "default", "unique", "check", "index", "temp", "temporary", "replace",
        "count", "sum", "avg", "min", "max", "coalesce", "nullif", "date_trunc", "extract", "interval", "round",
    };
    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>--[^\\n]*|/\\*(.|\\R)*?\\*/)"
                    + "|(?<STRING>'([^']|'')*'?)"
                    + "|(?<IDENT>\"([^\"]|\"\")*\"?)"
                    + "|(?<NUMBER>\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b)"
                    + "|(?<KEYWORD>\\b(?i:" + String.join("|", KEYWORDS) + ")\\b)"
                    + "|(?<PARAM>:[A-Za-z_][A-Za-z0-9_]*)");

    private final CodeArea area = new CodeArea();
    private final javafx.beans.property.ObjectProperty<java.nio.file.Path> path =
            new javafx.beans.property.SimpleObjectProperty<>();
    /** The text the file holds as far as the editor knows; null when not known (kept changes from an earlier start). */
    private final javafx.beans.property.StringProperty savedText = new javafx.beans.property.SimpleStringProperty();
    private final javafx.beans.binding.BooleanBinding modified = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> path.get() != null && !area.getText().equals(savedText.get()), path, savedText, area.textProperty());
    private Function<String, List<String>> names = prefix -> List.of();
    private ContextMenu completion;

    public SqlEditor() {
        getStyleClass().add("sql-editor");
        area.setId("sql-editor");
        area.getStyleClass().add("sql-area");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.multiPlainChanges()
                .successionEnds(Duration.ofMillis(80))
                .subscribe(ignore -> restyle());
        area.caretPositionProperty().addListener((obs, old, caret) -> restyle());
        getChildren().add(new VirtualizedScrollPane<>(area));
    }

    /** Where completion finds catalog names already loaded. */
    public void setNames(Function<String, List<String>> source) {
        names = source;
    }

    private void restyle() {
        String text = area.getText();
        StyleSpans<Collection<String>> spans = highlight(text);
        SqlScript.Statement current = text.isEmpty() ? null : SqlScript.at(text, area.getCaretPosition());
        if (current != null && current.end() > current.start()) {
            StyleSpansBuilder<Collection<String>> mark = new StyleSpansBuilder<>();
            mark.add(Collections.emptyList(), current.start());
            mark.add(Collections.singleton("current-statement"), current.end() - current.start());
            mark.add(Collections.emptyList(), text.length() - current.end());
            spans = spans.overlay(mark.create(), (a, b) -> {
                if (b.isEmpty()) {
                    return a;
                }
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        area.setStyleSpans(0, spans);
    }

    /** The statement the caret is in, or null; for tests and the status line. */
    public String currentStatement() {
        SqlScript.Statement statement = SqlScript.at(area.getText(), area.getCaretPosition());
        return statement == null ? null : statement.sql();
    }

    /** Comments out the selected lines (or the caret's line), or uncomments them when all are comments. */
    public void toggleComment() {
        int from = area.getCaretSelectionBind().getStartParagraphIndex();
        int to = area.getCaretSelectionBind().getEndParagraphIndex();
        boolean allCommented = true;
        for (int p = from; p <= to; p++) {
            String line = area.getParagraph(p).getText();
            if (!line.isBlank() && !line.stripLeading().startsWith("--")) {
                allCommented = false;
            }
        }
        for (int p = from; p <= to; p++) {
            String line = area.getParagraph(p).getText();
            String changed;
            if (allCommented) {
                changed = line.replaceFirst("^(\\s*)-- ?", "$1");
            } else {
                changed = line.isBlank() ? line : "-- " + line;
            }
            area.replaceText(p, 0, p, line.length(), changed);
        }
    }

    /** Offers keywords and loaded catalog names that start with the word before the caret. */
    public void complete() {
        int caret = area.getCaretPosition();
        String text = area.getText();
        int start = caret;
        while (start > 0 && isWordChar(text.charAt(start - 1))) {
            start--;
        }
        String prefix = text.substring(start, caret);
        List<String> candidates = candidates(prefix, names.apply(prefix));
        if (candidates.isEmpty()) {
            return;
        }
        int wordStart = start;
        if (completion != null) {
            completion.hide();
        }
        completion = new ContextMenu();
        completion.setId("completion");
        for (String candidate : candidates.subList(0, Math.min(candidates.size(), 30))) {
            MenuItem item = new MenuItem(candidate);
            item.setMnemonicParsing(false); // names hold underscores, not mnemonics
            item.setOnAction(e -> area.replaceText(wordStart, area.getCaretPosition(), candidate));
            completion.getItems().add(item);
        }
        area.getCaretBounds().ifPresent(bounds -> completion.show(area, bounds.getMinX(), bounds.getMaxY()));
    }

    static List<String> candidates(String prefix, List<String> catalogNames) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String name : catalogNames) {
            if (name.toLowerCase(Locale.ROOT).startsWith(lower) && !found.contains(name)) {
                found.add(name);
            }
        }
        for (String keyword : KEYWORDS) {
            if (keyword.startsWith(lower) && !keyword.equals(lower) && !found.contains(keyword)) {
                found.add(keyword);
            }
        }
        return found;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static StyleSpans<Collection<String>> highlight(String text) {
        Matcher matcher = TOKENS.matcher(text);
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        while (matcher.find()) {
            String style = matcher.group("COMMENT") != null ? "comment"
                    : matcher.group("STRING") != null ? "string"
                    : matcher.group("IDENT") != null ? "identifier"
                    : matcher.group("NUMBER") != null ? "number"
                    : matcher.group("KEYWORD") != null ? "keyword"
                    : "parameter";
            spans.add(Collections.emptyList(), matcher.start() - last);
            spans.add(Collections.singleton(style), matcher.end() - matcher.start());
            last = matcher.end();
        }
        spans.add(Collections.emptyList(), text.length() - last);
        return spans.create();
    }

    /** The selection if there is one, else the statement under the caret. */
    public String statementToRun() {
        String selected = area.getSelectedText();
        if (!selected.isBlank()) {
            return selected;
        }
        SqlScript.Statement statement = SqlScript.at(area.getText(), area.getCaretPosition());
        return statement == null ? "" : statement.sql();
    }

    /** The tab now shows the file, which holds the text. */
    public void saved(java.nio.file.Path file, String text) {
        path.set(file);
        savedText.set(text);
    }

    /** Whether the tab's text differs from its file's (a tab without a file is never modified). */
    public javafx.beans.binding.BooleanBinding modifiedProperty() {
        return modified;
    }

    public javafx.beans.property.ReadOnlyObjectProperty<java.nio.file.Path> pathProperty() {
        return path;
    }

    public java.nio.file.Path path() {
        return path.get();
    }

    public CodeArea area() {
        return area;
    }

    public void setText(String text) {
        area.replaceText(text);
    }

    public String getText() {
        return area.getText();
    }
}
