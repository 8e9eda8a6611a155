package dev.quire.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.AppDirs;
import dev.quire.model.ConnectionProfile;
import dev.quire.model.ConnectionProfile.Backend;
import dev.quire.model.ConnectionProfile.Mode;
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

    private static final ConnectionProfile SERVERLESS = new ConnectionProfile("Analytics", Backend.REDSHIFT,
            Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, "analyst", "analytics-wg", null, "dev", null, null);
    private static final ConnectionProfile CLUSTER = new ConnectionProfile("Prod cluster", Backend.REDSHIFT,
            Mode.CLUSTER_DB_USER, "us-east-1", URI.create("https://redshift-data.us-east-1.amazonaws.com"), null,
            null, "prod-1", "sales", "report_user", null);
    private static final ConnectionProfile SECRET = new ConnectionProfile("Finance", Backend.REDSHIFT,
            Mode.SECRETS_MANAGER, "us-east-1", null, "finance", null, "fin-1", "ledger", null,
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:fin-AbCdEf");

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
        assertEquals(List.of(ConnectionProfile.local()), store.list());
        assertEquals(ConnectionProfile.LOCAL_NAME, store.lastUsed());
        assertFalse(Files.exists(file()));
    }

    @Test
    void profilesRoundTripInTheOrderAdded() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        store.add(SECRET);
        assertEquals(List.of(ConnectionProfile.local(), SERVERLESS, CLUSTER, SECRET), open().list());

        ConnectionProfile renamed = new ConnectionProfile("Production", Backend.REDSHIFT, Mode.CLUSTER_IAM,
                "us-east-2", null, "ops", null, "prod-2", "sales", null, null);
        store.update("Prod cluster", renamed);
        assertEquals(List.of(ConnectionProfile.local(), SERVERLESS, renamed, SECRET), open().list());
        store.delete("Analytics");
        ProfileStore reopened = open();
        assertEquals(List.of(ConnectionProfile.local(), renamed, SECRET), reopened.list());
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
                Backend.REDSHIFT, Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null, null)));
        assertThrows(IllegalArgumentException.class, () -> store.update("Analytics", new ConnectionProfile(
                ConnectionProfile.LOCAL_NAME, Backend.REDSHIFT, Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null,
                "wg", null, "dev", null, null)));
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, "Analytics"), names(open()));
    }

    @Test
    void namesAreUniqueAndProfilesComplete() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> store.add(
                new ConnectionProfile("analytics", Backend.REDSHIFT, Mode.CLUSTER_IAM, "eu-west-1", null, null, null,
                        "c", "dev", null, null)));
        assertTrue(duplicate.getMessage().contains("Analytics"), duplicate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.update("Analytics", CLUSTER));
        store.update("Analytics", new ConnectionProfile("ANALYTICS", Backend.REDSHIFT, Mode.SERVERLESS_WORKGROUP,
                "eu-west-1", null, null, "wg", null, "dev", null, null));
        IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class, () -> store.add(
                new ConnectionProfile("No region", Backend.REDSHIFT, Mode.SERVERLESS_WORKGROUP, null, null, null,
                        "wg", null, "dev", null, null)));
        assertEquals("Choose a region.", incomplete.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.add(new ConnectionProfile(" padded", Backend.REDSHIFT,
                Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, null, "wg", null, "dev", null, null)));
        assertThrows(IllegalArgumentException.class, () -> store.delete("Nobody"));
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, "ANALYTICS", "Prod cluster"), names(open()));
    }

    @Test
    void lastUsedFollowsRenamesAndFallsBackToTheLocalEngine() throws Exception {
        ProfileStore store = open();
        store.add(SERVERLESS);
        store.add(CLUSTER);
        store.setLastUsed("Prod cluster");
        assertEquals("Prod cluster", open().lastUsed());
        ConnectionProfile renamed = new ConnectionProfile("Prod", CLUSTER.backend(), CLUSTER.mode(), CLUSTER.region(),
                CLUSTER.endpoint(), null, null, CLUSTER.clusterIdentifier(), CLUSTER.database(), CLUSTER.dbUser(),
                null);
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
        assertEquals(List.of(ConnectionProfile.local(), SERVERLESS, CLUSTER), open().list());
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
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, "Hand made"), names(store));
        store.add(SERVERLESS);
        String written = Files.readString(file());
        assertFalse(written.contains("secretAccessKey") || written.contains("EXAMPLEKEY"), written);
        assertEquals(List.of(ConnectionProfile.LOCAL_NAME, "Hand made", "Analytics"), names(open()));
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
        assertEquals(List.of(ConnectionProfile.local(), SERVERLESS), restored.list());
        assertArrayEquals(torn, Files.readAllBytes(file().resolveSibling(ProfileStore.FILE_NAME + ".malformed")));
        restored.add(SECRET);
        assertEquals(List.of(ConnectionProfile.local(), SERVERLESS, SECRET), open().list());
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
}
