package dev.quire.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.quire.aws.OwnerOnlyFiles;
import dev.quire.model.AppDirs;
import dev.quire.model.AthenaSettings;
import dev.quire.model.BackendSettings;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.ConnectionProfile.Backend;
import dev.quire.model.DremioSettings;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.SecretRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The saved connections, in connections.json in the config folder, in the order they were added.
 * The local engine is always first and is never stored, renamed or deleted. Profiles hold no
 * secrets (the records have no field for one) and members this version does not know are dropped.
 * Every change takes a lock on connections.json.lock, re-reads the file (another window or process
 * may have changed it), then replaces it atomically with an owner-only file, keeping the previous
 * good file as connections.json.bak.
 *
 * <p>Version 2 keeps each connection's settings in a "settings" object of its backend's shape;
 * version 1 (flat Redshift members) is still read, and the next change writes version 2. A file
 * from a newer version is refused and left as it is.
 *
 * <p>Thread-safe. Calls do file I/O: keep them off the UI thread.
 */
public final class ProfileStore {

    public static final String FILE_NAME = "connections.json";
    private static final int MAX_NAME_LENGTH = 128;
    static final int VERSION = 2;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** The file's content as read or written. */
    private record Saved(List<ConnectionProfile> profiles, String lastUsed) {
        Saved {
            profiles = List.copyOf(profiles);
        }
    }

    /** One monitor per file in this JVM: a file lock is held per process, not per thread. */
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private Saved saved;

    private ProfileStore(Path file, Saved saved) {
        this.file = file;
        this.saved = saved;
    }

    /** Opens the profiles in the config folder; a missing file is an empty list. */
    public static ProfileStore open(AppDirs dirs) throws IOException {
        return open(dirs.config().resolve(FILE_NAME));
    }

    public static ProfileStore open(Path file) throws IOException {
        return new ProfileStore(file, read(file).saved());
    }

