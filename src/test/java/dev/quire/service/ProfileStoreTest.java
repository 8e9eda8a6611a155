package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.model.AppDirs;
import dev.quire.model.AthenaSettings;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.DremioSettings;
import dev.quire.model.RedshiftSettings;
import dev.quire.model.SecretRef;
import java.io.IOException;
import dev.quire.model.RedshiftSettings.Mode;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {

    @TempDir
    Path dir;

    private static final ConnectionProfile SERVERLESS = new ConnectionProfile("Analytics", new RedshiftSettings(
            Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, "analyst", "analytics-wg", null, "dev", null, null));
    private static final ConnectionProfile CLUSTER = new ConnectionProfile("Prod cluster", new RedshiftSettings(
            Mode.CLUSTER_DB_USER, "us-east-1", URI.create("https://redshift-data.us-east-1.amazonaws.com"), null,
            null, "prod-1", "sales", "report_user", null));
    private static final ConnectionProfile SECRET = new ConnectionProfile("Finance", new RedshiftSettings(
            Mode.SECRETS_MANAGER, "us-east-1", null, "finance", null, "fin-1", "ledger", null,
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:fin-AbCdEf"));

    private Path file() {
        return dir.resolve("config").resolve(ProfileStore.FILE_NAME);
    }

    private ProfileStore open() throws Exception {
        return ProfileStore.open(AppDirs.under(dir));
    }

    private static List<String> names(ProfileStore store) {
        return store.list().stream().map(ConnectionProfile::name).toList();
    }

    @Test
    void withoutAFileOnlyTheLocalEngineIsThere() throws Exception {
        ProfileStore store = open();
        assertEquals(builtIn(), store.list());
        assertEquals(ConnectionProfile.LOCAL_NAME, store.lastUsed());
        assertFalse(Files.exists(file()));
    }

    @Test
    void profilesRoundTripInTheOrderAdded() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        store.add(SECRET);
        assertEquals(builtIn(SERVERLESS, CLUSTER, SECRET), open().list());

        ConnectionProfile renamed = new ConnectionProfile("Production", new RedshiftSettings(Mode.CLUSTER_IAM,
                "us-east-2", null, "ops", null, "prod-2", "sales", null, null));
        store.update("Prod cluster", renamed);
        assertEquals(builtIn(SERVERLESS, renamed, SECRET), open().list());
        store.delete("Analytics");
        ProfileStore reopened = open();
        assertEquals(builtIn(renamed, SECRET), reopened.list());
        assertEquals(SECRET, reopened.find("Finance").orElseThrow());
        assertTrue(reopened.find("Analytics").isEmpty());
    }

    @Test
    void theLocalEngineCannotBeDeletedRenamedOrDuplicated() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        assertThrows(IllegalArgumentException.class, () -> store.delete(ConnectionProfile.LOCAL_NAME));
        assertThrows(IllegalArgumentException.class, () -> store.update(ConnectionProfile.LOCAL_NAME, SERVERLESS));
        assertThrows(IllegalArgumentException.class, () -> store.add(ConnectionProfile.local()));
        assertThrows(IllegalArgumentException.class, () -> store.add(new ConnectionProfile("LOCAL ENGINE",
                new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null,
                        null))));
        assertThrows(IllegalArgumentException.class, () -> store.update("Analytics", new ConnectionProfile(
                ConnectionProfile.LOCAL_NAME, new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null,
                "wg", null, "dev", null, null))));
        assertThrows(IllegalArgumentException.class, () -> store.delete(ConnectionProfile.LOCAL_ATHENA_NAME));
        assertThrows(IllegalArgumentException.class, () -> store.add(ConnectionProfile.localAthena()));
        assertThrows(IllegalArgumentException.class, () -> store.delete(ConnectionProfile.LOCAL_DREMIO_NAME));
        assertThrows(IllegalArgumentException.class, () -> store.add(new ConnectionProfile("local engine (dremio api)",
                new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null,
                        null))));
        assertThrows(IllegalArgumentException.class, () -> store.add(new ConnectionProfile("local engine (athena api)",
                new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null,
                        null))));
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                ConnectionProfile.LOCAL_DREMIO_NAME, "Analytics"),
                names(open()));
    }

    @Test
    void aSavedConnectionNamedLikeTheAthenaBuiltInIsKeptAndEditable() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"version\":1,\"connections\":[{\"name\":\"Local engine (Athena API)\","
                + "\"backend\":\"REDSHIFT\",\"mode\":\"SERVERLESS_WORKGROUP\",\"region\":\"eu-west-1\","
                + "\"workgroupName\":\"wg\",\"database\":\"dev\"}]}");
        ProfileStore store = open();
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_DREMIO_NAME,
                ConnectionProfile.LOCAL_ATHENA_NAME), names(store));
        assertEquals(ConnectionProfile.Backend.REDSHIFT, store.find(ConnectionProfile.LOCAL_ATHENA_NAME).orElseThrow()
                .backend(), "the saved one is listed, not the built-in");
        store.delete(ConnectionProfile.LOCAL_ATHENA_NAME);
        assertEquals(builtIn(), open().list(), "once it is gone the built-in is back");
    }

    @Test
    void namesAreUniqueAndProfilesComplete() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> store.add(
                new ConnectionProfile("analytics", new RedshiftSettings(Mode.CLUSTER_IAM, "eu-west-1", null, null, null,
                        "c", "dev", null, null))));
        assertTrue(duplicate.getMessage().contains("Analytics"), duplicate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.update("Analytics", CLUSTER));
        store.update("Analytics", new ConnectionProfile("ANALYTICS", new RedshiftSettings(Mode.SERVERLESS_WORKGROUP,
                "eu-west-1", null, null, "wg", null, "dev", null, null)));
        IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class, () -> store.add(
                new ConnectionProfile("No region", new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, null, null, null,
                        "wg", null, "dev", null, null))));
        assertEquals("Choose a region.", incomplete.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.add(new ConnectionProfile(" padded",
                new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null,
                        null))));
        assertThrows(IllegalArgumentException.class, () -> store.delete("Nobody"));
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                ConnectionProfile.LOCAL_DREMIO_NAME, "ANALYTICS", "Prod cluster"), names(open()));
    }

    @Test
    void lastUsedFollowsRenamesAndFallsBackToTheLocalEngine() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        store.setLastUsed("Prod cluster");
        assertEquals("Prod cluster", open().lastUsed());
        ConnectionProfile renamed = new ConnectionProfile("Prod", CLUSTER.settings());
        store.update("Prod cluster", renamed);
        assertEquals("Prod", open().lastUsed());
        store.delete("Prod");
        assertEquals(ConnectionProfile.LOCAL_NAME, open().lastUsed());
        assertThrows(IllegalArgumentException.class, () -> store.setLastUsed("Nobody"));
        store.setLastUsed(ConnectionProfile.LOCAL_NAME);
        assertEquals(ConnectionProfile.LOCAL_NAME, open().lastUsed());
    }

    @Test
    void aChangeMadeByAnotherWindowIsKept() throws Exception {
        ProfileStore one = open();
        ProfileStore two = open();
        one.add(SERVERLESS);
        two.add(CLUSTER);
        assertEquals(builtIn(SERVERLESS, CLUSTER), open().list());
    }

    @Test
    void membersThisVersionDoesNotKnowAreDroppedOnTheNextWrite() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"version": 1, "connections": [
                  {"name": "Hand made", "backend": "REDSHIFT", "mode": "SERVERLESS_WORKGROUP", "region": "eu-west-1",
                   "workgroupName": "wg", "database": "dev",
                   "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
                ]}""");
        ProfileStore store = open();
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                ConnectionProfile.LOCAL_DREMIO_NAME, "Hand made"), names(store));
        store.add(SERVERLESS);
        String written = Files.readString(file());
        assertFalse(written.contains("secretAccessKey") || written.contains("EXAMPLEKEY"), written);
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, ConnectionProfile.LOCAL_ATHENA_NAME,
                ConnectionProfile.LOCAL_DREMIO_NAME, "Hand made", "Analytics"), names(open()));
    }

    @Test
    void aMalformedFileGivesAClearErrorChangesNothingAndTheBackupRestores() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        byte[] good = Files.readAllBytes(file());
        byte[] torn = Arrays.copyOf(good, good.length / 2);
        Files.write(file(), torn);

        ProfileFileException error = assertThrows(ProfileFileException.class, this::open);
        assertTrue(error.getMessage().contains(file().toString()), error.getMessage());
        assertTrue(error.getMessage().contains("line "), error.getMessage());
        assertTrue(error.getMessage().contains(ProfileStore.FILE_NAME + ".bak"), error.getMessage());
        assertThrows(ProfileFileException.class, () -> store.add(SECRET));
        assertArrayEquals(torn, Files.readAllBytes(file()), "nothing is written over a file that cannot be read");

        ProfileStore restored = ProfileStore.restoreBackup(file());
        assertEquals(builtIn(SERVERLESS), restored.list());
        assertArrayEquals(torn, Files.readAllBytes(file().resolveSibling(ProfileStore.FILE_NAME + ".malformed")));
        restored.add(SECRET);
        assertEquals(builtIn(SERVERLESS, SECRET), open().list());
    }

    @Test
    void wrongShapesAreNamedInTheError() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"version": 1, "connections": [{"name": "X", "backend": "ATHENA", "mode": "LOCAL"}]}""");
        ProfileFileException backend = assertThrows(ProfileFileException.class, this::open);
        assertTrue(backend.getMessage().contains("\"X\" has backend \"ATHENA\""), backend.getMessage());
        assertTrue(backend.getMessage().contains("no earlier copy"), backend.getMessage());
        Files.writeString(file(), "{\"version\": 9, \"connections\": []}");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage().contains("newer version"));
        Files.writeString(file(), "");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage().contains("JSON object"));
        assertThrows(ProfileFileException.class, () -> ProfileStore.restoreBackup(file()));
    }

    /** A file exactly as the version before this one wrote it (version 1), one connection per Redshift mode. */
    private static final String VERSION_1 = """
            {
              "version" : 1,
              "lastUsed" : "Prod cluster",
              "connections" : [ {
                "name" : "Analytics",
                "backend" : "REDSHIFT",
                "mode" : "SERVERLESS_WORKGROUP",
                "region" : "eu-west-1",
                "awsProfile" : "analyst",
                "workgroupName" : "analytics-wg",
                "database" : "dev"
              }, {
                "name" : "Prod (IAM)",
                "backend" : "REDSHIFT",
                "mode" : "CLUSTER_IAM",
                "region" : "us-east-2",
                "endpoint" : "https://redshift-data.us-east-2.amazonaws.com",
                "awsProfile" : "ops",
                "workgroupName" : "old-wg",
                "clusterIdentifier" : "prod-2",
                "database" : "sales"
              }, {
                "name" : "Prod cluster",
                "backend" : "REDSHIFT",
                "mode" : "CLUSTER_DB_USER",
                "region" : "us-east-1",
                "clusterIdentifier" : "prod-1",
                "database" : "sales",
                "dbUser" : "report_user"
              }, {
                "name" : "Finance",
                "backend" : "REDSHIFT",
                "mode" : "SECRETS_MANAGER",
                "region" : "us-east-1",
                "endpoint" : "http://127.0.0.1:4566",
                "awsProfile" : "finance",
                "workgroupName" : "fin-wg",
                "database" : "ledger",
                "secretArn" : "arn:aws:secretsmanager:us-east-1:123456789012:secret:fin-AbCdEf"
              } ]
            }
            """;

    private static final List<ConnectionProfile> IN_VERSION_1 = List.of(
            new ConnectionProfile("Analytics", new RedshiftSettings(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null,
                    "analyst", "analytics-wg", null, "dev", null, null)),
            new ConnectionProfile("Prod (IAM)", new RedshiftSettings(Mode.CLUSTER_IAM, "us-east-2",
                    URI.create("https://redshift-data.us-east-2.amazonaws.com"), "ops", "old-wg", "prod-2", "sales",
                    null, null)),
            new ConnectionProfile("Prod cluster", new RedshiftSettings(Mode.CLUSTER_DB_USER, "us-east-1", null, null,
                    null, "prod-1", "sales", "report_user", null)),
            new ConnectionProfile("Finance", new RedshiftSettings(Mode.SECRETS_MANAGER, "us-east-1",
                    URI.create("http://127.0.0.1:4566"), "finance", "fin-wg", null, "ledger", null,
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:fin-AbCdEf")));

    private static final ConnectionProfile ATHENA = new ConnectionProfile("Lake", new AthenaSettings("eu-central-1",
            "analysts", null, "web_logs", "s3://lake-results/quire/", "lake", URI.create("http://127.0.0.1:4566")));
    private static final ConnectionProfile DREMIO = new ConnectionProfile("Dremio", new DremioSettings(
            URI.create("https://dremio.example.com:9047"), "ana", DremioSettings.Auth.PERSONAL_ACCESS_TOKEN,
            new SecretRef(SecretRef.Store.KEYRING, "quire/dremio-prod"), null, List.of("Marketing", "2024")));
    private static final ConnectionProfile DREMIO_CLOUD = new ConnectionProfile("Dremio Cloud", new DremioSettings(
            URI.create("https://api.dremio.cloud"), "ana@example.com", DremioSettings.Auth.PASSWORD,
            new SecretRef(SecretRef.Store.ENVIRONMENT, "DREMIO_PASSWORD"), "4d1f7c1e-9b0a-4c63-8f55-0f9d6c0e2a11",
            null));

    @Test
    void aVersion1FileReadsAsItWasAndTheNextChangeWritesVersion2() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), VERSION_1);
        ProfileStore store = open();
        List<ConnectionProfile> expected = new java.util.ArrayList<>(builtIn());
        expected.addAll(IN_VERSION_1);
        assertEquals(expected, store.list());
        assertEquals("Prod cluster", store.lastUsed());

        store.add(ATHENA);
        expected.add(ATHENA);
        assertEquals(expected, open().list());
        assertEquals("Prod cluster", open().lastUsed());
        assertEquals(VERSION_1, Files.readString(file().resolveSibling(ProfileStore.FILE_NAME + ".bak")),
                "the version 1 file is kept as it was");
        JsonNode written = new ObjectMapper().readTree(file().toFile());
        assertEquals(2, written.path("version").asInt());
        JsonNode finance = written.path("connections").get(3);
        assertEquals("Finance", finance.path("name").asText());
        assertEquals("REDSHIFT", finance.path("backend").asText());
        assertEquals("SECRETS_MANAGER", finance.path("settings").path("mode").asText());
        assertEquals("arn:aws:secretsmanager:us-east-1:123456789012:secret:fin-AbCdEf",
                finance.path("settings").path("secretArn").asText());
        assertFalse(finance.has("mode") || finance.has("region"), "version 2 keeps the settings apart: " + finance);
    }

    @Test
    void aVersion1RedshiftConnectionWithoutAModeIsReadAsIncomplete() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"version": 1, "connections": [{"name": "Half", "backend": "REDSHIFT", "mode": "LOCAL",
                  "region": "eu-west-1", "database": "dev"}]}""");
        ConnectionProfile half = open().find("Half").orElseThrow();
        assertEquals(new RedshiftSettings(null, "eu-west-1", null, null, null, null, "dev", null, null),
                half.settings());
        assertEquals("A Redshift connection needs a connection mode.", half.problem());
    }

    @Test
    void everyBackendRoundTripsAndNoSecretIsWritten() throws Exception {
        ProfileStore store = open();
        store.add(ATHENA);
        store.add(DREMIO);
        store.add(DREMIO_CLOUD);
        store.add(SECRET);
        assertEquals(builtIn(ATHENA, DREMIO, DREMIO_CLOUD, SECRET), open().list());
        assertEquals(AthenaSettings.DEFAULT_CATALOG, ((AthenaSettings) open().find("Lake").orElseThrow().settings())
                .catalog());
        JsonNode dremio = new ObjectMapper().readTree(file().toFile()).path("connections").get(1).path("settings");
        assertEquals("KEYRING", dremio.path("secret").path("store").asText());
        assertEquals("quire/dremio-prod", dremio.path("secret").path("name").asText());
        assertEquals(List.of("auth", "baseUrl", "context", "secret", "user"),
                sorted(dremio.fieldNames()), "only the reference to the token is stored");
    }

    private static List<String> sorted(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        java.util.Collections.sort(list);
        return list;
    }

    @Test
    void unknownMembersOfVersion2AreToleratedAndDropped() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"version": 2, "theme": "dark", "connections": [
                  {"name": "Dremio", "backend": "DREMIO", "colour": "teal",
                   "settings": {"baseUrl": "https://dremio.example.com:9047", "user": "ana",
                     "auth": "PERSONAL_ACCESS_TOKEN", "token": "dremio-pat-NOT-TO-BE-KEPT",
                     "secret": {"store": "KEYRING", "name": "quire/dremio-prod", "cached": "NOT-TO-BE-KEPT"},
                     "context": ["Marketing", "2024"]}}
                ]}""");
        ProfileStore store = open();
        assertEquals(builtIn(DREMIO), store.list());
        store.add(ATHENA);
        String written = Files.readString(file());
        assertFalse(written.contains("NOT-TO-BE-KEPT") || written.contains("colour") || written.contains("theme"),
                written);
        assertEquals(builtIn(DREMIO, ATHENA), open().list());
    }

    @Test
    void wrongVersion2ShapesAreNamedInTheError() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"version": 2, "connections": [{"name": "X", "backend": "REDSHIFT", "mode": "CLUSTER_IAM"}]}""");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage()
                .contains("\"X\" has no \"settings\" object"));
        Files.writeString(file(), """
                {"version": 2, "connections": [{"name": "X", "backend": "SNOWFLAKE", "settings": {}}]}""");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage()
                .contains("\"X\" has backend \"SNOWFLAKE\"; expected one of [LOCAL, REDSHIFT, ATHENA, DREMIO]"));
        Files.writeString(file(), """
                {"version": 2, "connections": [{"name": "X", "backend": "DREMIO", "settings": {"context": "a.b"}}]}""");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage()
                .contains("\"X\" has a context that is not a list of names"));
        Files.writeString(file(), """
                {"version": 2, "connections": [{"name": "X", "backend": "REDSHIFT",
                  "settings": {"mode": "LOCAL"}}]}""");
        assertTrue(assertThrows(ProfileFileException.class, this::open).getMessage()
                .contains("\"X\" has mode \"LOCAL\""));
    }

    @Test
    void aFileFromANewerVersionIsRefusedAndLeftAlone() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        String newer = "{\"version\": 3, \"connections\": [{\"name\": \"Later\", \"backend\": \"SNOWFLAKE\"}]}";
        Files.writeString(file(), newer);

        ProfileFileException error = assertThrows(ProfileFileException.class, this::open);
        assertTrue(error.getMessage().contains("newer version of Quire (file version 3; this version reads up to 2)"),
                error.getMessage());
        assertTrue(error.getMessage().contains(file().toString()), error.getMessage());
        assertFalse(error.getMessage().contains("restored"), "an older copy would lose the newer one's changes");
        ProfileFileException onChange = assertThrows(ProfileFileException.class, () -> store.add(CLUSTER));
        assertEquals(error.getMessage(), onChange.getMessage());
        assertEquals(newer, Files.readString(file()), "the newer file is not touched");
        assertFalse(Files.exists(file().resolveSibling(ProfileStore.FILE_NAME + ".bak")));
    }

    @Test
    void aFailedWriteSaysWhichFileAndWhyAndChangesNothing() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        byte[] before = Files.readAllBytes(file());
        Path inTheWay = file().resolveSibling(ProfileStore.FILE_NAME + ".tmp");
        Files.createDirectories(inTheWay.resolve("something"));

        IOException error = assertThrows(IOException.class, () -> store.add(CLUSTER));
        assertEquals("Could not write " + file() + ": something else is in the way (" + inTheWay + ").",
                error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertEquals(builtIn(SERVERLESS), store.list());
    }

    @Test
    void aFileInPlaceOfTheConfigFolderIsNamedWhenReading() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config"), "not a folder");
        ProfileFileException error = assertThrows(ProfileFileException.class, this::open);
        assertTrue(error.getMessage().startsWith("Could not read " + file() + ": "), error.getMessage());
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        for (Path f : List.of(file(), file().resolveSibling(ProfileStore.FILE_NAME + ".bak"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    /** The built-in connections, then the given saved ones. */
    private static List<ConnectionProfile> builtIn(ConnectionProfile... saved) {
        List<ConnectionProfile> all = new java.util.ArrayList<>(List.of(ConnectionProfile.local(),
                ConnectionProfile.localAthena(), ConnectionProfile.localDremio()));
        all.addAll(List.of(saved));
        return all;
    }
}
