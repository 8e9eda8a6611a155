package dev.quire.client.athena;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of an Athena result file as they stream in: comma-separated, every value in
 * double quotes with a quote inside doubled, NULL an empty field without quotes, a line break
 * inside quotes part of the value, records ending in LF or CRLF. Counts the bytes read, so that a
 * broken download can resume at a record's first byte.
 */
final class CsvRecords {

    /** The file is not CSV as Athena writes it. */
    static final class MalformedCsv extends Exception {
        MalformedCsv(String message) {
            super(message);
        }
    }

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    /** The file offset of buffer[0]. */
    private long bufferStart;
    /** The file offset after the last whole record. */
    private long recordEnd;
    private byte[] field = new byte[256];
    private int fieldLength;

    /** Records from a stream whose first byte is the file's byte at offset. */
    CsvRecords(InputStream in, long offset) {
        this.in = in;
        this.bufferStart = offset;
        this.recordEnd = offset;
    }

    /** The file offset just after the last record read: where the next one starts. */
    long offset() {
        return recordEnd;
    }

    /** Whether the file has no more bytes after the last record read (reads ahead to know). */
    boolean atEnd() throws IOException {
        return pos == limit && !fill();
    }

    /**
     * Reads the next record's values into values (cleared first; null for NULL). False at the end of
     * the file, where values stays empty; a record cut off by the end of the file is malformed.
     */
    boolean next(List<String> values) throws IOException, MalformedCsv {
        values.clear();
        if (atEnd()) {
            return false;
        }
        while (true) {
            int end = readValue(values);
            if (end == '\n' || end == -1) {
                recordEnd = bufferStart + pos;
                return true;
            }
        }
    }

    /** Reads one value into values; returns what ended it: ',', '\n' (CRLF too) or -1 for the end of the file. */
    private int readValue(List<String> values) throws IOException, MalformedCsv {
        if (pos == limit && !fill()) {
            values.add(null);
            return -1;
        }
        if (buffer[pos] != '"') {
            return readBare(values);
        }
        pos++;
        fieldLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                throw malformed("the file ends inside a quoted value");
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '"') {
                pos++;
            }
            append(start, pos);
            if (pos == limit) {
                continue;
            }
            pos++;
            if (pos == limit && !fill()) {
                values.add(text());
                return -1;
            }
            if (buffer[pos] == '"') {
                append(pos, pos + 1);
                pos++;
                continue;
            }
            values.add(text());
            return separator();
        }
    }

    /** A value without quotes: empty is NULL, anything else its text. */
    private int readBare(List<String> values) throws IOException, MalformedCsv {
        fieldLength = 0;
        while (true) {
            int start = pos;
            while (pos < limit) {
                byte b = buffer[pos];
                if (b == ',' || b == '\n' || b == '\r') {
                    break;
                }
                if (b == '"') {
                    throw malformed("a quote inside a value without quotes");
                }
                pos++;
            }
            append(start, pos);
            if (pos < limit) {
                values.add(fieldLength == 0 ? null : text());
                return separator();
            }
            if (!fill()) {
                values.add(fieldLength == 0 ? null : text());
                return -1;
            }
        }
    }

    /** Consumes the separator after a value: ',', LF or CRLF; -1 at the end of the file. */
    private int separator() throws IOException, MalformedCsv {
        byte b = buffer[pos++];
        if (b == ',') {
            return ',';
        }
        if (b == '\n') {
            return '\n';
        }
        if (b == '\r') {
            if (pos == limit && !fill()) {
                return -1;
            }
            if (buffer[pos] == '\n') {
                pos++;
                return '\n';
            }
        }
        throw malformed("a value is followed by '" + (char) b + "', not by a comma or a line end");
    }

    private void append(int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (fieldLength + length > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + length));
        }
        System.arraycopy(buffer, from, field, fieldLength, length);
        fieldLength += length;
    }

    private String text() {
        return new String(field, 0, fieldLength, StandardCharsets.UTF_8);
    }

    /** Refills the buffer (pos == limit); false at the end of the stream. Keeps offsets counting. */
    private boolean fill() throws IOException {
        bufferStart += limit;
        pos = 0;
        limit = 0;
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        limit = read;
        return true;
    }

    private MalformedCsv malformed(String what) {
        return new MalformedCsv(what + " at byte " + (bufferStart + pos));
    }
}
