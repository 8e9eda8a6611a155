package dev.quire.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.model.SavedQuery;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The user's saved queries, across connections, in an owner-only {@code saved-queries.json};
 * every change is written whole (atomically) before it completes. Reads and writes run on the
 * given executor, never the caller's thread.
 */
public final class SavedQueries {

    static final int VERSION = 1;

    private final Path file;
    private final Executor io;
    private final Object lock = new Object();

    public SavedQueries(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** Every saved query, by folder, then name. */
    public CompletableFuture<List<SavedQuery>> all() {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (lock) {
                return sorted(read());
            }
        }, io);
    }

    /** Saves the query, in place of one with its name in its folder; completes with every saved query. */
    public CompletableFuture<List<SavedQuery>> save(SavedQuery query) {
        String problem = query.problem();
        if (problem != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        return change(list -> {
            list.removeIf(q -> q.sameEntry(query));
            list.add(query);
        });
    }

    /** Deletes the query with its name in its folder; completes with every saved query. */
    public CompletableFuture<List<SavedQuery>> delete(SavedQuery query) {
        return change(list -> list.removeIf(q -> q.sameEntry(query)));
    }

    private CompletableFuture<List<SavedQuery>> change(java.util.function.Consumer<List<SavedQuery>> edit) {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (lock) {
                List<SavedQuery> list = new ArrayList<>(read());
                edit.accept(list);
                write(list);
                return sorted(list);
            }
        }, io);
    }

    private static List<SavedQuery> sorted(List<SavedQuery> list) {
        return list.stream().sorted(Comparator.comparing((SavedQuery q) -> q.folder().toLowerCase())
                .thenComparing(q -> q.name().toLowerCase())).toList();
    }

    private List<SavedQuery> read() {
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            int version = root.path("version").asInt(0);
            if (version > VERSION) {
                throw new CompletionException(new IOException("The saved queries in " + file
                        + " were written by a newer Quire (version " + version + "); they are left as they are."));
            }
            List<SavedQuery> list = new ArrayList<>();
            for (JsonNode q : root.path("queries")) {
                list.add(new SavedQuery(q.path("name").asText(), q.path("folder").asText(""), q.path("sql").asText(),
                        q.path("connection").isTextual() ? q.path("connection").asText() : null,
                        Instant.parse(q.path("saved").asText("1970-01-01T00:00:00Z"))));
            }
            return list;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CompletionException) {
                throw (CompletionException) e;
            }
            throw new CompletionException(new IOException("The saved queries in " + file + " cannot be read: "
                    + e.getMessage(), e));
        }
    }

    private void write(List<SavedQuery> list) {
        try {
            OwnerOnlyFiles.writeDurably(file, out -> out.write(Json.object(json -> {
                json.writeNumberField("version", VERSION);
                json.writeArrayFieldStart("queries");
                for (SavedQuery q : list) {
                    json.writeStartObject();
                    json.writeStringField("name", q.name());
                    json.writeStringField("folder", q.folder());
                    json.writeStringField("sql", q.sql());
                    if (q.connection() != null) {
                        json.writeStringField("connection", q.connection());
                    }
                    json.writeStringField("saved", q.saved().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
            })));
        } catch (IOException e) {
            throw new CompletionException(new IOException("Could not write " + file + ": " + e.getMessage(), e));
        }
    }
}
