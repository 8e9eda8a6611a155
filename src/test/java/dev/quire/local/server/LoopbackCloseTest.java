package dev.quire.local.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing the transport: idle it stops at once; exchanges in flight are answered first, within a bound. */
class LoopbackCloseTest {

    private static final Duration A_DAY = Duration.ofDays(1);
    private static final byte[] BODY = body(2 * 1024 * 1024);

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private LoopbackHttp http;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (http != null) {
            http.close(Duration.ZERO);
        }
    }

    @Test
    void idleItClosesWithoutWaitingForTheDrainBound() throws Exception {
        http = LoopbackHttp.start(0, LoopbackHttp.Limits.defaults(), new Answers(false));
        try (Socket kept = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            String answer = exchange(kept, "/quick");
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            // the keep-alive connection now waits for its next request: open, but nothing in flight
            Thread closer = closeOnAThread(A_DAY);
            closer.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse(closer.isAlive(), "close waited for its drain bound with nothing in flight");
            assertEquals(0, http.cutAtClose());
            assertEquals(0, http.openConnections());
        }
    }

    @Test
    void anExchangeInFlightIsAnsweredWholeBeforeCloseReturns() throws Exception {
        CompletableFuture<byte[]> answer = requestInFlight();
        Thread closer = closeOnAThread(A_DAY);
        awaitRefused(http.port());
        closer.join(300);
        assertTrue(closer.isAlive(), "close returned while an exchange was in flight");
        release.countDown();
        closer.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(closer.isAlive(), "close did not return once the exchange was answered");
        byte[] whole = answer.get(1, TimeUnit.MINUTES);
        String head = head(whole);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        assertTrue(head.contains("Connection: close"), head);
        assertArrayEquals(BODY, java.util.Arrays.copyOfRange(whole, head.length(), whole.length));
        assertEquals(0, http.cutAtClose());
    }

    @Test
    void anExchangePastTheBoundIsCutOff() throws Exception {
        CompletableFuture<byte[]> answer = requestInFlight();
        http.close(Duration.ofMillis(100));
        assertEquals(1, http.cutAtClose());
        assertEquals(0, answer.get(1, TimeUnit.MINUTES).length, "a cut exchange got an answer");
    }

    @Test
    void aHandlerThatFailsGetsA500AndTheServerGoesOn() throws Exception {
        Answers answers = new Answers(false);
        http = LoopbackHttp.start(0, LoopbackHttp.Limits.defaults(), new LoopbackHttp.Handler() {
            @Override
            public LoopbackHttp.Response handle(LoopbackHttp.Request request) {
                if (request.path().equals("/fails")) {
                    throw new StackOverflowError("from the handler");
                }
                return answers.handle(request);
            }

            @Override
            public LoopbackHttp.Response refuse(LoopbackHttp.Request request, int status, String code,
                    String message) {
                return answers.refuse(request, status, code, message);
            }
        });
        try (Socket failing = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            failing.getOutputStream().write(request("/fails"));
            String head = head(failing.getInputStream().readAllBytes());
            assertTrue(head.startsWith("HTTP/1.1 500 ") && head.contains("Connection: close"), head);
        }
        try (Socket next = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            assertTrue(exchange(next, "/quick").startsWith("HTTP/1.1 200 "));
        }
    }

    /** Answers 200 with BODY; when slow, only once the test releases it. */
    private final class Answers implements LoopbackHttp.Handler {
        private final boolean slow;

        Answers(boolean slow) {
            this.slow = slow;
        }

        @Override
        public LoopbackHttp.Response handle(LoopbackHttp.Request request) {
            if (slow) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return new LoopbackHttp.Response(200, "application/octet-stream", BODY, List.of());
        }

        @Override
        public LoopbackHttp.Response refuse(LoopbackHttp.Request request, int status, String code, String message) {
            return new LoopbackHttp.Response(status, "text/plain", code.getBytes(StandardCharsets.UTF_8), List.of());
        }
    }

    /** Starts a server whose handler waits for the test, and a request that is in its handler. */
    private CompletableFuture<byte[]> requestInFlight() throws Exception {
        http = LoopbackHttp.start(0, LoopbackHttp.Limits.defaults(), new Answers(true));
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(this::slowExchange);
        assertTrue(entered.await(1, TimeUnit.MINUTES), "the request did not reach the handler");
        return answer;
    }

    private Thread closeOnAThread(Duration drain) {
        Thread closer = new Thread(() -> http.close(drain), "test-closer");
        closer.setDaemon(true);
        closer.start();
        return closer;
    }

    /** Everything the server sent on a connection of its own, up to its end. */
    private byte[] slowExchange() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            socket.getOutputStream().write(request("/slow"));
            return socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0]; // a reset is a cut too
        }
    }

    /** Sends one request and reads its head and body by Content-Length; the connection stays open. */
    private static String exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(request(path));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(length, in.readNBytes(length).length);
        assertFalse(text.contains("Connection: close"), text);
        return text;
    }

    private static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String head(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(end > 0, "no whole head in " + answer.length + " bytes");
        return text.substring(0, end + 4);
    }

    /** Waits until the port takes no new connection: close has begun. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(5);
            } catch (ConnectException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
        throw new AssertionError("the port still takes connections");
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i * 31 + (i >>> 8));
        }
        return body;
    }
}
