package dev.quire.client.http;

import dev.quire.client.DataApiException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When and how soon to send a request again, as the AWS SDKs' standard retry mode does: at most
 * {@code maxAttempts} attempts; throttling codes, HTTP 500/502/503/504, the SDKs' transient codes,
 * broken connections and timeouts are retried; the wait before retry n is a random fraction
 * ({@code jitter}, in [0, 1)) of min(maxBackoff, base × 2^(n-1)), with a larger base after throttling.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff,
                          DoubleSupplier jitter) {

    /** The SDKs' throttling codes (AwsErrorCode.THROTTLING_ERROR_CODES in the AWS SDK for Java v2). */
    public static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "ThrottledException", "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "EC2ThrottledException", "TransactionInProgressException");

    /** The SDKs' other retryable codes (AwsErrorCode.RETRYABLE_ERROR_CODES). */
    public static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "InternalError");

    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(500, 502, 503, 504);
    private static final int TOO_MANY_REQUESTS = 429;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The AWS SDK for Java v2 standard mode: 3 attempts, base 100 ms, 1 s after throttling, at most
     * 20 s (SdkDefaultRetrySetting.Standard).
     */
    public static RetryPolicy standard() {
        return new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public boolean isThrottling(DataApiException error) {
        return THROTTLING_CODES.contains(error.code()) || error.status() == TOO_MANY_REQUESTS;
    }

    /** Whether the request may be sent again after this error. */
    public boolean retries(DataApiException error) {
        return isThrottling(error)
                || TRANSIENT_CODES.contains(error.code())
                || TRANSIENT_STATUSES.contains(error.status())
                || error.code().equals(DataApiException.NETWORK_ERROR)
                || error.code().equals(DataApiException.TIMEOUT);
    }

    /** The wait after the given failed attempt (1 for the first). */
    public Duration delay(int failedAttempt, boolean throttled) {
        long base = (throttled ? throttlingBaseDelay : baseDelay).toNanos();
        long ceiling = maxBackoff.toNanos();
        for (int i = 1; i < failedAttempt && base < ceiling; i++) {
            base *= 2;
        }
        return Duration.ofNanos((long) (jitter.getAsDouble() * Math.min(base, ceiling)));
    }
}
