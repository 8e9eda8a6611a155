package dev.quire.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.quire.model.Column;
import dev.quire.model.Csv;
import dev.quire.model.PageRef;
import dev.quire.model.ResultPage;
import dev.quire.model.Tsv;
import dev.quire.protocol.Json;
import dev.quire.service.ExportFormat;
import dev.quire.service.JsonRows;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Prints a result as CSV, TSV, JSON or JSON lines a page at a time, asking for the next page before printing the
 * one at hand (one page ahead, no more). Text goes out in large chunks, never a row at a time: on
 * a terminal each page is flushed as it ends, elsewhere only full chunks and the end are written.
 */
final class ResultPrinter {

    /** The characters gathered before they are handed to the stream. */
    static final int CHUNK_CHARS = 64 * 1024;
    private static final String NL = System.lineSeparator();

    private final PrintStream out;
    private final ExportFormat format;
    private final boolean terminal;

    /** A printer of a text format: CSV, TSV, JSON or JSON_LINES. */
    ResultPrinter(PrintStream out, ExportFormat format, boolean terminal) {
        if (format.binary()) {
            throw new IllegalArgumentException(format.label + " is not text");
        }
        this.out = out;
        this.format = format;
        this.terminal = terminal;
    }

    /** What a page's rows are written to. */
    private interface Sink {
        void rows(List<Object[]> rows) throws IOException;

        /** Hands on everything written so far. */
        void flush() throws IOException;
    }

    /** Prints every page, the first one given and the rest fetched; returns the rows printed. */
    long print(ResultPage first, Function<PageRef, CompletableFuture<ResultPage>> fetch) throws IOException {
        List<String> names = first.columns().stream().map(Column::name).toList();
        if (format == ExportFormat.CSV || format == ExportFormat.TSV) {
            Sink text = new TextSink(format == ExportFormat.TSV);
            text.rows(Collections.singletonList(names.toArray()));
            long printed = pages(first, fetch, text);
            text.flush();
            return printed;
        }
        boolean lines = format == ExportFormat.JSON_LINES;
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            if (lines) {
                generator.setRootValueSeparator(new SerializedString(NL));
            } else {
                generator.writeStartArray();
            }
            long printed = pages(first, fetch, new Sink() {
                @Override
                public void rows(List<Object[]> rows) throws IOException {
                    for (Object[] row : rows) {
                        JsonRows.write(generator, names, row);
                    }
                }

                @Override
                public void flush() throws IOException {
                    generator.flush();
                }
            });
            if (!lines) {
                generator.writeEndArray();
            }
            if (!lines || printed > 0) {
                generator.writeRaw(NL);
            }
            generator.flush();
            out.flush();
            return printed;
        }
    }

    private long pages(ResultPage first, Function<PageRef, CompletableFuture<ResultPage>> fetch, Sink sink)
            throws IOException {
        long printed = 0;
        ResultPage page = first;
        while (true) {
            CompletableFuture<ResultPage> ahead = page.isLast() ? null : fetch.apply(page.next());
            try {
                sink.rows(page.rows());
                printed += page.rows().size();
                if (ahead == null) {
                    return printed;
                }
                if (terminal) {
                    sink.flush();
                }
            } catch (IOException | RuntimeException e) {
                if (ahead != null) {
                    ahead.cancel(true);
                }
                throw e;
            }
            page = ahead.join();
        }
    }

    /** CSV or TSV lines gathered into chunks of about {@link #CHUNK_CHARS}. */
    private final class TextSink implements Sink {
        private final StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 4096);
        private final boolean tsv;

        TextSink(boolean tsv) {
            this.tsv = tsv;
        }

        @Override
        public void rows(List<Object[]> rows) {
            for (Object[] row : rows) {
                (tsv ? Tsv.appendRow(chunk, row) : Csv.appendRow(chunk, row)).append(NL);
                if (chunk.length() >= CHUNK_CHARS) {
                    out.append(chunk);
                    chunk.setLength(0);
                }
            }
        }

        @Override
        public void flush() {
            out.append(chunk);
            chunk.setLength(0);
            out.flush();
        }
    }
}
