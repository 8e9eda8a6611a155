package dev.quire.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One case of the SigV4 test suite kept in the test resources under sigv4-test-suite. */
record SuiteCase(Path dir, Credentials credentials, String region, String service, Instant time,
                 boolean normalize, boolean signBody, boolean omitSessionToken) {

    static List<SuiteCase> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(d -> Files.exists(d.resolve("request.txt"))).sorted().map(SuiteCase::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(SuiteCase.class.getResource("/sigv4-test-suite").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SuiteCase load(Path dir) {
        String json = read(dir, "context.json");
        return new SuiteCase(dir,
                new Credentials(field(json, "access_key_id"), field(json, "secret_access_key"), field(json, "token")),
                field(json, "region"), field(json, "service"), Instant.parse(field(json, "timestamp")),
                "true".equals(field(json, "normalize")), "true".equals(field(json, "sign_body")),
                "true".equals(field(json, "omit_session_token")));
    }

    /** A string or boolean member of the flat context.json, or null when absent. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(?:\"([^\"]*)\"|(true|false))").matcher(json);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    String name() {
        return dir.getFileName().toString();
    }

    String file(String name) {
        return read(dir, name);
    }

    SigV4Signer signer() {
        SigV4Signer signer = new SigV4Signer(region, service);
        if (!normalize) {
            signer = signer.withoutPathNormalization();
        }
        if (signBody) {
            signer = signer.withContentSha256Header();
        }
        if (omitSessionToken) {
            signer = signer.withUnsignedSessionToken();
        }
        return signer;
    }

    SignableRequest request() {
        return Http.parse(file("request.txt"));
    }

    private static String read(Path dir, String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's raw HTTP/1.1 text: request line, headers (folded lines allowed), blank line, body. */
    static final class Http {

        private Http() {
        }

        static SignableRequest parse(String text) {
            int split = text.indexOf("\n\n");
            String head = split < 0 ? text : text.substring(0, split);
            byte[] body = split < 0 ? new byte[0] : text.substring(split + 2).getBytes(StandardCharsets.UTF_8);
            String[] lines = head.split("\n");
            String line = lines[0];
            String target = line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
            int q = target.indexOf('?');
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].startsWith(" ") || lines[i].startsWith("\t")) {
                    String[] last = headers.get(headers.size() - 1);
                    last[1] = last[1] + "\n" + lines[i];
                } else {
                    int colon = lines[i].indexOf(':');
                    headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1)});
                }
            }
            return new SignableRequest(line.substring(0, line.indexOf(' ')),
                    q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                    headers.stream().map(h -> Map.entry(h[0], h[1])).toList(), body);
        }

        static String format(SignableRequest request) {
            StringBuilder out = new StringBuilder().append(request.method()).append(' ').append(request.path())
                    .append(request.rawQuery() == null ? "" : "?" + request.rawQuery()).append(" HTTP/1.1\n");
            request.headers().forEach(h -> out.append(h.getKey()).append(':').append(h.getValue()).append('\n'));
            return out.append('\n').append(new String(request.body(), StandardCharsets.UTF_8)).toString();
        }
    }
}
