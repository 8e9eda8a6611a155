package dev.quire.protocol.redshift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shared Jackson setup under its old name, for the local engine until it uses {@link dev.quire.protocol.Json}. */
public final class Json {

    public static final ObjectMapper MAPPER = dev.quire.protocol.Json.MAPPER;
    public static final JsonFactory FACTORY = dev.quire.protocol.Json.FACTORY;

    public interface Members extends dev.quire.protocol.Json.Members {
    }

    public static byte[] object(dev.quire.protocol.Json.Members members) {
        return dev.quire.protocol.Json.object(members);
    }

    private Json() {
    }
}
