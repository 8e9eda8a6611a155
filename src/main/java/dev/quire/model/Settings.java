package dev.quire.model;

/**
 * What the user sets in the settings dialog: the theme (SYSTEM follows the desktop), the editor's
 * font size, whether a typed dot opens completion, and the disk the local engine's stored results
 * may take (read when the engine starts).
 */
public record Settings(Theme theme, int editorFontSize, boolean completeOnDot, long resultsBudgetBytes) {

    public enum Theme {
        SYSTEM("As the desktop"), LIGHT("Light"), DARK("Dark");

        private final String label;

        Theme(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final int MIN_FONT_SIZE = 9;
    public static final int MAX_FONT_SIZE = 32;
    public static final long MIN_RESULTS_BUDGET = 64L << 20;
    public static final Settings DEFAULT = new Settings(Theme.SYSTEM, 13, true, 4L << 30);

    public Settings {
        theme = theme == null ? Theme.SYSTEM : theme;
        editorFontSize = Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, editorFontSize));
        resultsBudgetBytes = Math.max(MIN_RESULTS_BUDGET, resultsBudgetBytes);
    }

    public Settings withTheme(Theme value) {
        return new Settings(value, editorFontSize, completeOnDot, resultsBudgetBytes);
    }

    public Settings withEditorFontSize(int value) {
        return new Settings(theme, value, completeOnDot, resultsBudgetBytes);
    }

    public Settings withCompleteOnDot(boolean value) {
        return new Settings(theme, editorFontSize, value, resultsBudgetBytes);
    }

    public Settings withResultsBudget(long bytes) {
        return new Settings(theme, editorFontSize, completeOnDot, bytes);
    }
}
