package dev.quire.ui.editor;

import dev.quire.model.SqlScript;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.layout.StackPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** A SQL editor: syntax highlighting, line numbers, undo/redo. */
public final class SqlEditor extends StackPane {

    private static final String[] KEYWORDS = {
        "select", "from", "where", "group", "by", "order", "having", "limit", "offset", "join", "inner", "left",
        "right", "full", "outer", "cross", "on", "using", "as", "and", "or", "not", "in", "is", "null", "like",
        "ilike", "between", "case", "when", "then", "else", "end", "distinct", "union", "all", "intersect",
        "except", "with", "insert", "into", "values", "update", "set", "delete", "create", "table", "view",
        "drop", "alter", "schema", "if", "exists", "cast", "asc", "desc", "true", "false", "over", "partition",
        "window", "begin", "commit", "rollback", "explain", "describe", "show", "grant", "revoke", "truncate",
        "primary", "key", "references", "default", "unique", "check", "index", "temp", "temporary", "replace",
    };
    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>--[^\\n]*|/\\*(.|\\R)*?\\*/)"
                    + "|(?<STRING>'([^']|'')*'?)"
                    + "|(?<IDENT>\"([^\"]|\"\")*\"?)"
                    + "|(?<NUMBER>\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b)"
                    + "|(?<KEYWORD>\\b(?i:" + String.join("|", KEYWORDS) + ")\\b)"
                    + "|(?<PARAM>:[A-Za-z_][A-Za-z0-9_]*)");

    private final CodeArea area = new CodeArea();

    public SqlEditor() {
        getStyleClass().add("sql-editor");
        area.setId("sql-editor");
        area.getStyleClass().add("sql-area");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.multiPlainChanges()
                .successionEnds(Duration.ofMillis(80))
                .subscribe(ignore -> area.setStyleSpans(0, highlight(area.getText())));
        getChildren().add(new VirtualizedScrollPane<>(area));
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
