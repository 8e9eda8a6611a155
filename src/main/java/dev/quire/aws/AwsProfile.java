package dev.quire.aws;

import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/** A profile of the user's AWS config and credentials files, with its region (null when it sets none). */
public record AwsProfile(String name, String region) {

    /** The profiles of the files the AWS CLI reads ({@code ~/.aws/config}, {@code ~/.aws/credentials} or their overrides), by name. */
    public static List<AwsProfile> list() {
        return list(ProfileFile.defaultProfileFile());
    }

    public static List<AwsProfile> list(ProfileFile profiles) {
        return profiles.profiles().values().stream()
                .map(p -> new AwsProfile(p.name(), p.property(ProfileProperty.REGION).orElse(null)))
                .sorted(Comparator.comparing(AwsProfile::name))
                .toList();
    }
}
