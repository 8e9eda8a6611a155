package dev.quire.service;

/**
 * File formats a result exports to. CSV has a header row, RFC 4180 quoting, NULL as an empty field
 * and bytes as base64 (as {@code quire sql} prints). JSON is one array of objects; JSON_LINES one
 * object per line; both carry numbers and booleans as JSON values and bytes as base64. PARQUET keeps
 * the spill store's typed columns. JSON and Parquet make repeated column names unique (a, a_2).
 */
public enum ExportFormat {
    CSV, JSON, JSON_LINES, PARQUET
}