    /**
     * Puts the previous good file back after the current one turned out unreadable; the
     * unreadable one is kept as connections.json.malformed.
     */
    public static ProfileStore restoreBackup(Path file) throws IOException {
        return underLock(file, () -> {
            Path backup = backupOf(file);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(backup);
            } catch (NoSuchFileException e) {
                throw new ProfileFileException("There is no previous copy of the connections to restore (" + backup
                        + ").", e);
            }
            decode(backup, bytes);
            if (Files.exists(file)) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".malformed"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            OwnerOnlyFiles.writeDurably(file, out -> out.write(bytes));
            return open(file);
        });
    }

    /**
     * The local engine first (through the Redshift Data API, then through Athena's and Dremio's,
     * unless a connection saved before those existed has the name), then the saved connections in
     * the order they were added.
     */
    public synchronized List<ConnectionProfile> list() {
        List<ConnectionProfile> all = new ArrayList<>(saved.profiles().size() + 3);
        all.add(ConnectionProfile.local());
        for (ConnectionProfile builtIn : List.of(ConnectionProfile.localAthena(), ConnectionProfile.localDremio())) {
            if (saved.profiles().stream().noneMatch(p -> sameName(p.name(), builtIn.name()))) {
                all.add(builtIn);
            }
        }
        all.addAll(saved.profiles());
        return List.copyOf(all);
    }

    public synchronized Optional<ConnectionProfile> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Adds a connection at the end of the list. */
    public synchronized void add(ConnectionProfile profile) throws IOException {
        change(current -> {
            checkNew(current, profile, null);
            List<ConnectionProfile> profiles = new ArrayList<>(current.profiles());
            profiles.add(profile);
            return new Saved(profiles, current.lastUsed());
        });
    }

    /** Replaces the named connection in place, possibly under a new name. */
    public synchronized void update(String name, ConnectionProfile profile) throws IOException {
        change(current -> {
            int at = indexOf(current, name);
            checkNew(current, profile, name);
            List<ConnectionProfile> profiles = new ArrayList<>(current.profiles());
            profiles.set(at, profile);
            String lastUsed = name.equals(current.lastUsed()) ? profile.name() : current.lastUsed();
            return new Saved(profiles, lastUsed);
        });
    }

    public synchronized void delete(String name) throws IOException {
        change(current -> {
            int at = indexOf(current, name);
            List<ConnectionProfile> profiles = new ArrayList<>(current.profiles());
            profiles.remove(at);
            return new Saved(profiles, name.equals(current.lastUsed()) ? null : current.lastUsed());
        });
    }

    /** The connection used last, or the local engine when none (or a deleted one) was. */
    public synchronized String lastUsed() {
        String last = saved.lastUsed();
        return last != null && find(last).isPresent() ? last : ConnectionProfile.LOCAL_NAME;
    }

    public synchronized void setLastUsed(String name) throws IOException {
        change(current -> {
            if (!name.equals(ConnectionProfile.LOCAL_NAME) && !name.equals(ConnectionProfile.LOCAL_ATHENA_NAME)
                    && !name.equals(ConnectionProfile.LOCAL_DREMIO_NAME)) {
                indexOf(current, name);
            }
            return new Saved(current.profiles(), name);
        });
    }

    private interface Change {
        Saved apply(Saved current) throws IOException;
    }

    private void change(Change change) throws IOException {
        underLock(file, () -> {
            Read current = read(file);
            Saved next = change.apply(current.saved());
            byte[] bytes = encode(next);
            if (current.bytes() != null) {
                write(backupOf(file), current.bytes());
            }
            write(file, bytes);
            saved = next;
            return null;
        });
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Runs a read-modify-write of the file under a lock on connections.json.lock, so that the changes
     * of other windows and processes land in between, never over each other.
     */
    private static <T> T underLock(Path file, Locked<T> action) throws IOException {
        Object local = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        synchronized (local) {
            try (FileChannel channel = openLock(file); FileLock lock = channel.lock()) {
                return action.run();
            }
        }
    }

    private static FileChannel openLock(Path file) throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(lock.toAbsolutePath().getParent());
            return OwnerOnlyFiles.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("Could not lock " + lock + ": " + reason(e), e);
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        try {
            OwnerOnlyFiles.writeDurably(target, out -> out.write(bytes));
        } catch (IOException e) {
            throw new IOException("Could not write " + target + ": " + reason(e), e);
        }
    }

    /** Why a file operation failed, in words (the JDK's exceptions often carry only a path). */
    static String reason(IOException e) {
        String where = e instanceof FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
        if (e instanceof AccessDeniedException) {
            return "permission denied" + where + ".";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + where + ".";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException) {
            return "something else is in the way" + where + ".";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + where + ".";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static int indexOf(Saved saved, String name) {
        if (ConnectionProfile.LOCAL_NAME.equals(name)) {
            throw new IllegalArgumentException("The local engine cannot be changed or deleted.");
        }
        for (int i = 0; i < saved.profiles().size(); i++) {
            if (saved.profiles().get(i).name().equals(name)) {
                return i;
            }
        }
        if (ConnectionProfile.LOCAL_ATHENA_NAME.equals(name) || ConnectionProfile.LOCAL_DREMIO_NAME.equals(name)) {
            throw new IllegalArgumentException("The local engine cannot be changed or deleted.");
        }
        throw new IllegalArgumentException("There is no connection named \"" + name + "\".");
    }

    /** Refuses a profile that cannot be saved; replacing names the profile it takes the place of. */
    private static void checkNew(Saved saved, ConnectionProfile profile, String replacing) {
        String name = profile.name();
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("A connection name cannot be blank or start or end with spaces.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A connection name has at most " + MAX_NAME_LENGTH + " characters.");
        }
        if (profile.backend() == Backend.LOCAL || ConnectionProfile.isBuiltIn(name)) {
            throw new IllegalArgumentException("There is only one local engine, and it is always there.");
        }
        for (ConnectionProfile other : saved.profiles()) {
            if (!other.name().equals(replacing) && sameName(other.name(), name)) {
                throw new IllegalArgumentException("There is already a connection named \"" + other.name() + "\".");
            }
        }
        String problem = profile.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** The file's bytes (null when there is no file) and what they hold. */
    private record Read(byte[] bytes, Saved saved) {
    }

    private static Read read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Read(null, new Saved(List.of(), null));
        } catch (IOException e) {
            throw new ProfileFileException("Could not read " + file + ": " + reason(e), e);
        }
        try {
            return new Read(bytes, decode(file, bytes));
        } catch (NewerFileException e) {
            throw new ProfileFileException(e.getMessage() + " Nothing was changed: use that version of Quire to"
                    + " change these connections.", null);
        } catch (ProfileFileException e) {
            String next = Files.exists(backupOf(file))
                    ? " Nothing was changed; the previous good version is kept in " + backupOf(file).getFileName()
                            + " and can be restored."
                    : " Nothing was changed, and there is no earlier copy to restore.";
            throw new ProfileFileException(e.getMessage() + next, e.getCause());
        }
    }

    private static Saved decode(Path file, byte[] bytes) throws ProfileFileException {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw invalid(file, "it does not hold a JSON object", null);
            }
            int version = root.path("version").asInt(0);
            if (version > VERSION) {
                throw new NewerFileException("The saved connections in " + file + " were written by a newer version"
                        + " of Quire (file version " + version + "; this version reads up to " + VERSION + ").");
            }
            JsonNode list = root.path("connections");
            if (!list.isArray()) {
                throw invalid(file, "it has no \"connections\" list", null);
            }
            List<ConnectionProfile> profiles = new ArrayList<>();
            for (JsonNode node : list) {
                ConnectionProfile profile = profile(file, node, profiles.size() + 1, version);
                if (sameName(profile.name(), ConnectionProfile.LOCAL_NAME)
                        || profiles.stream().anyMatch(p -> sameName(p.name(), profile.name()))) {
                    throw invalid(file, "the name \"" + profile.name() + "\" is used twice", null);
                }
                profiles.add(profile);
            }
            return new Saved(profiles, text(root, "lastUsed"));
        } catch (ProfileFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw invalid(file, e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw invalid(file, e.getMessage(), e);
        }
    }

    /** A file from a newer version: it is left as it is, and restoring the older copy is not offered. */
    private static final class NewerFileException extends ProfileFileException {
        NewerFileException(String message) {
            super(message, null);
        }
    }

    /** A connection of a version 1 file (flat Redshift members, or none) or of a version 2 one. */
    private static ConnectionProfile profile(Path file, JsonNode node, int number, int version)
            throws ProfileFileException {
        String name = text(node, "name");
        if (name == null || name.isBlank()) {
            throw invalid(file, "connection " + number + " has no name", null);
        }
        Members members = new Members(file, name, node);
        List<String> backends = version <= 1 ? List.of("LOCAL", "REDSHIFT") : names(Backend.values());
        Backend backend = Backend.valueOf(members.choice("backend", backends, true));
        if (backend == Backend.LOCAL) {
            throw invalid(file, "connection \"" + name + "\" names the local engine, which is not stored", null);
        }
        if (version <= 1) {
            return new ConnectionProfile(name, redshift(members, members.mode(true)));
        }
        Members settings = members.object("settings");
        return new ConnectionProfile(name, switch (backend) {
            case REDSHIFT -> redshift(settings, settings.mode(false));
            case ATHENA -> new AthenaSettings(settings.text("region"), settings.text("workgroup"),
                    settings.text("catalog"), settings.text("database"), settings.text("outputLocation"),
                    settings.text("awsProfile"), settings.uri("endpoint"));
            case DREMIO -> dremio(settings);
            case LOCAL -> throw new IllegalStateException();
        });
    }

    private static RedshiftSettings redshift(Members m, RedshiftSettings.Mode mode) throws ProfileFileException {
        return new RedshiftSettings(mode, m.text("region"), m.uri("endpoint"), m.text("awsProfile"),
                m.text("workgroupName"), m.text("clusterIdentifier"), m.text("database"), m.text("dbUser"),
                m.text("secretArn"));
    }

    private static DremioSettings dremio(Members m) throws ProfileFileException {
        String auth = m.choice("auth", names(DremioSettings.Auth.values()), false);
        SecretRef secret = null;
        if (m.node().hasNonNull("secret")) {
            Members ref = m.object("secret");
            String store = ref.choice("store", names(SecretRef.Store.values()), false);
            secret = new SecretRef(store == null ? null : SecretRef.Store.valueOf(store), ref.text("name"));
        }
        return new DremioSettings(m.uri("baseUrl"), m.text("user"),
                auth == null ? null : DremioSettings.Auth.valueOf(auth), secret, m.text("projectId"),
                m.texts("context"));
    }

    private static List<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toList();
    }

    /** One connection's members (or a part of them), named in errors by the connection's name. */
    private record Members(Path file, String connection, JsonNode node) {

        String text(String member) {
            return ProfileStore.text(node, member);
        }

        URI uri(String member) throws ProfileFileException {
            String value = text(member);
            try {
                return value == null ? null : new URI(value);
            } catch (URISyntaxException e) {
                throw invalid(file, "connection \"" + connection + "\" has an unreadable " + member + ": "
                        + e.getMessage(), e);
            }
        }

        /** One of the allowed names, or null when the member is absent and not required. */
        String choice(String member, List<String> allowed, boolean required) throws ProfileFileException {
            String value = text(member);
            if (value == null && !required || allowed.contains(value)) {
                return value;
            }
            throw invalid(file, "connection \"" + connection + "\" has " + (value == null ? "no " + member
                    : member + " \"" + value + "\"") + "; expected one of " + allowed, null);
        }

        /** Version 1 required a mode and wrote LOCAL for none; version 2 leaves it out. */
        RedshiftSettings.Mode mode(boolean version1) throws ProfileFileException {
            List<String> allowed = new ArrayList<>(names(RedshiftSettings.Mode.values()));
            if (version1) {
                allowed.add(0, "LOCAL");
            }
            String mode = choice("mode", allowed, version1);
            return mode == null || mode.equals("LOCAL") ? null : RedshiftSettings.Mode.valueOf(mode);
        }

        Members object(String member) throws ProfileFileException {
            JsonNode value = node.get(member);
            if (value == null || !value.isObject()) {
                throw invalid(file, "connection \"" + connection + "\" has no \"" + member + "\" object", null);
            }
            return new Members(file, connection, value);
        }

        List<String> texts(String member) throws ProfileFileException {
            JsonNode value = node.get(member);
            if (value == null || value.isNull()) {
                return List.of();
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode item : value) {
                texts.add(item.isTextual() ? item.asText() : null);
            }
            if (!value.isArray() || texts.contains(null)) {
                throw invalid(file, "connection \"" + connection + "\" has a " + member
                        + " that is not a list of names", null);
            }
            return texts;
        }
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static ProfileFileException invalid(Path file, String why, Throwable cause) {
        return new ProfileFileException("The saved connections in " + file + " cannot be read: " + why + ".",
                cause);
    }

    private static byte[] encode(Saved saved) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            out.writeStartObject();
            out.writeNumberField("version", VERSION);
            if (saved.lastUsed() != null) {
                out.writeStringField("lastUsed", saved.lastUsed());
            }
            out.writeArrayFieldStart("connections");
            for (ConnectionProfile p : saved.profiles()) {
                out.writeStartObject();
                out.writeStringField("name", p.name());
                out.writeStringField("backend", p.backend().name());
                out.writeObjectFieldStart("settings");
                writeSettings(out, p.settings());
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeSettings(JsonGenerator out, BackendSettings settings) throws IOException {
        if (settings instanceof RedshiftSettings r) {
            writeIfSet(out, "mode", r.mode() == null ? null : r.mode().name());
            writeIfSet(out, "region", r.region());
            writeIfSet(out, "endpoint", r.endpoint());
            writeIfSet(out, "awsProfile", r.awsProfile());
            writeIfSet(out, "workgroupName", r.workgroupName());
            writeIfSet(out, "clusterIdentifier", r.clusterIdentifier());
            writeIfSet(out, "database", r.database());
            writeIfSet(out, "dbUser", r.dbUser());
            writeIfSet(out, "secretArn", r.secretArn());
        } else if (settings instanceof AthenaSettings a) {
            writeIfSet(out, "region", a.region());
            writeIfSet(out, "workgroup", a.workgroup());
            writeIfSet(out, "catalog", a.catalog());
            writeIfSet(out, "database", a.database());
            writeIfSet(out, "outputLocation", a.outputLocation());
            writeIfSet(out, "awsProfile", a.awsProfile());
            writeIfSet(out, "endpoint", a.endpoint());
        } else if (settings instanceof DremioSettings d) {
            writeIfSet(out, "baseUrl", d.baseUrl());
            writeIfSet(out, "user", d.user());
            writeIfSet(out, "auth", d.auth() == null ? null : d.auth().name());
            if (d.secret() != null) {
                out.writeObjectFieldStart("secret");
                writeIfSet(out, "store", d.secret().store() == null ? null : d.secret().store().name());
                writeIfSet(out, "name", d.secret().name());
                out.writeEndObject();
            }
            writeIfSet(out, "projectId", d.projectId());
            if (!d.context().isEmpty()) {
                out.writeArrayFieldStart("context");
                for (String part : d.context()) {
                    out.writeString(part);
                }
                out.writeEndArray();
            }
        } else {
            throw new IllegalArgumentException("The local engine is not stored.");
        }
    }

    private static void writeIfSet(JsonGenerator out, String name, Object value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value.toString());
        }
    }
}
