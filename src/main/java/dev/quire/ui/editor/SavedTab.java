package dev.quire.ui.editor;

import java.nio.file.Path;

/** An editor tab as it is kept between starts: its text, the file it shows (or null) and whether it differs from it. */
public record SavedTab(String text, Path path, boolean modified) {

    public static SavedTab of(String text) {
        return new SavedTab(text, null, false);
    }
}
