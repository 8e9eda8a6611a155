package dev.quire.ui.editor;

import java.nio.file.Path;
import java.util.List;

/** The editor tabs and the recently used files, as kept between starts. */
public record EditorState(List<SavedTab> tabs, List<Path> recent) {

    /** How many recent files are kept. */
    public static final int RECENT = 10;

    public EditorState {
        tabs = List.copyOf(tabs);
        recent = List.copyOf(recent);
    }

    public static EditorState ofTexts(List<String> texts) {
        return new EditorState(texts.stream().map(SavedTab::of).toList(), List.of());
    }

    public static EditorState empty() {
        return new EditorState(List.of(), List.of());
    }

    public List<String> texts() {
        return tabs.stream().map(SavedTab::text).toList();
    }
}
