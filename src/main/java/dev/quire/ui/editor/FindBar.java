package dev.quire.ui.editor;

import java.util.Locale;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import org.fxmisc.richtext.CodeArea;

/** Find and replace in the current editor: Enter finds the next match, Esc closes. */
public final class FindBar extends HBox {

    private final Supplier<CodeArea> area;
    private final TextField find = new TextField();
    private final TextField replace = new TextField();
    private final CheckBox matchCase = new CheckBox("Match case");
    private final Label result = new Label();

    public FindBar(Supplier<CodeArea> area) {
        super(6);
        this.area = area;
        setId("find-bar");
        getStyleClass().add("find-bar");
        find.setId("find-text");
        find.setPromptText("Find");
        replace.setId("replace-text");
        replace.setPromptText("Replace with");
        Button next = new Button("Next");
        next.setOnAction(e -> next(true));
        Button previous = new Button("Previous");
        previous.setOnAction(e -> next(false));
        Button one = new Button("Replace");
        one.setId("replace-button");
        one.setOnAction(e -> replaceOne());
        Button all = new Button("Replace all");
        all.setId("replace-all-button");
        all.setOnAction(e -> replaceAll());
        Button close = new Button("✕");
        close.setOnAction(e -> hide());
        find.setOnAction(e -> next(true));
        replace.setOnAction(e -> replaceOne());
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hide();
                e.consume();
            }
        });
        getChildren().addAll(find, next, previous, replace, one, all, matchCase, result, close);
        setVisible(false);
        setManaged(false);
    }

    /** Shows the bar, with the replace field when asked, seeded with the selection. */
    public void show(boolean withReplace) {
        setVisible(true);
        setManaged(true);
        replace.setVisible(withReplace);
        replace.setManaged(withReplace);
        String selected = area.get().getSelectedText();
        if (!selected.isEmpty() && !selected.contains("\n")) {
            find.setText(selected);
        }
        find.requestFocus();
        find.selectAll();
    }

    public void hide() {
        setVisible(false);
        setManaged(false);
        area.get().requestFocus();
    }

    /** Selects the next (or previous) match from the caret, wrapping around; false when there is none. */
    boolean next(boolean forward) {
        CodeArea editor = area.get();
        String needle = find.getText();
        if (needle.isEmpty()) {
            return false;
        }
        String text = fold(editor.getText());
        String key = fold(needle);
        int from = forward ? editor.getSelection().getEnd() : editor.getSelection().getStart() - 1;
        int at = forward ? text.indexOf(key, from) : text.lastIndexOf(key, Math.max(from, -1));
        if (at < 0) {
            at = forward ? text.indexOf(key) : text.lastIndexOf(key);
        }
        if (at < 0) {
            result.setText("No match");
            return false;
        }
        editor.selectRange(at, at + needle.length());
        editor.requestFollowCaret();
        result.setText("");
        return true;
    }

    private void replaceOne() {
        CodeArea editor = area.get();
        if (!editor.getSelectedText().isEmpty() && fold(editor.getSelectedText()).equals(fold(find.getText()))) {
            editor.replaceSelection(replace.getText());
        }
        next(true);
    }

    private void replaceAll() {
        CodeArea editor = area.get();
        String needle = find.getText();
        if (needle.isEmpty()) {
            return;
        }
        String text = editor.getText();
        String folded = fold(text);
        String key = fold(needle);
        StringBuilder out = new StringBuilder(text.length());
        int count = 0;
        int last = 0;
        for (int at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + key.length())) {
            out.append(text, last, at).append(replace.getText());
            last = at + key.length();
            count++;
        }
        if (count > 0) {
            out.append(text.substring(last));
            editor.replaceText(out.toString());
        }
        result.setText(count + (count == 1 ? " replacement" : " replacements"));
    }

    private String fold(String text) {
        return matchCase.isSelected() ? text : text.toLowerCase(Locale.ROOT);
    }
}
