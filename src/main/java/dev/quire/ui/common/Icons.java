package dev.quire.ui.common;

import dev.quire.model.RunState;
import java.util.Locale;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Icons from Ikonli's Material pack, coloured by the theme (quire.css). */
public final class Icons {

    public static final Ikon RUN = Material2MZ.PLAY_ARROW;
    public static final Ikon RUN_ALL = Material2MZ.PLAYLIST_PLAY;
    public static final Ikon EXPLAIN = Material2AL.ACCOUNT_TREE;
    public static final Ikon CANCEL = Material2MZ.STOP;
    public static final Ikon NEW_TAB = Material2AL.ADD;
    public static final Ikon FORMAT = Material2AL.FORMAT_ALIGN_LEFT;
    public static final Ikon CONNECTIONS = Material2AL.LINK;
    public static final Ikon HISTORY = Material2AL.HISTORY;
    public static final Ikon DATABASE = Material2MZ.STORAGE;
    public static final Ikon SCHEMA = Material2AL.FOLDER;
    public static final Ikon TABLE = Material2MZ.TABLE_CHART;
    public static final Ikon VIEW = Material2MZ.VISIBILITY;
    public static final Ikon SYSTEM_TABLE = Material2MZ.SETTINGS;
    public static final Ikon ERROR = Material2AL.ERROR_OUTLINE;
    public static final Ikon LOADING = Material2AL.HOURGLASS_EMPTY;
    public static final Ikon RESULT = Material2AL.GRID_ON;
    public static final Ikon MESSAGES = Material2AL.DESCRIPTION;

    private Icons() {
    }

    /** The icon, with the style class "icon" and one of its own ("icon-run"). */
    public static FontIcon of(Ikon ikon, String name) {
        FontIcon icon = FontIcon.of(ikon);
        icon.getStyleClass().addAll("icon", "icon-" + name);
        return icon;
    }

    /** A column's icon by its type: numbers, text, dates and times, booleans, others. */
    public static FontIcon column(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.matches(".*(int|numeric|decimal|double|float|real|number|bigint|serial|money).*")) {
            return of(Material2AL.FUNCTIONS, "column-number");
        }
        if (t.matches(".*(date|time|interval).*")) {
            return of(Material2AL.EVENT, "column-time");
        }
        if (t.matches(".*(bool).*")) {
            return of(Material2MZ.TOGGLE_ON, "column-boolean");
        }
        if (t.matches(".*(char|text|string|varchar|uuid|json).*")) {
            return of(Material2MZ.TEXT_FIELDS, "column-text");
        }
        return of(Material2MZ.VIEW_COLUMN, "column-other");
    }

    /** A statement's state: finished, failed, cancelled, or under way. */
    public static FontIcon state(RunState state) {
        return switch (state) {
            case FINISHED -> of(Material2AL.CHECK_CIRCLE, "state-finished");
            case FAILED -> of(Material2AL.ERROR, "state-failed");
            case CANCELLED -> of(Material2AL.CANCEL, "state-cancelled");
            default -> of(Material2AL.HOURGLASS_TOP, "state-running");
        };
    }
}
