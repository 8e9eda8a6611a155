package dev.quire.ui;

import dev.quire.aws.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/** A small owner-only properties file of the config folder: the layout, the settings. */
final class PropertiesFile {

    private static final System.Logger LOG = System.getLogger(PropertiesFile.class.getName());

    private PropertiesFile() {
    }

    /** The file's values; null when there is none, or it cannot be read (which is logged). */
    static Properties read(Path file, String what) {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            saved.load(in);
            return saved;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the " + what + " " + file + ": " + e.getMessage());
            return null;
        }
    }

    static void write(Path file, Properties values, String comment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        values.store(bytes, comment);
        OwnerOnlyFiles.write(file, bytes.toByteArray());
    }
}
