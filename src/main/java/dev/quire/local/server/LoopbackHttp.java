package dev.quire.local.server;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 on a loopback port, made to outlast slow and hostile peers. One dispatcher thread accepts
 * connections and reads request heads without blocking, so a peer that sends half a request holds
 * no thread; a worker gets a request only once its head is whole, and reads the body only if the
 * handler asks for it (after checking the headers). The head must arrive within a header timeout,
 * the body within a body timeout and an answer must be taken within a write timeout, as nginx and
 * PostgreSQL bound theirs; past a bound the connection is closed. Connections are bounded in total
 * and per peer address: at a bound, the connection that has waited longest for a request is closed
 * to make room, so stalled sockets cannot keep new clients out. When every worker is busy and the
 * queue is full the request gets the handler's throttling answer at once; the dispatcher never
 * blocks.
 */
final class LoopbackHttp implements AutoCloseable {

    private static final Logger LOG = System.getLogger(LoopbackHttp.class.getName());
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final long NONE = Long.MAX_VALUE;
    /** How long a refused request's unread body is read and dropped, so the close is not a reset. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long MAX_LINGER_BYTES = 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * The bounds. On loopback every local process is 127.0.0.1 unless it binds another 127.x
     * address, so the per-peer bound mostly caps what one address can hold; eviction of the
     * longest-waiting connection is what keeps room for new signed clients.
     */
    record Limits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, Duration writeTimeout,
                  int maxConnections, int maxConnectionsPerPeer, int workers, int queue) {

        static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                    Duration.ofSeconds(60), 1024, 512, 48, 256);
        }
    }

    /** Answers requests; called on worker threads (and {@link #refuse} also on the dispatcher). */
    interface Handler {
        Response handle(Request request);

        /** An error answer made by the transport itself: a malformed request, or no worker free. */
        Response refuse(Request request, int status, String code, String message);
    }

    /** An answer; its body is that part of a file when file is set, then the bytes given. */
    record Response(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers,
                    FileBody file) {

        Response(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {
            this(status, contentType, body, headers, null);
        }

        long length() {
            return (file != null ? file.length() : 0) + body.length;
        }
    }

    /**
     * A part of an open file sent as an answer's body, read and written a slice at a time; the
     * transport closes the channel once the answer is sent or has failed.
     */
    record FileBody(FileChannel channel, long position, long length) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Logger.Level.DEBUG, "closing a file body", e);
            }
        }
    }

    /** A body that could not be read: too large, malformed, cut or too slow. */
    static final class BodyException extends Exception {
        final boolean tooLarge;

        BodyException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }
    }

    private final Limits limits;
    private final Handler handler;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ThreadPoolExecutor workers;
    private final Thread dispatcher;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perPeer = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Connection> returned = new ConcurrentLinkedQueue<>();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private volatile boolean running = true;

    private LoopbackHttp(Limits limits, Handler handler, ServerSocketChannel server, Selector selector) {
        this.limits = limits;
        this.handler = handler;
        this.server = server;
        this.selector = selector;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queue())), r -> {
                    Thread t = new Thread(r, "quire-server-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.workers.allowCoreThreadTimeOut(true);
        this.dispatcher = new Thread(this::dispatch, "quire-server-dispatch");
        this.dispatcher.setDaemon(true);
    }

    static LoopbackHttp start(int port, Limits limits, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true); // a restart may take the same port at once
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        LoopbackHttp http = new LoopbackHttp(limits, handler, server, selector);
        http.dispatcher.start();
        return http;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Connections open now. */
    int openConnections() {
        return connections.size();
    }

    /** Connections closed because they passed a timeout. */
    long timedOut() {
        return timedOut.get();
    }

    /** Connections closed to make room for a new one at a bound. */
    long evicted() {
        return evicted.get();
    }

    /** New connections closed at once because no room could be made. */
    long refused() {
        return refused.get();
    }

    /** Workers answering a request now. */
    int busyWorkers() {
        return workers.getActiveCount();
    }

    /** Requests waiting for a worker. */
    int queued() {
        return workers.getQueue().size();
    }

    /** Requests answered with the throttling error because every worker was busy and the queue full. */
    long throttled() {
        return throttled.get();
    }

    /** Exchanges cut off by close because they had not finished within its bound. */
    long cutAtClose() {
        return cut.get();
    }

    // ---- the dispatcher --------------------------------------------------------------------------------------

    private void dispatch() {
        List<Connection> handoff = new ArrayList<>();
        while (running) {
            try {
                selector.select(250);
                for (Connection back = returned.poll(); back != null; back = returned.poll()) {
                    resume(back, handoff);
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        Connection c = (Connection) key.attachment();
                        if (c.draining) {
                            drain(c);
                        } else {
                            readHead(c, handoff);
                        }
                    }
                }
                if (!handoff.isEmpty()) {
                    selector.selectNow(); // deregisters the cancelled keys, so workers may block on them
                    for (Connection c : handoff) {
                        submit(c);
                    }
                    handoff.clear();
                }
                sweep();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(Logger.Level.WARNING, "the local server's dispatcher hit a problem and goes on", e);
                }
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
            InetAddress peer = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
            boolean room = (connections.size() < limits.maxConnections() || evictLongestWaiting(null))
                    && (peerCount(peer) < limits.maxConnectionsPerPeer() || evictLongestWaiting(peer));
            if (!room || !running) {
                channel.close();
                refused.incrementAndGet();
                continue;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(channel, peer);
            connections.add(c);
            perPeer.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
            c.waitFor(limits.headerTimeout());
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private int peerCount(InetAddress peer) {
        AtomicInteger count = perPeer.get(peer);
        return count == null ? 0 : count.get();
    }

    /** Closes the connection (of the peer, or any) that has waited longest for a request; false if none waits. */
    private boolean evictLongestWaiting(InetAddress peer) {
        Connection oldest = null;
        for (Connection c : connections) {
            if (!c.inWorker && (peer == null || c.peer.equals(peer))
                    && (oldest == null || c.waitingSince < oldest.waitingSince)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        evicted.incrementAndGet();
        close(oldest);
        return true;
    }

    /** A connection back from a worker: wait for its next request, which may already be buffered. */
    private void resume(Connection c, List<Connection> handoff) {
        if (c.closed.get()) {
            return;
        }
        try {
            c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
            if (!c.draining && c.in.hasRemaining()) {
                parseHead(c, handoff);
            }
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    private void readHead(Connection c, List<Connection> handoff) {
        try {
            c.in.compact();
            int n;
            try {
                n = c.channel.read(c.in);
            } finally {
                c.in.flip();
            }
            if (n < 0) {
                close(c);
                return;
            }
            parseHead(c, handoff);
        } catch (IOException e) {
            close(c);
        }
    }

    private void parseHead(Connection c, List<Connection> handoff) throws IOException {
        skipEmptyLines(c.in);
        if (!c.in.hasRemaining()) {
            return;
        }
        if (!c.sawBytes) {
            c.sawBytes = true;
            c.deadline = Math.min(c.deadline, System.nanoTime() + limits.headerTimeout().toNanos());
        }
        int end = headEnd(c.in);
        if (end < 0) {
            if (c.in.remaining() >= MAX_HEAD_BYTES) {
                refuseNow(c, null, 431, "The request's head exceeds " + MAX_HEAD_BYTES + " bytes.");
            }
            return;
        }
        byte[] head = new byte[end - c.in.position()];
        c.in.get(head);
        Request request;
        try {
            request = Request.parse(this, c, new String(head, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            refuseNow(c, null, 400, e.getMessage());
            return;
        }
        c.key.cancel();
        c.key = null;
        c.inWorker = true;
        c.deadline = NONE; // a request waiting for a worker holds no thread; its body and answer get deadlines
        c.request = request;
        handoff.add(c);
    }

    private void submit(Connection c) {
        Request request = c.request;
        c.request = null;
        try {
            workers.execute(() -> exchange(c, request));
        } catch (RejectedExecutionException e) {
            c.inWorker = false;
            throttled.incrementAndGet();
            Response busy = handler.refuse(request, 400, "ThrottlingException", "Rate exceeded");
            try {
                c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                refuseNow(c, busy);
            } catch (IOException | RuntimeException closed) {
                close(c);
            }
        }
    }

    /** Answers from the dispatcher without blocking (what does not fit the socket's buffer is lost), then lingers. */
    private void refuseNow(Connection c, Request request, int status, String message) {
        refuseNow(c, handler.refuse(request, status, status == 431 ? "RequestHeaderFieldsTooLarge"
                : "BadRequestException", message));
    }

    private void refuseNow(Connection c, Response response) {
        try {
            ByteBuffer[] bytes = encode(response, false, false);
            c.channel.write(bytes);
            linger(c);
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    /** Sends the end of the stream, then reads and drops what the peer still sends for a short while. */
    private void linger(Connection c) throws IOException {
        c.draining = true;
        c.in.clear().flip();
        c.deadline = System.nanoTime() + LINGER_NANOS;
        c.channel.shutdownOutput();
    }

    private void drain(Connection c) {
        ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
        try {
            int n = c.channel.read(scratch);
            c.drained += Math.max(0, n);
            if (n < 0 || c.drained > MAX_LINGER_BYTES) {
                close(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    /** Closes the connections past their deadline; closing one a worker holds ends its blocked read or write. */
    private void sweep() {
        long now = System.nanoTime();
        for (Connection c : connections) {
            if (c.deadline - now < 0) {
                if (!c.draining) {
                    timedOut.incrementAndGet();
                }
                close(c);
            }
        }
    }

    private void close(Connection c) {
        if (!c.closed.compareAndSet(false, true)) {
            return;
        }
        connections.remove(c);
        perPeer.computeIfPresent(c.peer, (p, count) -> count.decrementAndGet() <= 0 ? null : count);
        try {
            c.channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    // ---- the workers -----------------------------------------------------------------------------------------

    private void exchange(Connection c, Request request) {
        boolean handedBack = false;
        Response response = null;
        try {
            c.channel.configureBlocking(true);
            c.deadline = NONE;
            boolean failed = false;
            try {
                response = handler.handle(request);
            } catch (RuntimeException | Error e) {
                if (c.closed.get()) {
                    throw e; // cut off by close
                }
                LOG.log(Logger.Level.WARNING, "the local server failed to answer " + request.method() + " "
                        + request.path(), e);
                response = handler.refuse(request, 500, "InternalError", "The local server failed to answer.");
                failed = true;
            }
            request.skipBufferedBody();
            boolean keepAlive = running && !failed && request.keepAlive() && request.bodyDone();
            boolean head = request.method().equals("HEAD");
            c.deadline = System.nanoTime() + limits.writeTimeout().toNanos();
            ByteBuffer[] encoded = encode(response, keepAlive, head);
            if (response.file() != null && !head) {
                writeFully(c, new ByteBuffer[] {encoded[0]});
                writeFile(c, response.file());
                writeFully(c, new ByteBuffer[] {encoded[1]});
            } else {
                writeFully(c, encoded);
            }
            if (keepAlive || !request.bodyDone()) {
                c.channel.configureBlocking(false);
                if (keepAlive) {
                    c.sawBytes = false;
                    c.waitFor(limits.idleTimeout());
                } else {
                    linger(c);
                }
                c.inWorker = false;
                returned.add(c);
                handedBack = true;
                selector.wakeup();
            }
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof ClosedChannelException)) {
                LOG.log(Logger.Level.DEBUG, "a connection of the local server ended early", e);
            }
        } finally {
            if (response != null && response.file() != null) {
                response.file().close();
            }
            if (!handedBack) {
                close(c);
            }
        }
    }

    /**
     * Sends a file body a slice at a time through one small buffer, so an answer of any size holds
     * 64 KB; each slice must be taken within the write timeout, so a peer that stops reading is cut
     * off while one that reads steadily gets the whole file.
     */
    private void writeFile(Connection c, FileBody file) throws IOException {
        ByteBuffer slice = ByteBuffer.allocate(WRITE_SLICE);
        long position = file.position();
        long end = file.position() + file.length();
        while (position < end) {
            slice.clear().limit((int) Math.min(WRITE_SLICE, end - position));
            int read = file.channel().read(slice, position);
            if (read < 0) {
                throw new EOFException("the file ended before the answer did");
            }
            slice.flip();
            position += read;
            c.deadline = System.nanoTime() + limits.writeTimeout().toNanos();
            while (slice.hasRemaining()) {
                c.channel.write(slice);
            }
        }
    }

    /**
     * Writes in slices: the JDK copies a heap buffer into a cached direct buffer of the same size
     * per thread, so one large write would keep that much memory outside the heap for good.
     */
    private static void writeFully(Connection c, ByteBuffer[] bytes) throws IOException {
        for (ByteBuffer b : bytes) {
            while (b.hasRemaining()) {
                ByteBuffer slice = b.slice();
                slice.limit(Math.min(slice.remaining(), WRITE_SLICE));
                b.position(b.position() + c.channel.write(slice));
            }
        }
    }

    private static final int WRITE_SLICE = 64 * 1024;

    private static ByteBuffer[] encode(Response response, boolean keepAlive, boolean head) {
        StringBuilder out = new StringBuilder(256);
        out.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
        out.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (response.contentType() != null) {
            out.append("Content-Type: ").append(response.contentType()).append("\r\n");
        }
        for (Map.Entry<String, String> h : response.headers()) {
            out.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (response.status() != 204) {
            out.append("Content-Length: ").append(response.length()).append("\r\n");
        }
        if (!keepAlive) {
            out.append("Connection: close\r\n");
        }
        out.append("\r\n");
        ByteBuffer headBytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        return new ByteBuffer[] {headBytes, ByteBuffer.wrap(head ? new byte[0] : response.body())};
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 412 -> "Precondition Failed";
            case 416 -> "Range Not Satisfiable";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    // ---- heads -----------------------------------------------------------------------------------------------

    /** Drops the empty lines a client may send between requests. */
    private static void skipEmptyLines(ByteBuffer in) {
        while (in.hasRemaining() && (in.get(in.position()) == '\r' || in.get(in.position()) == '\n')) {
            in.get();
        }
    }

    /** The index just past the blank line that ends the head, or -1 when it has not all arrived. */
    private static int headEnd(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) != '\n') {
                continue;
            }
            if (i + 1 < in.limit() && in.get(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < in.limit() && in.get(i + 1) == '\r' && in.get(i + 2) == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** How long close waits for the exchanges in flight before it cuts them off. */
    static final Duration DRAIN = Duration.ofSeconds(1);

    /**
     * Stops accepting, lets the exchanges in flight (and those queued for a worker) finish within
     * {@link #DRAIN}, returning as soon as none is left, then closes every connection.
     */
    @Override
    public void close() {
        close(DRAIN);
    }

    /** As {@link #close()}, waiting at most drain for the exchanges in flight. */
    void close(Duration drain) {
        running = false;
        selector.wakeup();
        try {
            dispatcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            LOG.log(Logger.Level.DEBUG, "closing the local server's port", e);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(drain.toNanos(), TimeUnit.NANOSECONDS)) {
                cut.addAndGet(workers.getActiveCount() + workers.getQueue().size());
                connections.forEach(this::close); // ends the reads and writes the workers block in
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        connections.forEach(this::close);
    }

    /** One client connection: in the dispatcher while it waits for a request, on a worker while it has one. */
    static final class Connection {
        final SocketChannel channel;
        final InetAddress peer;
        final AtomicBoolean closed = new AtomicBoolean();
        /** Bytes read and not used yet, between position and limit. */
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD_BYTES).flip();
        volatile long deadline = NONE;
        volatile boolean inWorker;
        volatile long waitingSince;
        boolean sawBytes;
        boolean draining;
        long drained;
        SelectionKey key;
        Request request;

        Connection(SocketChannel channel, InetAddress peer) {
            this.channel = channel;
            this.peer = peer;
        }

        void waitFor(Duration timeout) {
            waitingSince = System.nanoTime();
            deadline = waitingSince + timeout.toNanos();
        }
    }

    /** A request whose head has arrived; its body is read (once) when the handler asks for it. */
    static final class Request {
        private final LoopbackHttp http;
        private final Connection connection;
        private final String method;
        private final String path;
        private final String rawQuery;
        private final List<Map.Entry<String, String>> headers;
        private final boolean keepAlive;
        private final long contentLength;
        private final boolean chunked;
        private boolean bodyDone;

        private Request(LoopbackHttp http, Connection connection, String method, String path, String rawQuery,
                        List<Map.Entry<String, String>> headers, boolean keepAlive, long contentLength,
                        boolean chunked) {
            this.http = http;
            this.connection = connection;
            this.method = method;
            this.path = path;
            this.rawQuery = rawQuery;
            this.headers = List.copyOf(headers);
            this.keepAlive = keepAlive;
            this.contentLength = contentLength;
            this.chunked = chunked;
            this.bodyDone = !chunked && contentLength <= 0;
        }

        /** Parses a head; an IllegalArgumentException says what is malformed. */
        static Request parse(LoopbackHttp http, Connection connection, String head) {
            String[] lines = head.split("\r?\n");
            String[] first = lines[0].split(" ", -1);
            if (first.length != 3 || first[0].isEmpty() || first[1].isEmpty() || !first[2].startsWith("HTTP/1.")) {
                throw new IllegalArgumentException("The request line is not HTTP/1.x.");
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isEmpty()) {
                    continue;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                    Map.Entry<String, String> last = headers.remove(headers.size() - 1);
                    headers.add(Map.entry(last.getKey(), last.getValue() + " " + line.strip()));
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !line.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("A header line is malformed.");
                }
                headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
                if (headers.size() > MAX_HEADERS) {
                    throw new IllegalArgumentException("The request has more than " + MAX_HEADERS + " headers.");
                }
            }
            String target = first[1];
            if (!target.startsWith("/")) {
                int scheme = target.indexOf("://");
                int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
                target = scheme < 0 ? target : slash < 0 ? "/" : target.substring(slash);
            }
            int question = target.indexOf('?');
            String path = question < 0 ? target : target.substring(0, question);
            String query = question < 0 ? null : target.substring(question + 1);

            List<String> lengths = values(headers, "Content-Length");
            List<String> encodings = values(headers, "Transfer-Encoding");
            boolean chunked = false;
            if (!encodings.isEmpty()) {
                if (!lengths.isEmpty() || encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
                    throw new IllegalArgumentException("Only a Content-Length or Transfer-Encoding: chunked body is"
                            + " taken, not both.");
                }
                chunked = true;
            }
            long length = -1;
            if (!lengths.isEmpty()) {
                if (lengths.stream().distinct().count() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) {
                    throw new IllegalArgumentException("The Content-Length is not one number.");
                }
                length = Long.parseLong(lengths.get(0));
            }
            String connectionHeader = String.join(",", values(headers, "Connection")).toLowerCase(Locale.ROOT);
            boolean keepAlive = first[2].equals("HTTP/1.1") ? !connectionHeader.contains("close")
                    : connectionHeader.contains("keep-alive");
            return new Request(http, connection, first[0], path, query, headers, keepAlive, length, chunked);
        }

        private static List<String> values(List<Map.Entry<String, String>> headers, String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        String method() {
            return method;
        }

        String path() {
            return path;
        }

        String rawQuery() {
            return rawQuery;
        }

        List<Map.Entry<String, String>> headers() {
            return headers;
        }

        String header(String name) {
            List<String> values = values(headers, name);
            return values.isEmpty() ? null : values.get(0);
        }

        boolean keepAlive() {
            return keepAlive;
        }

        /** Drops a body the handler did not read when it has all arrived already, so the connection stays usable. */
        void skipBufferedBody() {
            ByteBuffer in = connection.in;
            if (!bodyDone && !chunked && contentLength <= in.remaining()) {
                in.position(in.position() + (int) contentLength);
                bodyDone = true;
            }
        }

        /** True once the body is read (or there is none), so the connection can carry the next request. */
        boolean bodyDone() {
            return bodyDone;
        }

        /**
         * Reads the whole body, within the body timeout; answers {@code 100 Continue} first when the
         * client waits for it.
         */
        byte[] body(int maxBytes) throws BodyException {
            if (bodyDone) {
                return new byte[0];
            }
            if (!chunked && contentLength > maxBytes) {
                throw new BodyException("The request body exceeds " + maxBytes + " bytes.", true);
            }
            Connection c = connection;
            try {
                c.deadline = System.nanoTime() + http.limits.bodyTimeout().toNanos();
                String expect = header("Expect");
                if (expect != null && expect.equalsIgnoreCase("100-continue")) {
                    writeFully(c, new ByteBuffer[] {ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1))});
                }
                byte[] body = chunked ? readChunked(maxBytes) : readExactly((int) contentLength);
                bodyDone = true;
                return body;
            } catch (IOException e) {
                throw new BodyException("The request body could not be read: " + (e instanceof EOFException
                        ? "the connection ended early." : "it did not arrive in time."), false);
            } finally {
                c.deadline = NONE;
            }
        }

        private byte[] readExactly(int length) throws IOException {
            byte[] body = new byte[length];
            ByteBuffer target = ByteBuffer.wrap(body);
            ByteBuffer in = connection.in;
            int buffered = Math.min(in.remaining(), length);
            target.put(in.array(), in.arrayOffset() + in.position(), buffered);
            in.position(in.position() + buffered);
            while (target.hasRemaining()) {
                if (connection.channel.read(target) < 0) {
                    throw new EOFException();
                }
            }
            return body;
        }

        private byte[] readChunked(int maxBytes) throws IOException, BodyException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
                if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                    throw new BodyException("The request body's chunks are malformed.", false);
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers are dropped
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > maxBytes) {
                    throw new BodyException("The request body exceeds " + maxBytes + " bytes.", true);
                }
                for (long left = size; left > 0; ) {
                    ByteBuffer in = fill();
                    int n = (int) Math.min(left, in.remaining());
                    body.write(in.array(), in.arrayOffset() + in.position(), n);
                    in.position(in.position() + n);
                    left -= n;
                }
                if (!readLine().isEmpty()) {
                    throw new BodyException("The request body's chunks are malformed.", false);
                }
            }
        }

        /** The buffer with at least one unread byte, read from the socket if need be. */
        private ByteBuffer fill() throws IOException {
            ByteBuffer in = connection.in;
            if (!in.hasRemaining()) {
                in.clear();
                int n;
                try {
                    n = connection.channel.read(in);
                } finally {
                    in.flip();
                }
                if (n < 0) {
                    throw new EOFException();
                }
            }
            return in;
        }

        private String readLine() throws IOException, BodyException {
            StringBuilder line = new StringBuilder();
            while (true) {
                ByteBuffer in = fill();
                byte b = in.get();
                if (b == '\n') {
                    int last = line.length() - 1;
                    return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
                }
                if (line.length() > 4096) {
                    throw new BodyException("The request body's chunks are malformed.", false);
                }
                line.append((char) (b & 0xff));
            }
        }
    }
}
