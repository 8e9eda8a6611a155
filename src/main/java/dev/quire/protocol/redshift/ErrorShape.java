package dev.quire.protocol.redshift;

import dev.quire.protocol.AwsJson;
import java.util.Map;

/** AWS JSON 1.1 error bodies under their old name, for the local server until it uses {@link AwsJson}. */
public final class ErrorShape {

    public static byte[] encode(String code, String message, Map<String, String> members) {
        return AwsJson.encodeError(code, message, members);
    }

    private ErrorShape() {
    }
}
