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
    /** Finds what completes the word before the caret, in the background. */
    public interface Completer {
        java.util.concurrent.CompletableFuture<dev.quire.service.Completions.Result> complete(String text, int caret);
    }

    private Completer completer = (text, caret) -> java.util.concurrent.CompletableFuture.completedFuture(null);
    private java.util.concurrent.CompletableFuture<?> asked;
    private ContextMenu completion;
    private final javafx.beans.property.BooleanProperty completeOnDot =
            new javafx.beans.property.SimpleBooleanProperty(true);

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
        // a dot typed after a name asks what lies in that scope
        area.plainTextChanges().filter(change -> change.getInserted().equals(".") && change.getRemoved().isEmpty()
                        && completeOnDot.get())
                .subscribe(change -> javafx.application.Platform.runLater(() -> complete(false)));
    }

    /** Whether a typed dot opens completion (Ctrl+Space always does). */
    public javafx.beans.property.BooleanProperty completeOnDotProperty() {
        return completeOnDot;
    }

    /** Where completion finds what lies in a scope: the catalog, through the connection. */
    public void setCompleter(Completer source) {
        completer = source;
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

    /**
     * Offers what completes the word before the caret: after {@code name.} what lies in that scope
     * (from the catalog, loaded in the background if the tree has not loaded it), else the columns
     * of the statement's tables and the loaded names, then keywords. The list shows when the
     * catalog answers, filtered by what was typed meanwhile.
     */
    public void complete() {
        complete(true);
    }

    /** explicit: Ctrl+Space, which also lists bare words; else (a dot typed, typing on) scopes only. */
    private void complete(boolean explicit) {
        boolean open = completion != null && completion.isShowing();
        int caret = area.getCaretPosition();
        String text = area.getText();
        var question = completer.complete(text, caret);
        asked = question;
        question.whenCompleteAsync((result, failure) -> {
            if (asked == question) {
                show(result == null ? new dev.quire.service.Completions.Result(wordStart(text, caret), List.of())
                        : result, text, caret, explicit || open);
            }
        }, javafx.application.Platform::runLater);
    }

    private static int wordStart(String text, int caret) {
        int start = caret;
        while (start > 0 && isWordChar(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    private void show(dev.quire.service.Completions.Result result, String askedText, int askedCaret, boolean bare) {
        if (area.getScene() == null || !area.getScene().getWindow().isFocused() && (completion == null
                || !completion.isShowing())) {
            return; // the window is not where the user types now
        }
        int caret = area.getCaretPosition();
        String text = area.getText();
        int from = result.from();
        if (caret < from || from > text.length() || !text.regionMatches(0, askedText, 0, from)
                || !text.substring(from, caret).replace("\"", "").chars().allMatch(c -> isWordChar((char) c))) {
            return; // the caret left the word while the catalog was asked
        }
        String prefix = text.substring(from, caret).replace("\"", "");
        boolean scoped = from > 0 && (text.charAt(from - 1) == '.');
        if (!scoped && !bare) {
            return; // only Ctrl+Space lists bare words
        }
        List<String[]> offered = new ArrayList<>();
        for (var item : result.items()) {
            if (item.label().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                offered.add(new String[] {item.insert(), item.label()});
            }
        }
        if (!scoped) {
            for (String keyword : candidates(prefix, List.of())) {
                offered.add(new String[] {keyword, keyword});
            }
        }
        if (completion != null) {
            completion.hide();
        }
        if (offered.isEmpty()) {
            return;
        }
        completion = new ContextMenu();
        completion.setId("completion");
        // typing goes on into the editor while the list is open, and narrows it
        completion.addEventFilter(javafx.scene.input.KeyEvent.KEY_TYPED, e -> {
            String typed = e.getCharacter();
            if (typed.isEmpty() || Character.isISOControl(typed.charAt(0)) || e.isControlDown() || e.isMetaDown()) {
                return;
            }
            e.consume();
            area.replaceSelection(typed);
            if (isWordChar(typed.charAt(0))) {
                complete(false);
            } else if (!typed.equals(".")) {
                asked = null;
                completion.hide();
            }
        });
        completion.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown()) {
                // a command (Ctrl+Enter runs) closes the list and goes to the window as if it were not open
                e.consume();
                asked = null;
                completion.hide();
                area.fireEvent(e.copyFor(area, area));
            } else if (e.getCode() == javafx.scene.input.KeyCode.BACK_SPACE) {
                e.consume();
                area.deletePreviousChar();
                complete(false);
            }
        });
        for (String[] candidate : offered.subList(0, Math.min(offered.size(), 50))) {
            MenuItem item = new MenuItem(candidate[1]);
            item.setMnemonicParsing(false); // names hold underscores, not mnemonics
            item.setOnAction(e -> area.replaceText(from, area.getCaretPosition(), candidate[0]));
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
