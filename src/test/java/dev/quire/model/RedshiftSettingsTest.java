package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quire.model.RedshiftSettings.Mode;
import org.junit.jupiter.api.Test;

class RedshiftSettingsTest {

    private static RedshiftSettings of(Mode mode, String region, String workgroup, String cluster, String database,
                                       String dbUser, String secretArn) {
        return new RedshiftSettings(mode, region, null, null, workgroup, cluster, database, dbUser, secretArn);
    }

    @Test
    void regionAndDatabaseComeFirst() {
        assertEquals("Choose a region.", of(Mode.SERVERLESS_WORKGROUP, " ", "wg", null, "dev", null, null).problem());
        assertEquals("Enter a database name.", of(Mode.SERVERLESS_WORKGROUP, "eu-west-1", "wg", null, null, null, null)
                .problem());
        assertEquals("A Redshift connection needs a connection mode.",
                of(null, "eu-west-1", "wg", null, "dev", null, null).problem());
    }

    @Test
    void eachModeNeedsItsOwnMembers() {
        assertEquals("Enter the workgroup name.",
                of(Mode.SERVERLESS_WORKGROUP, "eu-west-1", null, "c", "dev", null, null).problem());
        assertNull(of(Mode.SERVERLESS_WORKGROUP, "eu-west-1", "wg", null, "dev", null, null).problem());

        assertEquals("Enter the cluster identifier.",
                of(Mode.CLUSTER_IAM, "eu-west-1", "wg", "", "dev", null, null).problem());
        assertNull(of(Mode.CLUSTER_IAM, "eu-west-1", null, "c", "dev", null, null).problem());

        assertEquals("Enter the cluster identifier.",
                of(Mode.CLUSTER_DB_USER, "eu-west-1", null, null, "dev", "alice", null).problem());
        assertEquals("Enter the database user.",
                of(Mode.CLUSTER_DB_USER, "eu-west-1", null, "c", "dev", " ", null).problem());
        assertNull(of(Mode.CLUSTER_DB_USER, "eu-west-1", null, "c", "dev", "alice", null).problem());

        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rs";
        assertEquals("Enter the secret's ARN.",
                of(Mode.SECRETS_MANAGER, "eu-west-1", "wg", null, "dev", null, null).problem());
        assertEquals("Enter the workgroup name or the cluster identifier.",
                of(Mode.SECRETS_MANAGER, "eu-west-1", null, null, "dev", null, arn).problem());
        assertNull(of(Mode.SECRETS_MANAGER, "eu-west-1", "wg", null, "dev", null, arn).problem());
        assertNull(of(Mode.SECRETS_MANAGER, "eu-west-1", null, "c", "dev", null, arn).problem());
    }

    @Test
    void anotherDatabaseKeepsEverythingElse() {
        RedshiftSettings settings = of(Mode.CLUSTER_DB_USER, "eu-west-1", "wg", "c", "dev", "alice", null);
        assertEquals(of(Mode.CLUSTER_DB_USER, "eu-west-1", "wg", "c", "sales", "alice", null),
                settings.withDatabase("sales"));
        assertEquals("sales", settings.withDatabase("sales").database());
        assertEquals(ConnectionProfile.Backend.REDSHIFT, settings.backend());
    }
}
