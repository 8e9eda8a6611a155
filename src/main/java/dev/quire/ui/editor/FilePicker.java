package dev.quire.ui.editor;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks the user for a SQL file to open or a place to save one; the desktop's own dialogs by default. */
public interface FilePicker {

    Optional<Path> toOpen(Window owner, Path folder);

    Optional<Path> toSave(Window owner, Path suggested);

    /** The desktop's file dialogs, filtered to SQL files; a name saved without an extension gets {@code .sql}. */
    static FilePicker desktop() {
        return new FilePicker() {
            @Override
            public Optional<Path> toOpen(Window owner, Path folder) {
                FileChooser chooser = chooser("Open SQL file", folder);
                return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> toSave(Window owner, Path suggested) {
                FileChooser chooser = chooser("Save SQL file", suggested == null ? null : suggested.getParent());
                if (suggested != null && suggested.getFileName() != null) {
                    chooser.setInitialFileName(suggested.getFileName().toString());
                }
                return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath).map(path ->
                        path.getFileName().toString().contains(".") ? path : path.resolveSibling(path.getFileName() + ".sql"));
            }

            private FileChooser chooser(String title, Path folder) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQL files", "*.sql"),
                        new FileChooser.ExtensionFilter("All files", "*"));
                if (folder != null && folder.toFile().isDirectory()) {
                    chooser.setInitialDirectory(folder.toFile());
                }
                return chooser;
            }
        };
    }
}
