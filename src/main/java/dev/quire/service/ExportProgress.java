package dev.quire.service;

/**
 * How far an export is: waiting for the result's pages (rows fetched of all rows), writing (rows
 * written; totalRows is -1 while a filter leaves it unknown), or done.
 */
public record ExportProgress(Phase phase, long rows, long totalRows) {

    public enum Phase { FETCHING, WRITING, DONE }
}
