package dev.quire.service;

/**
 * File formats a result exports to. CSV has a header row, RFC 4180 quoting, NULL as an empty field
 * and bytes as base64 (as {@code quire sql} prints). TSV has a header row and the grid's copied text:
 * tabs and line breaks inside values as spaces, NULL empty. JSON is one array of objects; JSON_LINES one
 * object per line; both carry numbers and booleans as JSON values and bytes as base64. PARQUET keeps
 * the spill store's typed columns, with decimals of known precision, dates and timestamps typed as
 * such where every value reads as one. JSON and Parquet make repeated column names unique (a, a_2).
 * XLSX is an Excel workbook written as a stream: numbers, booleans, dates and timestamps typed,
 * more rows than a sheet holds in further sheets.
 */
public enum ExportFormat {
    CSV("CSV", "csv"), TSV("TSV", "tsv"), JSON("JSON", "json"), JSON_LINES("JSON Lines", "jsonl"),
    PARQUET("Parquet", "parquet"), XLSX("Excel", "xlsx");

    /** The name people know it by. */
    public final String label;
    /** The file name extension, without the dot. */
    public final String extension;

    ExportFormat(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }

    /** The format with that extension (csv, tsv, json, jsonl, parquet, xlsx), ignoring case; null if none. */
    public static ExportFormat ofExtension(String extension) {
        for (ExportFormat format : values()) {
            if (format.extension.equalsIgnoreCase(extension)) {
                return format;
            }
        }
        return null;
    }

    /** Parquet and Excel are binary files; the rest is text. */
    public boolean binary() {
        return this == PARQUET || this == XLSX;
    }
}
