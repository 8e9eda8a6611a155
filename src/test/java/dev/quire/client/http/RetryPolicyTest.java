package dev.quire.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.DataApiException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static final RetryPolicy FULL = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(20), () -> 1.0);

    static DataApiException answered(String code, int status) {
        return new DataApiException(code, "message", status, "req");
    }

    @Test
    void standardModeMatchesTheSdk() {
        RetryPolicy standard = RetryPolicy.standard();
        assertEquals(3, standard.maxAttempts());
        assertEquals(Duration.ofMillis(100), standard.baseDelay());
        assertEquals(Duration.ofSeconds(1), standard.throttlingBaseDelay());
        assertEquals(Duration.ofSeconds(20), standard.maxBackoff());
        for (int i = 0; i < 1000; i++) {
            Duration d = standard.delay(2, false);
            assertTrue(!d.isNegative() && d.compareTo(Duration.ofMillis(200)) < 0, d.toString());
        }
    }

    @Test
    void backoffDoublesUpToTheCapWithFullJitter() {
        assertEquals(Duration.ofMillis(100), FULL.delay(1, false));
        assertEquals(Duration.ofMillis(200), FULL.delay(2, false));
        assertEquals(Duration.ofMillis(400), FULL.delay(3, false));
        assertEquals(Duration.ofSeconds(1), FULL.delay(1, true));
        assertEquals(Duration.ofSeconds(2), FULL.delay(2, true));
        assertEquals(Duration.ofSeconds(20), FULL.delay(40, false));
        RetryPolicy half = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20),
                () -> 0.5);
        assertEquals(Duration.ofMillis(100), half.delay(2, false));
        RetryPolicy none = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20),
                () -> 0.0);
        assertEquals(Duration.ZERO, none.delay(3, true));
    }

    @Test
    void throttlingTransientAndNetworkFailuresAreRetried() {
        for (String code : RetryPolicy.THROTTLING_CODES) {
            assertTrue(FULL.retries(answered(code, 400)), code);
            assertTrue(FULL.isThrottling(answered(code, 400)), code);
        }
        assertTrue(FULL.isThrottling(answered("Http429", 429)));
        for (String code : RetryPolicy.TRANSIENT_CODES) {
            assertTrue(FULL.retries(answered(code, 400)), code);
            assertFalse(FULL.isThrottling(answered(code, 400)), code);
        }
        for (int status : new int[] {500, 502, 503, 504}) {
            assertTrue(FULL.retries(answered("InternalServerException", status)), "HTTP " + status);
        }
        assertTrue(FULL.retries(new DataApiException(DataApiException.NETWORK_ERROR, "reset", new IOException())));
        assertTrue(FULL.retries(new DataApiException(DataApiException.TIMEOUT, "timeout", new IOException())));
    }

    @Test
    void clientErrorsAndBadAnswersAreNot() {
        assertFalse(FULL.retries(answered("ValidationException", 400)));
        assertFalse(FULL.retries(answered("ResourceNotFoundException", 400)));
        assertFalse(FULL.retries(answered("ExecuteStatementException", 501)));
        assertFalse(FULL.retries(answered("AccessDeniedException", 403)));
        assertFalse(FULL.retries(new DataApiException(DataApiException.MALFORMED_RESPONSE, "bad", new IOException())));
        assertFalse(FULL.retries(new DataApiException(DataApiException.CREDENTIALS_ERROR, "none", null)));
    }
}
