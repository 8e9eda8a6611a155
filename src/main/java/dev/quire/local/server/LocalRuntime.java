package dev.quire.local.server;

import dev.quire.aws.Credentials;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.local.LocalEngine;
import dev.quire.local.LocalKeys;
import dev.quire.local.SampleData;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The local endpoint for one data folder. The first process to start owns the engine and server
 * (it holds a lock for its lifetime and records its port); later processes attach to it.
 */
public final class LocalRuntime implements AutoCloseable {

    static final String LOCK_FILE = "server.lock";
    static final String PORT_FILE = "server.json";
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(120);

    private final URI endpoint;
    private final Credentials credentials;
    private final String dremioToken;
    private final LocalEngine engine;
    private final LocalServer server;
    private final FileChannel lockChannel;
    private final Path portFile;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalRuntime(URI endpoint, Credentials credentials, String dremioToken, LocalEngine engine,
                         LocalServer server, FileChannel lockChannel, Path portFile) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.dremioToken = dremioToken;
        this.engine = engine;
        this.server = server;
        this.lockChannel = lockChannel;
        this.portFile = portFile;
    }

    /** Starts the engine and server, or attaches to the one another process already runs. */
    public static LocalRuntime open(LocalEngine.Options options, int port, SampleData.Progress progress)
            throws IOException, SQLException {
        Path dataDir = options.dataDir();
        Files.createDirectories(dataDir);
        Credentials credentials = LocalKeys.loadOrCreate(dataDir);
        String dremioToken = LocalKeys.dremioToken(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return new LocalRuntime(awaitOwner(dataDir), credentials, dremioToken, null, null, null, null);
        }
        LocalEngine engine = null;
        LocalServer server = null;
        try {
            Path portFile = dataDir.resolve(PORT_FILE);
            Files.deleteIfExists(portFile);
            engine = LocalEngine.open(options, progress);
            server = LocalServer.start(engine, port, java.util.List.of(credentials), LocalKeys.REGION);
            int serverPort = server.port();
            OwnerOnlyFiles.write(portFile, Json.object(out -> {
                out.writeNumberField("port", serverPort);
                out.writeNumberField("pid", ProcessHandle.current().pid());
            }));
            return new LocalRuntime(server.endpoint(), credentials, dremioToken, engine, server, channel, portFile);
        } catch (IOException | SQLException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
            channel.close();
            throw e;
        }
    }

    private static URI awaitOwner(Path dataDir) throws IOException {
        Instant deadline = Instant.now().plus(ATTACH_WAIT);
        Path portFile = dataDir.resolve(PORT_FILE);
        while (Instant.now().isBefore(deadline)) {
            int port = port(portFile);
            if (port > 0 && reachable(port)) {
                return URI.create("http://127.0.0.1:" + port);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the local server", e);
            }
        }
        throw new IOException("Another Quire process holds " + dataDir.resolve(LOCK_FILE)
                + " but its local server did not answer within " + ATTACH_WAIT.toSeconds() + " s.");
    }

    /** The port the owner recorded; 0 while there is no whole record yet. */
    private static int port(Path portFile) {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(portFile)).path("port").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The engine this process runs, or null when it attached to another process's server. */
    public LocalEngine engine() {
        return engine;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The server this process runs, or null when it attached to another process's. */
    LocalServer server() {
        return server;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** The token of the Dremio endpoint on the same port (a secret: never logged). */
    public String dremioToken() {
        return dremioToken;
    }

    public String region() {
        return LocalKeys.REGION;
    }

    /** True when this process runs the engine; false when it attached to another's. */
    public boolean owner() {
        return engine != null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (lockChannel != null) {
            try {
                Files.deleteIfExists(portFile);
                lockChannel.close();
            } catch (IOException e) {
                System.getLogger(LocalRuntime.class.getName())
                        .log(System.Logger.Level.WARNING, "could not release the local server lock", e);
            }
        }
    }
}
