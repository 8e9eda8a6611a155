package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quire.model.DremioSettings.Auth;
import dev.quire.model.SecretRef.Store;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DremioSettingsTest {

    private static final URI URL = URI.create("https://dremio.example.com:9047");
    private static final SecretRef KEYRING = new SecretRef(Store.KEYRING, "quire/dremio");

    private static DremioSettings of(URI url, String user, Auth auth, SecretRef secret) {
        return new DremioSettings(url, user, auth, secret, null, List.of());
    }

    @Test
    void theUrlIsHttpOrHttpsWithAHost() {
        assertEquals("Enter Dremio's URL, e.g. https://dremio.example.com:9047.",
                of(null, "ana", Auth.PASSWORD, KEYRING).problem());
        String wrong = "Dremio's URL must start with http:// or https:// and name a host.";
        assertEquals(wrong, of(URI.create("dremio.example.com:9047"), "ana", Auth.PASSWORD, KEYRING).problem());
        assertEquals(wrong, of(URI.create("file:///tmp/dremio"), "ana", Auth.PASSWORD, KEYRING).problem());
        assertNull(of(URI.create("http://localhost:9047"), "ana", Auth.PASSWORD, KEYRING).problem());
        assertNull(of(URI.create("HTTPS://api.dremio.cloud"), null, Auth.PERSONAL_ACCESS_TOKEN, KEYRING).problem());
    }

    @Test
    void aPasswordNeedsAUserAndEitherNeedsWhereTheSecretIsKept() {
        assertEquals("Choose how to sign in: a personal access token or a password.",
                of(URL, "ana", null, KEYRING).problem());
        assertEquals("Enter the user name.", of(URL, " ", Auth.PASSWORD, KEYRING).problem());
        assertNull(of(URL, null, Auth.PERSONAL_ACCESS_TOKEN, KEYRING).problem(), "a token names its user itself");
        assertEquals("Name where the password is kept: a keyring entry or an environment variable.",
                of(URL, "ana", Auth.PASSWORD, null).problem());
        assertEquals("Name where the token is kept: a keyring entry or an environment variable.",
                of(URL, "ana", Auth.PERSONAL_ACCESS_TOKEN, null).problem());
    }

    @Test
    void theSecretsReferenceIsChecked() {
        assertEquals("Enter the keyring entry's name.",
                of(URL, "ana", Auth.PASSWORD, new SecretRef(Store.KEYRING, "")).problem());
        assertEquals("Enter the environment variable's name.",
                of(URL, "ana", Auth.PASSWORD, new SecretRef(Store.ENVIRONMENT, null)).problem());
        assertEquals("An environment variable's name has only letters, digits and _, and does not start with a digit.",
                of(URL, "ana", Auth.PASSWORD, new SecretRef(Store.ENVIRONMENT, "1TOKEN")).problem());
        assertEquals("An environment variable's name has only letters, digits and _, and does not start with a digit.",
                of(URL, "ana", Auth.PASSWORD, new SecretRef(Store.ENVIRONMENT, "DREMIO-TOKEN")).problem());
        assertEquals("Choose where the secret is kept: the keyring or an environment variable.",
                of(URL, "ana", Auth.PASSWORD, new SecretRef(null, "x")).problem());
        assertNull(of(URL, "ana", Auth.PASSWORD, new SecretRef(Store.ENVIRONMENT, "DREMIO_TOKEN")).problem());
    }

    @Test
    void projectAndContextAreOptionalButNotBlank() {
        assertNull(new DremioSettings(URL, "ana", Auth.PASSWORD, KEYRING, "4d1f7c1e", List.of("Sales", "2024"))
                .problem());
        assertEquals("The project ID cannot be blank; leave it out for Dremio Software.",
                new DremioSettings(URL, "ana", Auth.PASSWORD, KEYRING, " ", null).problem());
        assertEquals("A context's space or folder name cannot be blank.",
                new DremioSettings(URL, "ana", Auth.PASSWORD, KEYRING, null, Arrays.asList("Sales", " ")).problem());
        assertEquals(List.of(), new DremioSettings(URL, "ana", Auth.PASSWORD, KEYRING, null, null).context());
    }

    @Test
    void dremioHasNoDatabase() {
        DremioSettings settings = of(URL, "ana", Auth.PASSWORD, KEYRING);
        assertNull(settings.database());
        assertSame(settings, settings.withDatabase("dev"));
        assertEquals(ConnectionProfile.Backend.DREMIO, settings.backend());
    }
}
