package dev.quire.protocol.dremio;

/**
 * Dremio's REST paths and the constants both sides of the wire agree on: the v3 API under
 * {@code /api/v3}, login under {@code /apiv2}, the two ways of sending a token, the results page
 * bounds and the query type of jobs submitted through {@code /api/v3/sql}.
 */
public final class DremioPaths {

    public static final String API = "/api/v3";
    public static final String LOGIN = "/apiv2/login";
    public static final String SQL = API + "/sql";
    /** A job: {@code JOB + id}, its results {@code JOB + id + RESULTS}, its cancel {@code JOB + id + CANCEL}. */
    public static final String JOB = API + "/job/";
    public static final String RESULTS = "/results";
    public static final String CANCEL = "/cancel";
    public static final String CATALOG = API + "/catalog";
    /** A catalog entity by its path: {@code BY_PATH + seg/seg/...}, each segment URL-encoded. */
    public static final String BY_PATH = CATALOG + "/by-path/";

    public static final String AUTHORIZATION = "Authorization";
    /** {@code Authorization: Bearer <personal access token>}. */
    public static final String BEARER = "Bearer";
    /** {@code Authorization: _dremio<login token>}, no space. */
    public static final String SESSION_PREFIX = "_dremio";

    public static final String OFFSET = "offset";
    public static final String LIMIT = "limit";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    public static final String MAX_CHILDREN = "maxChildren";
    public static final String PAGE_TOKEN = "pageToken";

    /** The queryType of a job submitted through {@link #SQL}. */
    public static final String QUERY_TYPE_REST = "REST";

    private DremioPaths() {
    }
}
