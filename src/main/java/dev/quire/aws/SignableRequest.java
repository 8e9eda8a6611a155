package dev.quire.aws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as it goes on the wire, as far as signing cares.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param path     the raw path as sent, already URI-encoded
 * @param rawQuery the raw query string without {@code ?}, or null
 * @param headers  the headers in order, names as given; a name may occur more than once
 * @param body     the body; null stands for an empty one
 */
public record SignableRequest(String method, String path, String rawQuery,
                              List<Map.Entry<String, String>> headers, byte[] body) {

    public SignableRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = headers.stream().map(h -> Map.entry(h.getKey(), h.getValue())).toList();
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The values of every header with this name, ignoring case, in order. */
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** This request with the given headers added after its own. */
    public SignableRequest withHeaders(Map<String, String> added) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.addAll(added.entrySet());
        return new SignableRequest(method, path, rawQuery, all, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignableRequest r && method.equals(r.method) && path.equals(r.path)
                && Objects.equals(rawQuery, r.rawQuery) && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, rawQuery, headers, Arrays.hashCode(body));
    }

    /** Shows header names but not their values, which may carry a session token. */
    @Override
    public String toString() {
        return "SignableRequest[" + method + " " + path + (rawQuery == null ? "" : "?" + rawQuery)
                + ", headers=" + headers.stream().map(Map.Entry::getKey).toList() + ", body=" + body.length + " bytes]";
    }
}
