package dev.quire.local.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.local.LocalEngine;
import dev.quire.local.MemoryBudget;
import dev.quire.local.ResultColumn;
import dev.quire.local.StatementSnapshot;
import dev.quire.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Job results pages: {@code {"rowCount":<the job's total>,"schema":[…],"rows":[…]}} for rows
 * offset to offset + limit, read by random access from the stored result, so any page costs about
 * what the first one does. The schema is on every page; past the end the rows are empty. A page
 * takes its share of the engine's read memory while it is encoded.
 */
final class DremioPages {

    private static final Duration MEMORY_WAIT = Duration.ofSeconds(10);

    private final LocalEngine engine;
    private final MemoryBudget memory;

    DremioPages(LocalEngine engine) {
        this.engine = engine;
        this.memory = engine.readMemory();
    }

    byte[] page(String owner, StatementSnapshot job, long offset, int limit) {
        List<ResultColumn> columns = job.hasResultSet() ? job.columns() : List.of();
        List<String> names = DremioTypes.uniqueNames(columns);
        List<DremioTypes.Type> types = new ArrayList<>(columns.size());
        columns.forEach(column -> types.add(DremioTypes.map(column)));
        long total = job.hasResultSet() ? Math.max(0, job.resultRows()) : 0;
        long count = Math.max(0, Math.min(limit, total - offset));
        long nameBytes = names.stream().mapToLong(name -> name.length() + 4).sum();
        long row = Math.max(1, job.rowBytes() >= 0 ? job.rowBytes() : engine.options().maxRowBytes()) + nameBytes;
        long need = count == 0 ? 0 : engine.scanMemory(job) + 3 * count * row;
        if (need > memory.total()) {
            throw DremioException.badRequest("A page of " + count + " rows of this result holds up to " + need
                    + " bytes, more than the local server reads at once (" + memory.total() + "); ask for fewer rows"
                    + " with limit.");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(1 << 20, 256 + count * row));
        try (MemoryBudget.Lease lease = take(need); JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("rowCount", total);
            out.writeFieldName("schema");
            DremioTypes.writeSchema(out, names, types);
            out.writeArrayFieldStart("rows");
            if (count > 0) {
                engine.readRange(owner, job.id(), offset, count, rows -> {
                    try {
                        out.writeStartObject();
                        for (int c = 0; c < types.size(); c++) {
                            out.writeFieldName(names.get(c));
                            DremioTypes.writeCell(out, rows, c + 1, types.get(c));
                        }
                        out.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                });
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private MemoryBudget.Lease take(long bytes) {
        MemoryBudget.Lease lease = null;
        try {
            lease = memory.take(bytes, MEMORY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lease == null) {
            throw DremioException.of(503, "The local server's memory for reading results is in use; retry.");
        }
        return lease;
    }
}
