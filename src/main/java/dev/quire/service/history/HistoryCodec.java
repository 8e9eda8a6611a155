package dev.quire.service.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.model.HistoryEntry;
import dev.quire.model.RunState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The lines of the history file. The first line is a header naming the format and the file's
 * generation (new on every rewrite); every other line is one entry, complete, the last line of an
 * id winning. Strings are JSON-escaped, so a line never holds a raw newline.
 */
final class HistoryCodec {

    static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private HistoryCodec() {
    }

    static byte[] header() {
        return line(out -> {
            out.writeNumberField("quireHistory", VERSION);
            out.writeStringField("generation", UUID.randomUUID().toString());
        });
    }

    /** The format version a header line names, or 0 when the line is not a readable header. */
    static int version(byte[] line, int offset, int length) {
        try (JsonParser in = JSON.createParser(line, offset, length)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (name.equals("quireHistory")) {
                    return in.getIntValue();
                }
                in.skipChildren();
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static byte[] encode(HistoryEntry e) {
        return line(out -> {
            out.writeStringField("id", e.id());
            out.writeStringField("connection", e.connection());
            writeIfSet(out, "statementId", e.statementId());
            out.writeArrayFieldStart("sqls");
            for (String sql : e.sqls()) {
                out.writeString(sql);
            }
            out.writeEndArray();
            writeIfSet(out, "statementName", e.statementName());
            out.writeStringField("status", e.status().name());
            out.writeStringField("submittedAt", e.submittedAt().toString());
            if (e.endedAt() != null) {
                out.writeStringField("endedAt", e.endedAt().toString());
            }
            if (e.duration() != null) {
                out.writeNumberField("durationNanos", e.duration().toNanos());
            }
            if (e.resultRows() >= 0) {
                out.writeNumberField("resultRows", e.resultRows());
            }
            writeIfSet(out, "error", e.error());
            if (e.batch()) {
                out.writeBooleanField("batch", true);
            }
        });
    }

    /**
     * Reads one entry line; throws when it is not one (a torn or foreign line). Connection names go
     * through connections, so that the many entries of one connection can share one string.
     */
    static HistoryEntry decode(byte[] line, int offset, int length, UnaryOperator<String> connections)
            throws IOException {
        String id = null;
        String connection = null;
        String statementId = null;
        List<String> sqls = new ArrayList<>(1);
        String statementName = null;
        RunState status = null;
        Instant submittedAt = null;
        Instant endedAt = null;
        Duration duration = null;
        long resultRows = -1;
        String error = null;
        boolean batch = false;
        try (JsonParser in = JSON.createParser(line, offset, length)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a history entry");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                switch (name) {
                    case "id" -> id = in.getValueAsString();
                    case "connection" -> connection = connections.apply(in.getValueAsString());
                    case "statementId" -> statementId = in.getValueAsString();
                    case "sqls" -> {
                        if (in.currentToken() != JsonToken.START_ARRAY) {
                            throw new IOException("sqls is not a list");
                        }
                        while (in.nextToken() == JsonToken.VALUE_STRING) {
                            sqls.add(in.getText());
                        }
                        if (in.currentToken() != JsonToken.END_ARRAY) {
                            throw new IOException("sqls holds something other than text");
                        }
                    }
                    case "statementName" -> statementName = in.getValueAsString();
                    case "status" -> status = status(in.getValueAsString());
                    case "submittedAt" -> submittedAt = Instant.parse(in.getText());
                    case "endedAt" -> endedAt = Instant.parse(in.getText());
                    case "durationNanos" -> duration = Duration.ofNanos(in.getLongValue());
                    case "resultRows" -> resultRows = in.getLongValue();
                    case "error" -> error = in.getValueAsString();
                    case "batch" -> batch = in.getBooleanValue();
                    default -> in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT || in.nextToken() != null) {
                throw new IOException("not a history entry");
            }
        } catch (RuntimeException e) {
            throw new IOException("not a history entry: " + e.getMessage(), e);
        }
        if (id == null || connection == null || status == null || submittedAt == null) {
            throw new IOException("history entry without id, connection, status or time");
        }
        return new HistoryEntry(id, connection, statementId, sqls, statementName, status, submittedAt, endedAt,
                duration, resultRows, error, batch);
    }

    /** A status as written: its neutral name, or the Redshift name that earlier versions wrote. */
    static RunState status(String name) {
        return switch (name == null ? "" : name) {
            case "SUBMITTED", "PICKED" -> RunState.QUEUED;
            case "STARTED" -> RunState.RUNNING;
            case "ABORTED" -> RunState.CANCELLED;
            default -> RunState.parse(name);
        };
    }

    private interface Members {
        void write(JsonGenerator out) throws IOException;
    }

    private static byte[] line(Members members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            members.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }
}
