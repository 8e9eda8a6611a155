package dev.quire.aws;

import java.util.ServiceLoader;
import software.amazon.awssdk.http.SdkHttpService;

/**
 * Run in a child JVM by {@link CredentialsRuntimeTest}: prints the SDK HTTP services it can load,
 * the profiles with their regions, then for each argument (a profile name, or "-" for the default
 * chain) the access key id and whether there is a session token, or the error.
 */
public final class CredentialsProbe {

    public static void main(String[] args) {
        ServiceLoader.load(SdkHttpService.class).forEach(s -> System.out.println("http " + s.getClass().getName()));
        AwsProfile.list().forEach(p -> System.out.println("profile " + p.name() + " " + p.region()));
        for (String name : args) {
            try (CredentialsSource source = CredentialsSource.of(name.equals("-") ? null : name)) {
                Credentials c = source.get();
                System.out.println("credentials " + name + " " + c.accessKeyId() + " "
                        + (c.sessionToken() == null ? "no-token" : "token"));
            } catch (RuntimeException e) {
                System.out.println("error " + name + " " + e.getMessage().replace('\n', ' '));
            }
        }
    }

    private CredentialsProbe() {
    }
}
