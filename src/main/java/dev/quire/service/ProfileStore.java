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
import dev.quire.model.ConnectionProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The saved connections, in connections.json in the config folder, in the order they were added.
 * The local engine is always first and is never stored, renamed or deleted. Profiles hold no
 * secrets (the record has no field for one) and members this version does not know are dropped.
 * Every change re-reads the file (another window may have changed it), then replaces it
 * atomically, keeping the previous good file as connections.json.bak.
 *
 * <p>Thread-safe. Calls do file I/O: keep them off the UI thread.
 */
public final class ProfileStore {

    public static final String FILE_NAME = "connections.json";
    private static final int MAX_NAME_LENGTH = 128;
    static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** The file's content as read or written. */
    private record Saved(List<ConnectionProfile> profiles, String lastUsed) {
        Saved {
            profiles = List.copyOf(profiles);
        }
    }

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
    }

    /** The local engine first, then the saved connections in the order they were added. */
    public synchronized List<ConnectionProfile> list() {
        List<ConnectionProfile> all = new ArrayList<>(saved.profiles().size() + 1);
        all.add(ConnectionProfile.local());
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
            if (!name.equals(ConnectionProfile.LOCAL_NAME)) {
                indexOf(current, name);
            }
            return new Saved(current.profiles(), name);
        });
    }

    private interface Change {
        Saved apply(Saved current) throws IOException;
    }

    private void change(Change change) throws IOException {
        Read current = read(file);
        Saved next = change.apply(current.saved());
        byte[] bytes = encode(next);
        if (current.bytes() != null) {
            OwnerOnlyFiles.writeDurably(backupOf(file), out -> out.write(current.bytes()));
        }
        OwnerOnlyFiles.writeDurably(file, out -> out.write(bytes));
        saved = next;
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
        if (profile.backend() == ConnectionProfile.Backend.LOCAL || sameName(name, ConnectionProfile.LOCAL_NAME)) {
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
        }
        try {
            return new Read(bytes, decode(file, bytes));
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
                throw invalid(file, "it was written by a newer version of Quire", null);
            }
            JsonNode list = root.path("connections");
            if (!list.isArray()) {
                throw invalid(file, "it has no \"connections\" list", null);
            }
            List<ConnectionProfile> profiles = new ArrayList<>();
            for (JsonNode node : list) {
                ConnectionProfile profile = profile(file, node, profiles.size() + 1);
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

    private static ConnectionProfile profile(Path file, JsonNode node, int number) throws ProfileFileException {
        String name = text(node, "name");
        if (name == null || name.isBlank()) {
            throw invalid(file, "connection " + number + " has no name", null);
        }
        ConnectionProfile.Backend backend = choice(file, node, "backend", ConnectionProfile.Backend.class, name);
        if (backend == ConnectionProfile.Backend.LOCAL) {
            throw invalid(file, "connection \"" + name + "\" names the local engine, which is not stored", null);
        }
        ConnectionProfile.Mode mode = choice(file, node, "mode", ConnectionProfile.Mode.class, name);
        URI endpoint = null;
        String endpointText = text(node, "endpoint");
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw invalid(file, "connection \"" + name + "\" has an unreadable endpoint: " + e.getMessage(), e);
            }
        }
        return new ConnectionProfile(name, backend, mode, text(node, "region"), endpoint, text(node, "awsProfile"),
                text(node, "workgroupName"), text(node, "clusterIdentifier"), text(node, "database"),
                text(node, "dbUser"), text(node, "secretArn"));
    }

    private static <E extends Enum<E>> E choice(Path file, JsonNode node, String member, Class<E> type, String name)
            throws ProfileFileException {
        String value = text(node, member);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw invalid(file, "connection \"" + name + "\" has " + (value == null ? "no " + member
                : member + " \"" + value + "\"") + "; expected one of " + Arrays.toString(type.getEnumConstants()),
                null);
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
                out.writeStringField("mode", p.mode().name());
                writeIfSet(out, "region", p.region());
                writeIfSet(out, "endpoint", p.endpoint() == null ? null : p.endpoint().toString());
                writeIfSet(out, "awsProfile", p.awsProfile());
                writeIfSet(out, "workgroupName", p.workgroupName());
                writeIfSet(out, "clusterIdentifier", p.clusterIdentifier());
                writeIfSet(out, "database", p.database());
                writeIfSet(out, "dbUser", p.dbUser());
                writeIfSet(out, "secretArn", p.secretArn());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }
}
