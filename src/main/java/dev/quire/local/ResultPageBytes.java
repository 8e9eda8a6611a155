package dev.quire.local;

import dev.quire.protocol.redshift.ColumnMetadata;
import java.util.List;

/**
 * One stored page: records already encoded as comma-separated Field arrays, ready to be placed
 * inside a Records array. nextPage is -1 on the last page.
 */
public record ResultPageBytes(List<ColumnMetadata> columns, byte[] records, long totalRows, int nextPage) {
}
