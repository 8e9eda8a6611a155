package dev.quire.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson setup shared by the client and the local server. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(64)
                                    .maxStringLength(64 * 1024 * 1024)
                                    .build())
                            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    /**
     * A factory with the same limits and a symbol table of its own, for a reader of one kind of
     * document read often: its member names are found at once, not among every name the shared
     * factory has met (Dremio's rows, for one, are keyed by column names).
     */
    public static JsonFactory ownFactory() {
        return FACTORY.rebuild().build();
    }

    /** Reads one value from inside a larger document being streamed. */
    public static final ObjectReader EMBEDDED = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Writes the members of one JSON object. */
    public interface Members {
        void write(JsonGenerator out) throws IOException;
    }

    /** Encodes one JSON object whose members the caller writes. */
    public static byte[] object(Members members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            members.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Json() {
    }
}
