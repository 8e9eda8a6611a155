package dev.quire.client.redshift;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.Column;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.ColumnMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads a GetStatementResult answer as its bytes stream in, in one pass over a buffer of its own:
 * the Records as rows of typed cells (Long, Double, Boolean, String, byte[] or null), the columns,
 * TotalNumRows and NextToken; other members are skipped. It reads what {@link
 * dev.quire.protocol.redshift.Fields#readRecords} reads through Jackson, to the same values, with
 * less work per cell: no tokens, member names matched as bytes, strings made straight from their
 * bytes, and doubles of up to 15 digits made exactly without parsing their text. Anything that is
 * not JSON, or not a page, is a {@link JsonParseException}, as Jackson's errors were.
 */
final class PageReader {

    private static final int MAX_DEPTH = 64;
    /** A single string or number longer than this is refused (Jackson's limit, as set in {@link Json}). */
    private static final int MAX_TOKEN = 64 * 1024 * 1024;
    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private static final byte[] RECORDS = ascii("Records");
    private static final byte[] COLUMN_METADATA = ascii("ColumnMetadata");
    private static final byte[] TOTAL_NUM_ROWS = ascii("TotalNumRows");
    private static final byte[] NEXT_TOKEN = ascii("NextToken");
    private static final byte[] IS_NULL = ascii("isNull");
    private static final byte[] LONG_VALUE = ascii("longValue");
    private static final byte[] DOUBLE_VALUE = ascii("doubleValue");
    private static final byte[] BOOLEAN_VALUE = ascii("booleanValue");
    private static final byte[] STRING_VALUE = ascii("stringValue");
    private static final byte[] BLOB_VALUE = ascii("blobValue");

    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** Where the bytes kept for a value being captured start, or -1. */
    private int mark = -1;
    /** The bytes read before buffer[0], for error messages. */
    private long consumed;
    private boolean ended;

    /** A name's or string's span in the buffer, and whether it holds escapes. */
    private int spanStart;
    private int spanEnd;
    private boolean spanEscaped;

    PageReader(InputStream in) {
        this.in = in;
    }

    /** Reads the whole answer; its first row is firstRow. */
    ResultPage read(long firstRow) throws IOException {
        List<Object[]> rows = List.of();
        List<Column> columns = new ArrayList<>();
        long total = -1;
        String next = null;
        if (peekToken() != '{') {
            throw malformed("expected a JSON object");
        }
        pos++;
        if (!closes('}')) {
            do {
                name();
                int member = spanIs(RECORDS) ? 1 : spanIs(COLUMN_METADATA) ? 2 : spanIs(TOTAL_NUM_ROWS) ? 3
                        : spanIs(NEXT_TOKEN) ? 4 : 0;
                expect(':');
                switch (member) {
                    case 1 -> rows = records();
                    case 2 -> {
                        columns.clear();
                        for (JsonNode column : Json.MAPPER.readTree(captured())) {
                            columns.add(ColumnMetadata.read(column).toColumn());
                        }
                    }
                    case 3 -> total = longValue();
                    case 4 -> next = nullOrString();
                    default -> skipValue(0);
                }
            } while (more('}'));
        }
        if (peekToken() != -1) {
            throw malformed("data after the end of the page");
        }
        return new ResultPage(columns, rows, firstRow, total, PageRef.token(next, firstRow + rows.size()));
    }

    private List<Object[]> records() throws IOException {
        if (peekToken() != '[') {
            throw malformed("expected Records to be an array");
        }
        pos++;
        List<Object[]> rows = new ArrayList<>();
        if (closes(']')) {
            return rows;
        }
        Object[] row = new Object[8];
        do {
            if (peekToken() != '[') {
                throw malformed("expected a record (an array of Fields)");
            }
            pos++;
            int width = 0;
            if (!closes(']')) {
                do {
                    if (width == row.length) {
                        row = Arrays.copyOf(row, width * 2);
                    }
                    row[width++] = field();
                } while (more(']'));
            }
            rows.add(Arrays.copyOf(row, width));
        } while (more(']'));
        return rows;
    }

    /** One Field object: exactly one member set (members that are null, or unknown, do not count). */
    private Object field() throws IOException {
        if (peekToken() != '{') {
            throw malformed("expected a Field object");
        }
        pos++;
        Object value = null;
        int members = 0;
        if (closes('}')) {
            return null;
        }
        do {
            name();
            int member = fieldMember();
            expect(':');
            if (peekToken() == 'n') {
                literal("null");
                continue;
            }
            switch (member) {
                case LONG -> value = longValue();
                case STRING -> value = string();
                case DOUBLE -> value = doubleValue();
                case BOOLEAN -> value = booleanValue();
                case NULL -> {
                    skipValue(1);
                    value = null;
                }
                case BLOB -> {
                    try {
                        value = Base64.getDecoder().decode(string());
                    } catch (IllegalArgumentException e) {
                        throw malformed("a blobValue is not Base64: " + e.getMessage());
                    }
                }
                default -> {
                    skipValue(1);
                    continue;
                }
            }
            members++;
        } while (more('}'));
        if (members > 1) {
            throw malformed("a Field has more than one member set");
        }
        return value;
    }

    private static final int UNKNOWN = 0;
    private static final int NULL = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int BOOLEAN = 4;
    private static final int STRING = 5;
    private static final int BLOB = 6;

    /** Which Field member the name just read is, told by its length first. */
    private int fieldMember() throws JsonParseException {
        if (spanEscaped) {
            return spanIs(IS_NULL) ? NULL : spanIs(LONG_VALUE) ? LONG : spanIs(DOUBLE_VALUE) ? DOUBLE
                    : spanIs(BOOLEAN_VALUE) ? BOOLEAN : spanIs(STRING_VALUE) ? STRING : spanIs(BLOB_VALUE) ? BLOB
                    : UNKNOWN;
        }
        return switch (spanEnd - spanStart) {
            case 6 -> spanIs(IS_NULL) ? NULL : UNKNOWN;
            case 9 -> spanIs(LONG_VALUE) ? LONG : spanIs(BLOB_VALUE) ? BLOB : UNKNOWN;
            case 11 -> spanIs(STRING_VALUE) ? STRING : spanIs(DOUBLE_VALUE) ? DOUBLE : UNKNOWN;
            case 12 -> spanIs(BOOLEAN_VALUE) ? BOOLEAN : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    // ---- values

    private boolean booleanValue() throws IOException {
        int c = peekToken();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        throw malformed("expected true or false");
    }

    private String nullOrString() throws IOException {
        if (peekToken() == 'n') {
            literal("null");
            return null;
        }
        return string();
    }

    /** A JSON number as a long; one with a fraction or exponent is truncated, as Jackson does. */
    private long longValue() throws IOException {
        int start = number();
        int end = pos;
        boolean negative = buffer[start] == '-';
        int at = negative ? start + 1 : start;
        int digits = end - at;
        boolean integral = true;
        for (int i = at; i < end; i++) {
            byte b = buffer[i];
            if (b < '0' || b > '9') {
                integral = false;
                break;
            }
        }
        if (integral && digits <= 18) {
            long value = 0;
            for (int i = at; i < end; i++) {
                value = value * 10 + (buffer[i] - '0');
            }
            return negative ? -value : value;
        }
        String text = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        try {
            if (integral) {
                return Long.parseLong(text);
            }
            double d = Double.parseDouble(text);
            if (d < Long.MIN_VALUE || d > Long.MAX_VALUE) {
                throw malformed("Numeric value (" + text + ") out of range of long");
            }
            return (long) d;
        } catch (NumberFormatException e) {
            throw malformed("Numeric value (" + text + ") out of range of long");
        }
    }

    /**
     * A JSON number as the nearest double. One of at most 15 significant digits whose power of ten
     * is at most 22 is made with one multiplication or division of two exact doubles, which IEEE
     * arithmetic rounds correctly; any other is parsed from its text.
     */
    private double doubleValue() throws IOException {
        int start = number();
        int end = pos;
        int at = start;
        boolean negative = buffer[at] == '-';
        if (negative) {
            at++;
        }
        long mantissa = 0;
        int digits = 0;
        int power = 0;
        for (; at < end && isDigit(buffer[at]); at++) {
            int d = buffer[at] - '0';
            digits += mantissa != 0 || d != 0 ? 1 : 0;
            mantissa = mantissa * 10 + d;
        }
        if (at == end && mantissa == 0) {
            // "-0" is an integer, whose double (as Jackson makes it) has no sign
            return 0.0;
        }
        if (at < end && buffer[at] == '.') {
            for (at++; at < end && isDigit(buffer[at]); at++) {
                int d = buffer[at] - '0';
                digits += mantissa != 0 || d != 0 ? 1 : 0;
                mantissa = mantissa * 10 + d;
                power--;
            }
        }
        if (at < end && digits <= 15) {
            // an exponent: [eE][+-]?digits
            at++;
            boolean down = buffer[at] == '-';
            if (buffer[at] == '-' || buffer[at] == '+') {
                at++;
            }
            int exponent = 0;
            for (; at < end && exponent < 1000; at++) {
                exponent = exponent * 10 + (buffer[at] - '0');
            }
            power += down ? -exponent : exponent;
        }
        if (at == end && digits <= 15 && power >= -22 && power <= 22) {
            double value = power >= 0 ? mantissa * POWERS[power] : mantissa / POWERS[-power];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads a number's text to its end and checks it is JSON's form; returns where it starts (its
     * text is buffer[start, pos)).
     */
    private int number() throws IOException {
        int c = peekToken();
        if (c != '-' && (c < '0' || c > '9')) {
            throw malformed("expected a number");
        }
        int at = pos;
        while (true) {
            if (at == limit) {
                int offset = at - pos;
                compact();
                at = pos + offset;
                if (!fill()) {
                    break;
                }
                continue;
            }
            byte b = buffer[at];
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                at++;
                if (at - pos > MAX_TOKEN) {
                    throw malformed("a number is too long");
                }
            } else {
                break;
            }
        }
        int start = pos;
        pos = at;
        if (!isJsonNumber(start, at)) {
            throw malformed("not a JSON number: " + new String(buffer, start, Math.min(at - start, 40),
                    StandardCharsets.ISO_8859_1));
        }
        return start;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private boolean isJsonNumber(int at, int end) {
        if (at < end && buffer[at] == '-') {
            at++;
        }
        if (at == end) {
            return false;
        }
        if (buffer[at] == '0') {
            at++;
        } else {
            int from = at;
            while (at < end && isDigit(buffer[at])) {
                at++;
            }
            if (at == from) {
                return false;
            }
        }
        if (at < end && buffer[at] == '.') {
            int from = ++at;
            while (at < end && isDigit(buffer[at])) {
                at++;
            }
            if (at == from) {
                return false;
            }
        }
        if (at < end && (buffer[at] == 'e' || buffer[at] == 'E')) {
            at++;
            if (at < end && (buffer[at] == '+' || buffer[at] == '-')) {
                at++;
            }
            int from = at;
            while (at < end && isDigit(buffer[at])) {
                at++;
            }
            if (at == from) {
                return false;
            }
        }
        return at == end;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private String string() throws IOException {
        if (peekToken() != '"') {
            throw malformed("expected a string");
        }
        span();
        return spanText();
    }

    /** A member's name, its span left for {@link #spanIs}. */
    private void name() throws IOException {
        if (peekToken() != '"') {
            throw malformed("expected a member name");
        }
        span();
    }

    private boolean spanIs(byte[] name) throws JsonParseException {
        if (spanEscaped) {
            return spanText().equals(new String(name, StandardCharsets.ISO_8859_1));
        }
        return Arrays.equals(buffer, spanStart, spanEnd, name, 0, name.length);
    }

    /**
     * Reads a string whose opening quote is at pos, leaving its content's span (its bytes, escapes
     * as written) and pos after its closing quote. The span stays valid until the next read.
     */
    private void span() throws IOException {
        pos++;
        int at = pos;
        boolean escaped = false;
        while (true) {
            if (at >= limit) {
                int offset = at - pos;
                compact();
                at = pos + offset;
                if (!fill()) {
                    throw malformed("the response ended inside a string");
                }
                if (at - pos > MAX_TOKEN) {
                    throw malformed("a string is too long");
                }
                continue;
            }
            byte b = buffer[at];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                escaped = true;
                at += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                throw malformed("a control character inside a string must be escaped");
            }
            at++;
        }
        spanStart = pos;
        spanEnd = at;
        spanEscaped = escaped;
        pos = at + 1;
    }

    private String spanText() throws JsonParseException {
        int start = spanStart;
        int end = spanEnd;
        if (!spanEscaped) {
            return new String(buffer, start, end - start, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(end - start);
        int plain = start;
        for (int i = start; i < end; i++) {
            if (buffer[i] != '\\') {
                continue;
            }
            text.append(new String(buffer, plain, i - plain, StandardCharsets.UTF_8));
            byte e = buffer[++i];
            switch (e) {
                case '"' -> text.append('"');
                case '\\' -> text.append('\\');
                case '/' -> text.append('/');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 4 >= end) {
                        throw malformed("a \\u escape is cut short");
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(buffer[i + k], 16);
                        if (digit < 0) {
                            throw malformed("a \\u escape is not hexadecimal");
                        }
                        code = code * 16 + digit;
                    }
                    text.append((char) code);
                    i += 4;
                }
                default -> throw malformed("an unknown escape \\" + (char) e);
            }
            plain = i + 1;
        }
        text.append(new String(buffer, plain, end - plain, StandardCharsets.UTF_8));
        return text.toString();
    }

    /** Skips one value of any kind; depth is how deep it stands. */
    private void skipValue(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw malformed("nested too deeply");
        }
        int c = peekToken();
        switch (c) {
            case '{' -> {
                pos++;
                if (!closes('}')) {
                    do {
                        name();
                        expect(':');
                        skipValue(depth + 1);
                    } while (more('}'));
                }
            }
            case '[' -> {
                pos++;
                if (!closes(']')) {
                    do {
                        skipValue(depth + 1);
                    } while (more(']'));
                }
            }
            case '"' -> span();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    /** The bytes of the next value, whole. */
    private byte[] captured() throws IOException {
        peekToken();
        mark = pos;
        try {
            skipValue(0);
            return Arrays.copyOfRange(buffer, mark, pos);
        } finally {
            mark = -1;
        }
    }

    // ---- structure

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (pos == limit && !fill() || buffer[pos] != word.charAt(i)) {
                throw malformed("expected " + word);
            }
            pos++;
        }
    }

    private void expect(char c) throws IOException {
        if (peekToken() != c) {
            throw malformed("expected '" + c + "'");
        }
        pos++;
    }

    /** True, past it, when the next token closes the container; for a container just opened. */
    private boolean closes(char close) throws IOException {
        if (peekToken() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /** After a member or element: true past a comma, false past the closing bracket. */
    private boolean more(char close) throws IOException {
        int c = peekToken();
        pos++;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        pos--;
        throw malformed(c == -1 ? "the response ended early" : "expected ',' or '" + close + "'");
    }

    /** The next byte that is not white space, not taken; -1 at the end. */
    private int peekToken() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            byte b = buffer[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return b;
            }
        }
    }

    /**
     * Moves what is still needed (from the mark, else from pos) to the front of the buffer, and
     * doubles the buffer when that is all of it and it is full, so that a fill has room.
     */
    private void compact() {
        int from = mark >= 0 ? Math.min(mark, pos) : pos;
        if (from > 0) {
            System.arraycopy(buffer, from, buffer, 0, limit - from);
            consumed += from;
            limit -= from;
            pos -= from;
            if (mark >= 0) {
                mark -= from;
            }
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    /** Reads more bytes after limit; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        if (limit == buffer.length) {
            compact();
        }
        int n;
        do {
            n = in.read(buffer, limit, buffer.length - limit);
        } while (n == 0);
        if (n < 0) {
            ended = true;
            return false;
        }
        limit += n;
        return true;
    }

    private JsonParseException malformed(String what) {
        return new JsonParseException(null, "malformed result: " + what + " at byte " + (consumed + pos));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
