package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.model.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A secret is found in its own place, then in DREMIO_TOKEN, then by asking; looked up once; never shown. */
class SecretsTest {

    static final SecretRef KEYRING = new SecretRef(SecretRef.Store.KEYRING, "dremio-prod");
    static final SecretRef VARIABLE = new SecretRef(SecretRef.Store.ENVIRONMENT, "LAKE_TOKEN");

    static Secrets.Keyring keyring(Map<String, String> entries, List<String> asked) {
        return (service, account) -> {
            asked.add(service + "/" + account);
            return entries.get(account);
        };
    }

    @Test
    void theKeyringsEntryComesFirst() {
        List<String> asked = new ArrayList<>();
        Secrets secrets = new Secrets(keyring(Map.of("dremio-prod", "from-keyring"), asked),
                Map.of("DREMIO_TOKEN", "from-env")::get, ref -> "typed");
        assertEquals("from-keyring", secrets.find(KEYRING));
        assertEquals(List.of("Quire/dremio-prod"), asked);
    }

    @Test
    void withoutAKeyringDremioTokenThenThePromptAnswer() {
        Secrets.Keyring none = (service, account) -> {
            throw new UnsupportedOperationException("no Secret Service on this desktop");
        };
        assertEquals("from-env", new Secrets(none, Map.of("DREMIO_TOKEN", "from-env")::get, null).find(KEYRING));
        List<SecretRef> prompted = new ArrayList<>();
        Secrets asking = new Secrets(none, Map.<String, String>of()::get, ref -> {
            prompted.add(ref);
            return "typed";
        });
        assertEquals("typed", asking.find(KEYRING));
        assertEquals(List.of(KEYRING), prompted);
    }

    @Test
    void aNamedVariableIsReadAndNothingFoundSaysWhereItLooked() {
        Secrets secrets = new Secrets(keyring(Map.of(), new ArrayList<>()), Map.of("LAKE_TOKEN", "lake")::get, null);
        assertEquals("lake", secrets.find(VARIABLE));
        Secrets empty = new Secrets(keyring(Map.of(), new ArrayList<>()), Map.of("DREMIO_TOKEN", " ")::get,
                ref -> "");
        assertEquals("LAKE_TOKEN is not set; DREMIO_TOKEN is not set.",
                assertThrows(IllegalStateException.class, () -> empty.find(VARIABLE)).getMessage());
        assertEquals("the keyring has no entry dremio-prod; DREMIO_TOKEN is not set.",
                assertThrows(IllegalStateException.class, () -> empty.find(KEYRING)).getMessage());
    }

    @Test
    void theSupplierLooksOnceAndDoesNotShowTheSecret() {
        List<String> asked = new ArrayList<>();
        Supplier<String> secret = new Secrets(keyring(Map.of("dremio-prod", "s3cr3t"), asked), name -> null, null)
                .supplier(KEYRING);
        assertEquals("s3cr3t", secret.get());
        assertEquals("s3cr3t", secret.get());
        assertEquals(1, asked.size());
        assertFalse(secret.toString().contains("s3cr3t"), secret.toString());
    }
}
