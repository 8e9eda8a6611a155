package dev.quire.local.athena;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * NextToken values: the parts a page continues from, joined and base64url-encoded. A token is
 * taken only by the listing it was made for (its first part names that listing).
 */
final class Tokens {

    private static final String SEPARATOR = "\u0001";

    static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The token's parts after its listing's name; throws InvalidRequestException for a token of another. */
    static String[] decode(String token, String listing, int parts) {
        String[] decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (decoded.length != parts + 1 || !decoded[0].equals(listing)) {
            throw invalid();
        }
        String[] rest = new String[parts];
        System.arraycopy(decoded, 1, rest, 0, parts);
        return rest;
    }

    static long number(String part) {
        try {
            long value = Long.parseLong(part);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw invalid();
        }
        throw invalid();
    }

    static dev.quire.local.http.ApiError invalid() {
        return AthenaErrors.invalidRequest(AthenaErrors.INVALID_INPUT, "The NextToken is not valid for this request.");
    }

    private Tokens() {
    }
}
