package dev.quire.local.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** A plain HTTP client (java.net.http) for the local server's Dremio API, as curl would call it. */
public final class DremioHttp {

    /** An answer: status, content type (null when none) and body. */
    public record Answer(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("errorMessage").asText(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    DremioHttp(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static DremioHttp bearer(URI base, String token) {
        return new DremioHttp(base, "Bearer " + token);
    }

    public DremioHttp as(String authorization) {
        return new DremioHttp(base, authorization);
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("the request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Submits SQL (with a context, or none when null) and returns the job id. */
    public String submit(String sql, String... context) {
        String body = new String(Json.object(out -> {
            out.writeStringField("sql", sql);
            if (context.length > 0) {
                out.writeArrayFieldStart("context");
                for (String name : context) {
                    out.writeString(name);
                }
                out.writeEndArray();
            }
        }), StandardCharsets.UTF_8);
        Answer answer = post("/api/v3/sql", body);
        if (answer.status() != 200) {
            throw new AssertionError("submit answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("id").asText();
    }

    /** Polls the job's status until it is final, within a minute. */
    public JsonNode awaitFinal(String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            JsonNode status = get("/api/v3/job/" + id).json();
            String state = status.path("jobState").asText();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELED")) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " did not end: " + status);
            }
            Thread.onSpinWait();
        }
    }

    /** Runs SQL to its end and returns the final status; fails unless it COMPLETED. */
    public String run(String sql, String... context) {
        String id = submit(sql, context);
        JsonNode status = awaitFinal(id);
        if (!status.path("jobState").asText().equals("COMPLETED")) {
            throw new AssertionError("job " + id + " ended " + status);
        }
        return id;
    }
}
