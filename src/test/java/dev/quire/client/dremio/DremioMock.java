package dev.quire.client.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.client.http.HttpClients;
import dev.quire.client.http.RetryPolicy;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * MockWebServer playing Dremio: each route ("POST /api/v3/sql", "GET /api/v3/job/j1", ...; the
 * path without its query) answers from its own queue, or from a handler for routes that answer
 * any number of calls; an unscripted call gets Dremio's 404. Register it as a test's extension: it
 * starts before each test, with an HTTP client of the given limits, and stops after it with the
 * clients it made.
 */
final class DremioMock extends Dispatcher implements BeforeEachCallback, AfterEachCallback {

    static final String TOKEN = "pat-secret-0123";
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), () -> 0.5);

    MockWebServer server;
    private final Duration callTimeout;
    private final Duration readTimeout;
    private final Map<String, Deque<MockResponse>> answers = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> handlers = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<AutoCloseable> made = new ConcurrentLinkedDeque<>();
    private OkHttpClient http;

    DremioMock(Duration callTimeout, Duration readTimeout) {
        this.callTimeout = callTimeout;
        this.readTimeout = readTimeout;
    }

    DremioMock() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(this);
        server.start();
        http = HttpClients.create().newBuilder().callTimeout(callTimeout).readTimeout(readTimeout).build();
        made.add(() -> HttpClients.shutdown(http));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable resource : made) {
            resource.close();
        }
        server.shutdown();
    }

    /** A client of this mock with a personal access token, retrying fast; closed after the test. */
    DremioClient client() {
        return client(DremioLogin.token(() -> TOKEN), builder -> builder);
    }

    DremioClient client(DremioLogin login, UnaryOperator<DremioClient.Builder> options) {
        DremioClient client = options.apply(DremioClient.builder(server.url("/").uri(), login).http(http)
                .retryPolicy(FAST)).build();
        made.addFirst(client);
        return client;
    }

    /** Queues answers to a route such as "GET /api/v3/job/j1", one per call, in order. */
    DremioMock answer(String route, MockResponse... responses) {
        answers.computeIfAbsent(route, r -> new ConcurrentLinkedDeque<>()).addAll(Arrays.asList(responses));
        return this;
    }

    /** Queues 200 answers with these JSON bodies. */
    DremioMock answer(String route, String... bodies) {
        for (String body : bodies) {
            answer(route, json(200, body));
        }
        return this;
    }

    /** Answers every call of a route by the handler, once its queue is empty. */
    DremioMock handle(String route, Function<RecordedRequest, MockResponse> handler) {
        handlers.put(route, handler);
        return this;
    }

    /** The requests of a route, in the order they came. */
    List<RecordedRequest> calls(String route) {
        return requests.stream().filter(r -> route(r).equals(route)).toList();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    static String route(RecordedRequest request) {
        return request.getMethod() + " " + request.getRequestUrl().encodedPath();
    }

    static JsonNode body(RecordedRequest request) throws IOException {
        return Json.MAPPER.readTree(request.getBody().clone().readUtf8());
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    /** Dremio's error body: {"errorMessage":"…","moreInfo":""}. */
    static MockResponse error(int status, String message) {
        return json(status, "{\"errorMessage\":" + quote(message) + ",\"moreInfo\":\"\"}");
    }

    /** Dremio's 401 on /api/v3: no body at all. */
    static MockResponse unauthorized() {
        return new MockResponse().setResponseCode(401);
    }

    static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job status as GET /job/{id} writes it (endedAt only once final, as NON_NULL leaves it out). */
    static String job(String state, long rowCount, String errorMessage, String cancellationReason) {
        boolean ended = DremioWire.FINAL_STATES.contains(state);
        return "{\"jobState\":\"" + state + "\",\"rowCount\":" + rowCount + ",\"errorMessage\":"
                + quote(errorMessage) + ",\"startedAt\":\"2022-12-13T18:34:14.069Z\","
                + (ended ? "\"endedAt\":\"2022-12-13T18:35:09.963Z\"," : "")
                + "\"queryType\":\"REST\",\"cancellationReason\":" + quote(cancellationReason) + "}";
    }

    static String job(String state, long rowCount) {
        return job(state, rowCount, "", "");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String route = route(request);
        Deque<MockResponse> queue = answers.get(route);
        MockResponse answer = queue == null ? null : queue.poll();
        if (answer != null) {
            return answer;
        }
        Function<RecordedRequest, MockResponse> handler = handlers.get(route);
        if (handler != null) {
            return handler.apply(request);
        }
        return error(404, "HTTP 404 Not Found: no answer scripted for " + route);
    }
}
