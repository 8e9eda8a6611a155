package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConnectionProfileTest {

    @Test
    void theLocalEngineIsAlwaysComplete() {
        ConnectionProfile local = ConnectionProfile.local();
        assertEquals(ConnectionProfile.LOCAL_NAME, local.name());
        assertEquals(ConnectionProfile.Backend.LOCAL, local.backend());
        assertEquals("dev", local.database());
        assertNull(local.problem());
        assertNull(new LocalSettings(null, " ").problem(), "blanks take the engine's defaults");
    }

    @Test
    void anotherDatabaseKeepsTheNameAndBackend() {
        ConnectionProfile other = ConnectionProfile.local().withDatabase("sales");
        assertEquals(new ConnectionProfile(ConnectionProfile.LOCAL_NAME, new LocalSettings("local", "sales")), other);
        assertEquals("sales", other.database());
    }

    @Test
    void theProfileAsksItsSettings() {
        ConnectionProfile athena = new ConnectionProfile("Lake", new AthenaSettings(null, null, null, "logs", null,
                null, null));
        assertEquals(ConnectionProfile.Backend.ATHENA, athena.backend());
        assertEquals("Choose a region.", athena.problem());
        assertEquals("logs", athena.database());
    }
}
