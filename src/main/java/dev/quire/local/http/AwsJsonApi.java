package dev.quire.local.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One AWS JSON 1.1 API on the local server: the requests whose X-Amz-Target starts with its
 * prefix, signed for its signing name, answered in its own error shape.
 */
public interface AwsJsonApi {

    /** The X-Amz-Target prefix, with its dot: {@code RedshiftData.}. */
    String targetPrefix();

    String signingName();

    String contentType();

    /** Answers an operation (the target after the prefix); failures are thrown as {@link ApiError}. */
    Reply handle(String operation, JsonNode body, String caller);

    /** The body of an error answer in this API's shape. */
    byte[] errorBody(ApiError error);
}
