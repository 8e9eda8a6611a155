package dev.quire.service;

import dev.quire.client.Connections;
import dev.quire.client.Secrets;
import dev.quire.aws.CredentialsSource;
import dev.quire.client.DataApi;
import dev.quire.client.athena.AthenaClient;
import dev.quire.model.AthenaSettings;
import dev.quire.model.ConnectionProfile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The user's connections: the saved profiles, and one open backend (a query service) per
 * connection, opened on first use off the caller's thread and kept until close.
 */
public final class ConnectionManager implements AutoCloseable {

    private final ProfileStore profiles;
    private final Connections.LocalEndpoint local;
    private final Secrets secrets;
    private final Map<String, CompletableFuture<QueryService>> open = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quire-connections");
        t.setDaemon(true);
        return t;
    });

    /** Dremio secrets are read from the keyring or the environment, and never asked for. */
    public ConnectionManager(ProfileStore profiles, Connections.LocalEndpoint local) {
        this(profiles, local, Secrets.system(null));
    }

    /** Dremio secrets are found by the given secrets (which may ask the user, off the FX thread). */
    public ConnectionManager(ProfileStore profiles, Connections.LocalEndpoint local, Secrets secrets) {
        this.profiles = profiles;
        this.local = local;
        this.secrets = secrets;
    }

    private DataApi client(ConnectionProfile profile) {
        return Connections.open(profile, local, CredentialsSource::of, secrets);
    }

    public CompletableFuture<List<ConnectionProfile>> profiles() {
        return CompletableFuture.supplyAsync(profiles::list, io);
    }

    public CompletableFuture<String> lastUsed() {
        return CompletableFuture.supplyAsync(profiles::lastUsed, io);
    }

    /** The connection's query service, opened once; remembers it as the last used. */
    public CompletableFuture<QueryService> open(ConnectionProfile profile) {
        CompletableFuture<QueryService> service = open.computeIfAbsent(key(profile), name ->
                CompletableFuture.supplyAsync(() -> new QueryService(client(profile)), io));
        service.whenComplete((ok, error) -> {
            if (error != null) {
                open.remove(key(profile), service);
            }
        });
        io.execute(() -> {
            try {
                profiles.setLastUsed(profile.name());
            } catch (IOException | RuntimeException e) {
                System.getLogger(ConnectionManager.class.getName()).log(System.Logger.Level.WARNING,
                        "could not remember the last connection", e);
            }
        });
        return service;
    }

    /**
     * Saves a new or changed profile (old name null for a new one); an open backend for it is closed.
     * Fails with what went wrong: the profile refused (IllegalArgumentException), or the file not
     * read or written (IOException).
     */
    public CompletableFuture<Void> save(String oldName, ConnectionProfile profile) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (oldName == null) {
                    profiles.add(profile);
                } else {
                    profiles.update(oldName, profile);
                    closeOpen(oldName);
                }
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, io);
    }

    public CompletableFuture<Void> delete(String name) {
        return CompletableFuture.runAsync(() -> {
            try {
                profiles.delete(name);
                closeOpen(name);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, io);
    }

    /**
     * Tries a profile without saving it: opens a client and lists its databases. Completes with a
     * short summary, or exceptionally with the backend's error.
     */
    public CompletableFuture<String> test(ConnectionProfile profile) {
        return CompletableFuture.supplyAsync(() -> client(profile), io)
                .thenCompose(api -> api.listDatabases(null).whenComplete((page, error) -> api.close())
                        .thenApply(page -> "Connected: " + page.items().size()
                                + (page.items().size() == 1 ? " database" : " databases") + " ("
                                + String.join(", ", page.items().subList(0, Math.min(5, page.items().size())))
                                + (page.isLast() ? "" : ", …") + ")"));
    }

    /** The names of the workgroups an Athena connection's settings can see, every page. */
    public CompletableFuture<List<String>> workgroups(ConnectionProfile profile) {
        return CompletableFuture.supplyAsync(() -> profile.settings() instanceof AthenaSettings settings
                ? Connections.athena(settings) : null, io).thenCompose(api -> {
                    if (api == null) {
                        return CompletableFuture.failedFuture(new IllegalArgumentException(
                                "Only an Athena connection has workgroups."));
                    }
                    List<String> names = new java.util.ArrayList<>();
                    return workgroupPages(api, null, names).whenComplete((ok, error) -> api.close());
                });
    }

    private static CompletableFuture<List<String>> workgroupPages(AthenaClient api, String token, List<String> names) {
        return api.listWorkGroups(token).thenCompose(page -> {
            page.items().forEach(group -> names.add(group.name()));
            return page.isLast() ? CompletableFuture.completedFuture(names)
                    : workgroupPages(api, page.nextToken(), names);
        });
    }

    private void closeOpen(String name) {
        open.keySet().removeIf(key -> {
            if (!key.startsWith(name + "\u0000")) {
                return false;
            }
            open.get(key).thenAccept(QueryService::close);
            return true;
        });
    }

    /** One backend per connection and database. */
    private static String key(ConnectionProfile profile) {
        return profile.name() + "\u0000" + profile.database();
    }


    @Override
    public void close() {
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.values().forEach(service -> service.thenAccept(QueryService::close));
    }
}
