package dev.quire.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;

/** Credentials through the SDK's providers from profile files written for the test. */
class CredentialsSourceTest {

    @TempDir
    Path dir;

    Path config() {
        return dir.resolve("config");
    }

    Path credentials() {
        return dir.resolve("credentials");
    }

    /** The two files, read again when they change, as the AWS CLI's default files are. */
    Supplier<ProfileFile> profiles() {
        return ProfileFileSupplier.aggregate(
                ProfileFileSupplier.reloadWhenModified(config(), ProfileFile.Type.CONFIGURATION),
                ProfileFileSupplier.reloadWhenModified(credentials(), ProfileFile.Type.CREDENTIALS));
    }

    void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }

    @Test
    void staticKeysFromTheCredentialsFileAndChangesWithoutRestart() throws IOException {
        write(config(), "[profile analyst]\nregion = eu-west-1\n");
        write(credentials(), "[analyst]\naws_access_key_id = AKIDFIRST\naws_secret_access_key = first-secret\n");
        try (CredentialsSource source = CredentialsSource.of("analyst", profiles())) {
            Credentials first = source.get();
            assertEquals("AKIDFIRST", first.accessKeyId());
            assertEquals("first-secret", first.secretAccessKey());
            assertNull(first.sessionToken());
            assertFalse(first.toString().contains("first-secret"));

            write(credentials(), "[analyst]\naws_access_key_id = AKIDSECOND\naws_secret_access_key = second\n"
                    + "aws_session_token = session-2\n");
            Files.setLastModifiedTime(credentials(), FileTime.from(Instant.now().plusSeconds(5)));
            Credentials second = until(source, c -> c.accessKeyId().equals("AKIDSECOND"));
            assertEquals("session-2", second.sessionToken());
        }
    }

    @Test
    void sessionTokenFromTheConfigFile() throws IOException {
        write(config(), "[profile temp]\naws_access_key_id = ASIATEMP\naws_secret_access_key = s\n"
                + "aws_session_token = token-1\n");
        write(credentials(), "");
        try (CredentialsSource source = CredentialsSource.of("temp", profiles())) {
            Credentials c = source.get();
            assertEquals("ASIATEMP", c.accessKeyId());
            assertEquals("token-1", c.sessionToken());
        }
    }

    @Test
    void credentialProcessRunsAgainWhenItsCredentialsNearTheirEnd() throws IOException {
        // they expire in 10 s, within the SDK's 15 s refresh margin: each new get() runs the process again
        Instant expires = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        Path script = dir.resolve("creds.sh");
        write(script, """
                #!/bin/sh
                n=$(( $(cat "$0.count" 2>/dev/null || echo 0) + 1 ))
                echo "$n" > "$0.count"
                printf '{"Version":1,"AccessKeyId":"AKIDPROC%%s","SecretAccessKey":"secret","SessionToken":"token%%s","Expiration":"%s"}\\n' "$n" "$n"
                """.formatted(expires));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        write(config(), "[profile process]\ncredential_process = " + script + "\n");
        write(credentials(), "");
        try (CredentialsSource source = CredentialsSource.of("process", profiles())) {
            Credentials first = source.get();
            assertEquals("AKIDPROC1", first.accessKeyId());
            assertEquals("token1", first.sessionToken());
            Credentials later = until(source, c -> !c.accessKeyId().equals("AKIDPROC1"));
            assertTrue(later.accessKeyId().matches("AKIDPROC[2-9]"), later.toString());
        }
    }

    @Test
    void missingProfileNamesItself() throws IOException {
        write(config(), "[profile other]\nregion = us-east-1\n");
        write(credentials(), "");
        try (CredentialsSource source = CredentialsSource.of("nowhere", profiles())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, source::get);
            assertTrue(e.getMessage().startsWith("AWS profile 'nowhere' gave no credentials: "), e.getMessage());
        }
    }

    @Test
    void listsProfilesWithTheirRegions() throws IOException {
        write(config(), """
                [default]
                region = eu-west-1

                [profile sso]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Analyst
                region = us-east-2

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                """);
        write(credentials(), "[keys]\naws_access_key_id = AKID\naws_secret_access_key = s\n");
        assertEquals(List.of(new AwsProfile("default", "eu-west-1"), new AwsProfile("keys", null),
                new AwsProfile("sso", "us-east-2")), AwsProfile.list(profiles().get()));
    }

    /** Asks the source until its answer passes, for at most 10 seconds. */
    static Credentials until(CredentialsSource source, java.util.function.Predicate<Credentials> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Credentials c = source.get();
            if (done.test(c)) {
                return c;
            }
            assertTrue(System.nanoTime() < deadline, "credentials did not change: " + c);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
