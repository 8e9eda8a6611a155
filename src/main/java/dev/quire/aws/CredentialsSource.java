package dev.quire.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * AWS credentials from the AWS SDK's own providers, so that they are found where the AWS CLI finds
 * them: a named profile (static keys, SSO after {@code aws sso login}, assume-role,
 * {@code credential_process}) or, without a name, the default chain (system properties, environment
 * variables, web identity, the default or {@code AWS_PROFILE} profile, container and instance roles).
 *
 * <p>Every {@link #get()} asks the provider, which caches temporary credentials and refreshes them
 * before they expire; the profile files are read again when they change. A call may do I/O (an STS
 * or SSO refresh), so it belongs on a background thread.
 */
public final class CredentialsSource implements Supplier<Credentials>, AutoCloseable {

    private final String profile;
    private final AwsCredentialsProvider provider;

    private CredentialsSource(String profile, AwsCredentialsProvider provider) {
        this.profile = profile;
        this.provider = provider;
    }

    /** The named profile of the user's AWS config and credentials files; null or blank: the default chain. */
    public static CredentialsSource of(String profile) {
        return of(profile, ProfileFileSupplier.defaultSupplier());
    }

    /** As {@link #of(String)}, with the profiles read from the given supplier. */
    public static CredentialsSource of(String profile, Supplier<ProfileFile> profiles) {
        if (profile == null || profile.isBlank()) {
            return new CredentialsSource(null, DefaultCredentialsProvider.builder().profileFile(profiles).build());
        }
        return new CredentialsSource(profile, ProfileCredentialsProvider.builder()
                .profileFile(profiles)
                .profileName(profile)
                .build());
    }

    /** The current credentials; throws IllegalStateException, naming the profile, when there are none. */
    @Override
    public Credentials get() {
        AwsCredentials resolved;
        try {
            resolved = provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new IllegalStateException((profile == null ? "The default AWS credentials"
                    : "AWS profile '" + profile + "'") + " gave no credentials: " + e.getMessage(), e);
        }
        String sessionToken = resolved instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        return new Credentials(resolved.accessKeyId(), resolved.secretAccessKey(), sessionToken);
    }

    @Override
    public void close() {
        if (provider instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "CredentialsSource[" + (profile == null ? "default chain" : "profile " + profile) + "]";
    }
}
