package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.client.DataApiException;
import dev.quire.client.http.Calls;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Signs every request in, on the HTTP thread: {@code Authorization: Bearer <token>}, or
 * {@code _dremio<session token>} from POST /apiv2/login. A session token is renewed before it
 * expires, and once when Dremio answers 401 to it (it expired on the server or the server
 * restarted); the request is then sent again, which is safe even for a submission, as Dremio
 * refuses a request with a bad token before it looks at it.
 */
final class DremioAuth implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");
    /** A session token is renewed this long before Dremio says it expires. */
    private static final long RENEW_BEFORE_MILLIS = 60_000;

    private final DremioLogin login;
    private final OkHttpClient loginHttp;
    private final HttpUrl loginUrl;
    private final LongSupplier clock;
    private final AtomicInteger logins = new AtomicInteger();

    // guarded by this
    private String secret;
    private String session;
    private long expiresAt;

    /** Signs in with login; a login is sent on loginHttp (which must not carry this interceptor). */
    DremioAuth(DremioLogin login, OkHttpClient loginHttp, HttpUrl loginUrl, LongSupplier clock) {
        this.login = login;
        this.loginHttp = loginHttp;
        this.loginUrl = loginUrl;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String header = header(null);
        Response response = chain.proceed(request.newBuilder().header("Authorization", header).build());
        if (response.code() != 401 || !login.usesPassword()) {
            return response;
        }
        response.close();
        return chain.proceed(request.newBuilder().header("Authorization", header(header)).build());
    }

    /** Logins sent so far (for tests). */
    int logins() {
        return logins.get();
    }

    /** What 401 from /api/v3 means for this way of signing in. */
    String refused() {
        return login.usesPassword()
                ? "Dremio refused the session token of user " + login.user() + " just after signing in (HTTP 401)."
                : "Dremio refused the token (HTTP 401): check the personal access token, or sign in with a user "
                        + "name and password.";
    }

    /** The header to send; refused is a header Dremio just refused, to be replaced by a new login. */
    private synchronized String header(String refused) throws IOException {
        String secret = secret();
        if (!login.usesPassword()) {
            return "Bearer " + secret;
        }
        boolean stale = session == null || clock.getAsLong() >= expiresAt - RENEW_BEFORE_MILLIS
                || refused != null && refused.equals(DremioWire.SESSION_PREFIX + session);
        if (stale) {
            signIn(secret);
        }
        return DremioWire.SESSION_PREFIX + session;
    }

    private String secret() throws Calls.Refused {
        if (secret == null) {
            String value;
            try {
                value = login.secret().get();
            } catch (RuntimeException e) {
                throw new Calls.Refused(new DataApiException(DataApiException.CREDENTIALS_ERROR,
                        "No " + (login.usesPassword() ? "password" : "token") + " to sign in to Dremio: "
                                + e.getMessage(), e));
            }
            if (value == null || value.isBlank()) {
                throw new Calls.Refused(new DataApiException(DataApiException.CREDENTIALS_ERROR, "No "
                        + (login.usesPassword() ? "password" : "token") + " to sign in to Dremio.", 0, null));
            }
            secret = value.strip();
        }
        return secret;
    }

    /** POST /apiv2/login {"userName","password"} → {"token","expires",...}. */
    private void signIn(String password) throws IOException {
        byte[] body = Json.object(out -> {
            out.writeStringField("userName", login.user());
            out.writeStringField("password", password);
        });
        logins.incrementAndGet();
        Request request = new Request.Builder().url(loginUrl).post(RequestBody.create(body, JSON)).build();
        try (Response response = loginHttp.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                DataApiException error = DremioErrors.of(response, "Dremio refused the login of user " + login.user()
                        + " (HTTP 401).");
                throw new Calls.Refused(error.status() == 401 ? new DataApiException(DremioErrors.UNAUTHORIZED,
                        "Could not sign in to Dremio as " + login.user() + ": " + error.getMessage(), 401, null) : error);
            }
            JsonNode answer;
            try {
                answer = Json.MAPPER.readTree(response.body().byteStream());
            } catch (JsonProcessingException e) {
                answer = null;
            }
            String token = answer == null ? null : answer.path("token").asText(null);
            if (token == null || token.isBlank()) {
                throw new Calls.Refused(new DataApiException(DataApiException.MALFORMED_RESPONSE,
                        "Dremio's login answer has no token.", response.code(), null));
            }
            session = token;
            long expires = answer.path("expires").asLong(0);
            expiresAt = expires > 0 ? expires : Long.MAX_VALUE;
        }
    }
}
