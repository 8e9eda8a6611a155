package dev.quire.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of credentials in a child JVM with the runtime's class path (none of the SDK's own HTTP
 * clients), a home folder of its own and a local stand-in for STS and the SSO portal: the
 * environment, static keys, assume-role, SSO after {@code aws sso login}, and credential_process.
 */
class CredentialsRuntimeTest {

    @TempDir
    Path home;

    @Test
    void everyKindOfCredentialsResolvesOnTheRuntimeClassPath() throws Exception {
        List<RecordedRequest> seen = new ArrayList<>();
        try (MockWebServer aws = new MockWebServer()) {
            aws.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    synchronized (seen) {
                        seen.add(request);
                    }
                    String body = request.getBody().readUtf8();
                    if (request.getPath().startsWith("/federation/credentials")
                            && "sso-access-token".equals(request.getHeader("x-amz-sso_bearer_token"))) {
                        return new MockResponse().setHeader("Content-Type", "application/json").setBody(
                                "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"sso-secret\","
                                        + "\"sessionToken\":\"sso-session\",\"expiration\":4102444800000}}");
                    }
                    if (body.contains("Action=AssumeRole")) {
                        return new MockResponse().setHeader("Content-Type", "text/xml").setBody("""
                                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                                  <AssumeRoleResult>
                                    <Credentials>
                                      <AccessKeyId>ASIAROLE</AccessKeyId>
                                      <SecretAccessKey>role-secret</SecretAccessKey>
                                      <SessionToken>role-session</SessionToken>
                                      <Expiration>2099-12-31T00:00:00Z</Expiration>
                                    </Credentials>
                                    <AssumedRoleUser>
                                      <AssumedRoleId>AROAEXAMPLE:quire</AssumedRoleId>
                                      <Arn>arn:aws:sts::123456789012:assumed-role/analyst/quire</Arn>
                                    </AssumedRoleUser>
                                  </AssumeRoleResult>
                                  <ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>
                                </AssumeRoleResponse>
                                """);
                    }
                    return new MockResponse().setResponseCode(400).setBody("unexpected " + request.getPath());
                }
            });
            aws.start();
            writeAwsFolder();

            Map<String, String> out = probe(aws.url("/").toString().replaceAll("/$", ""),
                    "-", "static", "role", "sso", "process", "missing");

            assertEquals("dev.quire.aws.OkHttpSdkHttpService", out.get("http"), "the only SDK HTTP client");
            assertEquals("default eu-west-1|process null|role us-east-1|sso us-east-2|static us-west-2",
                    out.get("profile"));
            assertEquals("AKIDENV token", out.get("credentials -"));
            assertEquals("AKIDSTATIC no-token", out.get("credentials static"));
            assertEquals("ASIAROLE token", out.get("credentials role"));
            assertEquals("ASIASSO token", out.get("credentials sso"));
            assertEquals("AKIDPROCESS token", out.get("credentials process"));
            assertTrue(out.get("error missing").startsWith("AWS profile 'missing' gave no credentials"),
                    out.get("error missing"));
        }
        RecordedRequest assumeRole = seen.stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElse(null);
        assertNotNull(assumeRole, "STS was asked");
        assertTrue(assumeRole.getHeader("Authorization").contains("Credential=AKIDSTATIC/"),
                "assume-role signs with the source profile's keys");
    }

    void writeAwsFolder() throws Exception {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Path script = aws.resolve("creds.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIDPROCESS\","
                + "\"SecretAccessKey\":\"process-secret\",\"SessionToken\":\"process-session\"}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(aws.resolve("config"), """
                [default]
                region = eu-west-1

                [profile static]
                region = us-west-2

                [profile role]
                role_arn = arn:aws:iam::123456789012:role/analyst
                role_session_name = quire
                source_profile = static
                region = us-east-1

                [profile sso]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Analyst
                region = us-east-2

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access

                [profile process]
                credential_process = %s
                """.formatted(script));
        Files.writeString(aws.resolve("credentials"),
                "[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = static-secret\n");
        // what `aws sso login --sso-session corp` leaves: the token cached under the SHA-1 of the session name
        Path cache = Files.createDirectories(aws.resolve("sso").resolve("cache"));
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest("corp".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(cache.resolve(key + ".json"), """
                {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
                 "accessToken": "sso-access-token", "expiresAt": "2099-12-31T00:00:00Z",
                 "clientId": "client", "clientSecret": "client-secret",
                 "registrationExpiresAt": "2099-12-31T00:00:00Z", "refreshToken": "refresh"}
                """);
    }

    /** Runs the probe; answers its lines by their first word (and name), lines of one key joined with '|'. */
    Map<String, String> probe(String endpoint, String... names) throws IOException, InterruptedException {
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.matches(".*(apache5-client|apache-client|httpclient5|httpcore5|netty).*"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, CredentialsProbe.class.getName()));
        command.addAll(List.of(names));
        Path log = home.resolve("probe.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDENV");
        env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        env.put("AWS_SESSION_TOKEN", "env-session");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_STS", endpoint);
        env.put("AWS_ENDPOINT_URL_SSO", endpoint);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(!process.isAlive() && process.exitValue() == 0, output);
        return output.lines().filter(line -> line.matches("(http|profile|credentials|error) .*"))
                .collect(Collectors.toMap(CredentialsRuntimeTest::key, CredentialsRuntimeTest::value,
                        (a, b) -> a + "|" + b));
    }

    static String key(String line) {
        String[] words = line.split(" ", 3);
        return words[0].equals("credentials") || words[0].equals("error") ? words[0] + " " + words[1] : words[0];
    }

    static String value(String line) {
        return line.substring(key(line).length() + 1);
    }
}
