package dev.quire.local.dremio;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.EngineException;
import dev.quire.local.LocalEngine;
import dev.quire.local.LocalKeys;
import dev.quire.local.Phase;
import dev.quire.local.StatementSnapshot;
import dev.quire.local.Submission;
import dev.quire.local.http.Reply;
import dev.quire.model.SqlScript;
import dev.quire.protocol.Json;
import dev.quire.protocol.dremio.DremioError;
import dev.quire.protocol.dremio.DremioPaths;
import dev.quire.protocol.dremio.JobState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Dremio dialect: Dremio's REST API v3 ({@code /api/v3/...}) and its login
 * ({@code /apiv2/login}) over the local engine, for one user, {@code quire}, whose password is the
 * token generated on the first start ({@link LocalKeys#dremioToken}). Requests carry that token
 * ({@code Authorization: Bearer <token>}) or a login's session token ({@code _dremio<token>},
 * valid 30 hours); anything else on {@code /api/v3} is a 401 with an empty body, as Dremio answers.
 * Jobs run in the DuckDB schema their {@code context} names, are kept 30 days and their results a
 * day, across restarts, as Dremio keeps them; results are read by offset and limit straight from the
 * stored result (only the row groups that hold the page). Errors have Dremio's body
 * {@code {"errorMessage","moreInfo"}} and its texts.
 */
public final class DremioApi implements AutoCloseable {

    public static final String USER = "quire";
    static final String OWNER = "dremio/" + USER;
    static final String JSON = "application/json";
    static final String QUERY_TYPE = DremioPaths.QUERY_TYPE_REST;
    static final Duration JOB_RETENTION = Duration.ofDays(30);
    static final Duration RESULT_RETENTION = Duration.ofDays(1);
    static final Duration SESSION_LIFETIME = Duration.ofHours(30);
    private static final int MAX_SESSIONS = 10_000;
    private static final String CONTEXT_ATTRIBUTE = "dremio.context";
    private static final String ENGINE_ATTRIBUTE = "dremio.engineName";
    private static final String CANCELLED_BY_USER = "Query cancelled by user '" + USER + "'";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String VERSION = "25.2.0";

    /** A request as the server hands it over: the body is read only when asked for. */
    public interface Request {
        String method();

        /** The path as sent, still percent-encoded. */
        String path();

        String rawQuery();

        String header(String name);

        /** The body; a body that cannot be read is thrown as a {@link DremioException}. */
        byte[] body();
    }

    private final LocalEngine engine;
    private final String token;
    private final Clock clock;
    private final Instant created;
    private final DremioCatalog catalog;
    private final DremioPages pages;
    private final JobsTable jobs;
    private final Map<String, Instant> sessions = new LinkedHashMap<>();
    /** Jobs whose end sys.jobs_recent may not show yet: an end is visible before its listeners run. */
    private final java.util.Set<String> unsettled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    public DremioApi(LocalEngine engine) throws IOException, SQLException {
        this.engine = engine;
        this.token = LocalKeys.dremioToken(engine.options().dataDir());
        this.clock = Clock.systemUTC();
        this.created = Files.readAttributes(engine.options().dataDir(), BasicFileAttributes.class).creationTime()
                .toInstant();
        this.catalog = new DremioCatalog(engine, created);
        this.pages = new DremioPages(engine);
        this.jobs = new JobsTable(engine);
        engine.statements(OWNER).forEach(jobs::put);
        engine.onStarted(job -> {
            if (job.request().owner().equals(OWNER)) {
                jobs.put(job);
            }
        });
        engine.onEnded(job -> {
            if (job.request().owner().equals(OWNER)) {
                jobs.put(job);
                unsettled.remove(job.id());
            }
        });
        engine.onRemoved(job -> {
            if (job.request().owner().equals(OWNER)) {
                jobs.remove(job.id());
            }
        });
    }

    /** Whether a request is Dremio's: under {@code /api/v3} or {@code /apiv2}. */
    public static boolean takes(String path) {
        return path.equals(DremioPaths.API) || path.startsWith(DremioPaths.API + "/") || path.equals("/apiv2")
                || path.startsWith("/apiv2/");
    }

    /** Answers a request; every refusal is in Dremio's shape. */
    public Reply handle(Request request) {
        try {
            return route(request);
        } catch (DremioException e) {
            return new Reply(e.status(), e.contentType(), e.body());
        } catch (EngineException e) {
            DremioException mapped = switch (e.kind()) {
                case VALIDATION, CONFLICT -> DremioException.badRequest(e.getMessage());
                case NOT_FOUND, GONE -> DremioException.notFound(e.getMessage());
                case ACTIVE_STATEMENTS_EXCEEDED -> DremioException.of(503, "The local engine runs as many jobs as it "
                        + "takes (" + engine.options().maxActiveStatements() + "); retry when one has ended.");
                case INTERNAL -> DremioException.of(500, e.getMessage());
            };
            return new Reply(mapped.status(), mapped.contentType(), mapped.body());
        }
    }

    /** The answer to a request the transport refused (malformed, too large, or no worker free). */
    public static Reply refusal(int status, String message) {
        DremioException e = DremioException.of(status, message);
        return new Reply(e.status(), e.contentType(), e.body());
    }

    private Reply route(Request request) {
        List<String> segments = segments(request.path());
        String method = request.method();
        if (request.path().equals(DremioPaths.LOGIN)) {
            return switch (method) {
                case "POST" -> login(request);
                case "GET" -> {
                    authorize(request);
                    yield json(200, "true".getBytes(StandardCharsets.UTF_8));
                }
                case "DELETE" -> logout(request);
                default -> throw DremioException.methodNotAllowed();
            };
        }
        authorize(request);
        // segments: api, v3, ...
        if (segments.size() < 3 || !segments.get(0).equals("api") || !segments.get(1).equals("v3")) {
            throw DremioException.noRoute();
        }
        List<String> rest = segments.subList(2, segments.size());
        Map<String, String> query = query(request.rawQuery());
        switch (rest.get(0)) {
            case "sql" -> {
                if (rest.size() != 1) {
                    throw DremioException.noRoute();
                }
                requireMethod(method, "POST");
                return submit(request);
            }
            case "job" -> {
                if (rest.size() == 2 && !rest.get(1).isEmpty()) {
                    requireMethod(method, "GET");
                    return json(200, status(rest.get(1)));
                }
                if (rest.size() == 3 && rest.get(2).equals("results")) {
                    requireMethod(method, "GET");
                    return json(200, results(rest.get(1), query));
                }
                if (rest.size() == 3 && rest.get(2).equals("cancel")) {
                    requireMethod(method, "POST");
                    cancel(rest.get(1));
                    return new Reply(204, null, new byte[0]);
                }
                throw DremioException.noRoute();
            }
            case "catalog" -> {
                requireMethod(method, "GET");
                if (rest.size() == 1) {
                    return json(200, catalog.topAnswer());
                }
                if (rest.get(1).equals("by-path")) {
                    List<String> path = rest.subList(2, rest.size()).stream().filter(s -> !s.isEmpty()).toList();
                    DremioCatalog.Entity entity = catalog.byPath(path).orElseThrow(() -> DremioException.notFound(
                            "Could not find entity with path [" + path + "]"));
                    return json(200, entity(entity, query));
                }
                if (rest.size() == 2) {
                    String id = rest.get(1);
                    DremioCatalog.Entity entity = catalog.byId(id).orElseThrow(() -> DremioException.notFound(
                            "Could not find entity with id [" + id + "]"));
                    return json(200, entity(entity, query));
                }
                throw DremioException.noRoute();
            }
            default -> throw DremioException.noRoute();
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw DremioException.methodNotAllowed();
        }
    }

    // ---- auth ----------------------------------------------------------------------------------------------------

    /**
     * Takes the token as Dremio's TokenUtils does: two words, the first {@code bearer} in any
     * case, give the second; anything else is the header without a leading {@code _dremio}.
     */
    private void authorize(Request request) {
        String header = request.header(DremioPaths.AUTHORIZATION);
        if (header == null) {
            throw DremioException.unauthorized();
        }
        String[] parts = header.strip().split("\\s+");
        String given = parts.length == 2 && parts[0].equalsIgnoreCase(DremioPaths.BEARER) ? parts[1]
                : header.strip().startsWith(DremioPaths.SESSION_PREFIX)
                ? header.strip().substring(DremioPaths.SESSION_PREFIX.length()).strip() : header.strip();
        if (given.isEmpty() || !(same(given, token) || liveSession(given))) {
            throw DremioException.unauthorized();
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized boolean liveSession(String given) {
        Instant expires = sessions.get(given);
        if (expires == null) {
            return false;
        }
        if (!expires.isAfter(clock.instant())) {
            sessions.remove(given);
            return false;
        }
        return true;
    }

    private Reply login(Request request) {
        JsonNode body = parseBody(request);
        String userName = body.path("userName").isTextual() ? body.get("userName").asText() : "";
        String password = body.path("password").isTextual() ? body.get("password").asText() : "";
        if (userName.isEmpty() || password.isEmpty()) {
            throw DremioException.of(401, "user name or password cannot be null or empty");
        }
        if (!userName.equals(USER) || !same(password, token)) {
            throw DremioException.of(401, "Login failed: Invalid username or password, user " + userName);
        }
        String session = new BigInteger(130, random).toString(32);
        Instant now = clock.instant();
        Instant expires = now.plus(SESSION_LIFETIME);
        synchronized (this) {
            sessions.values().removeIf(at -> !at.isAfter(now));
            for (Iterator<String> oldest = sessions.keySet().iterator(); sessions.size() >= MAX_SESSIONS; ) {
                oldest.next();
                oldest.remove();
            }
            sessions.put(session, expires);
        }
        return json(200, Json.object(out -> {
            out.writeStringField("token", session);
            out.writeStringField("userName", USER);
            out.writeNumberField("expires", expires.toEpochMilli());
            out.writeStringField("userId", uuid("user:" + USER));
            out.writeBooleanField("admin", true);
            out.writeStringField("clusterId", uuid("cluster:" + created));
            out.writeNumberField("clusterCreatedAt", created.toEpochMilli());
            out.writeStringField("version", VERSION);
            out.writeObjectFieldStart("permissions");
            out.writeBooleanField("canUploadProfiles", true);
            out.writeBooleanField("canDownloadProfiles", true);
            out.writeBooleanField("canEmailForSupport", false);
            out.writeBooleanField("canChatForSupport", false);
            out.writeEndObject();
            out.writeNumberField("userCreatedAt", created.toEpochMilli());
        }));
    }

    private Reply logout(Request request) {
        authorize(request);
        String header = request.header(DremioPaths.AUTHORIZATION).strip();
        String given = header.startsWith(DremioPaths.SESSION_PREFIX)
                ? header.substring(DremioPaths.SESSION_PREFIX.length()).strip() : header;
        synchronized (this) {
            sessions.remove(given);
        }
        return new Reply(204, null, new byte[0]);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /** POST /api/v3/sql: {@code {sql, context, references, engineName}} → {@code {"id"}} once submitted. */
    private Reply submit(Request request) {
        String contentType = request.header("Content-Type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).strip().startsWith(JSON)) {
            throw DremioException.of(415, "HTTP 415 Unsupported Media Type");
        }
        JsonNode body = parseBody(request);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("sql", "context", "references", "engineName").contains(name)) {
                throw invalidValue(name);
            }
        }
        JsonNode sqlNode = body.get("sql");
        if (sqlNode != null && !sqlNode.isNull() && !sqlNode.isTextual()) {
            throw invalidValue("sql");
        }
        String sql = sqlNode == null || sqlNode.isNull() ? "" : sqlNode.asText();
        if (sql.isBlank()) {
            throw DremioException.badRequest("sql is required: the query text cannot be empty.");
        }
        List<String> context = new ArrayList<>();
        JsonNode contextNode = body.get("context");
        if (contextNode != null && !contextNode.isNull()) {
            if (!contextNode.isArray()) {
                throw invalidValue("context");
            }
            for (int i = 0; i < contextNode.size(); i++) {
                if (!contextNode.get(i).isTextual()) {
                    throw invalidValue("context[" + i + "]");
                }
                context.add(contextNode.get(i).asText());
            }
        }
        JsonNode references = body.get("references");
        if (references != null && !references.isNull()) {
            if (!references.isObject()) {
                throw invalidValue("references");
            }
            if (!references.isEmpty()) {
                throw DremioException.badRequest("Source [" + references.fieldNames().next() + "] does not support "
                        + "versioning: the local engine has no versioned sources, so references cannot be set.");
            }
        }
        JsonNode engineName = body.get("engineName");
        if (engineName != null && !engineName.isNull() && !engineName.isTextual()) {
            throw invalidValue("engineName");
        }
        if (SqlScript.split(sql).size() > 1) {
            throw DremioException.badRequest("Only one statement can be run at a time; the text holds "
                    + SqlScript.split(sql).size() + ".");
        }
        catalog.ensureSampleView();
        settle();
        Map<String, String> attributes = new TreeMap<>();
        try {
            attributes.put(CONTEXT_ATTRIBUTE, Json.MAPPER.writeValueAsString(context));
        } catch (JacksonException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        if (engineName != null && engineName.isTextual()) {
            attributes.put(ENGINE_ATTRIBUTE, engineName.asText());
        }
        Submission submission = new Submission(OWNER, List.of(sql), false, List.of(), null, null, null, null, null,
                null, target(context), Submission.ParameterStyle.POSITIONAL, attributes, JOB_RETENTION,
                RESULT_RETENTION);
        StatementSnapshot job = engine.submit(submission);
        unsettled.add(job.id());
        jobs.put(job);
        return json(200, Json.object(out -> out.writeStringField("id", job.id())));
    }

    /** Brings the rows of jobs that have ended up to date, so a query of sys.jobs_recent sees every end shown before. */
    private void settle() {
        for (String id : List.copyOf(unsettled)) {
            try {
                StatementSnapshot job = engine.describe(OWNER, id);
                if (job.isFinal()) {
                    jobs.put(job);
                    unsettled.remove(id);
                }
            } catch (EngineException e) {
                unsettled.remove(id);
            }
        }
    }

    /**
     * Where a job's unqualified names resolve: a space is its schema of the database; the source
     * {@code Samples} (and its folder) and {@code sys} are catalogs of their own. Any other context
     * names a schema that does not exist, and the job fails saying so.
     */
    private static Submission.Target target(List<String> context) {
        if (context.isEmpty()) {
            return new Submission.Target(LocalEngine.DATABASE, null, null, null, null);
        }
        String first = context.get(0);
        if (first.equalsIgnoreCase(DremioCatalog.SOURCE) && context.size() <= 2) {
            return new Submission.Target(LocalEngine.DATABASE, null, null, null, null,
                    context.size() == 2 ? context.get(1) : "main", DremioCatalog.SOURCE);
        }
        if (first.equalsIgnoreCase(JobsTable.CATALOG) && context.size() == 1) {
            return new Submission.Target(LocalEngine.DATABASE, null, null, null, null, "main", JobsTable.CATALOG);
        }
        return new Submission.Target(LocalEngine.DATABASE, null, null, null, null, String.join(".", context));
    }

    private static DremioException invalidValue(String path) {
        return DremioException.badRequest("Invalid value found at: " + path);
    }

    private static JsonNode parseBody(Request request) {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            throw DremioException.badRequest("The request has no body: send a JSON object.");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw DremioException.notJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw DremioException.badRequest("The request body could not be read.");
        }
        if (body == null || !body.isObject()) {
            throw DremioException.badRequest("The request body must be a JSON object.");
        }
        return body;
    }

    private StatementSnapshot job(String id) {
        try {
            return engine.describe(OWNER, id);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                throw DremioException.notFound(DremioError.jobNotFound(id));
            }
            throw e;
        }
    }

    /** Dremio's state of a job. */
    static JobState state(StatementSnapshot job) {
        return switch (job.status()) {
            case QUEUED -> JobState.ENQUEUED;
            case PICKED -> JobState.STARTING;
            case RUNNING -> JobState.RUNNING;
            case FINISHED -> JobState.COMPLETED;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELED;
        };
    }

    /** A failed job's message, without the engine's {@code ERROR: } prefix. */
    static String failure(StatementSnapshot job) {
        String error = job.error() == null ? "" : job.error();
        return error.startsWith("ERROR: ") ? error.substring("ERROR: ".length()) : error;
    }

    /** GET /api/v3/job/{id}: the members of Dremio's JobStatus, endedAt only once the job has ended. */
    private byte[] status(String id) {
        StatementSnapshot job = job(id);
        JobState state = state(job);
        return Json.object(out -> {
            out.writeStringField("jobState", state.name());
            out.writeNumberField("rowCount", state == JobState.COMPLETED && job.hasResultSet()
                    ? Math.max(0, job.resultRows()) : 0);
            out.writeStringField("errorMessage", state == JobState.FAILED ? failure(job) : "");
            out.writeStringField("startedAt", iso(job.createdAt()));
            if (job.isFinal()) {
                out.writeStringField("endedAt", iso(job.updatedAt()));
            }
            out.writeStringField("queryType", QUERY_TYPE);
            out.writeStringField("cancellationReason", state == JobState.CANCELED
                    ? job.error() == null || job.error().isBlank() ? "Query was cancelled" : job.error() : "");
        });
    }

    /**
     * GET /api/v3/job/{id}/results: the limit is checked before the job is looked up, as Dremio
     * does; a job not COMPLETED is a 400 naming its state.
     */
    private byte[] results(String id, Map<String, String> query) {
        int offset = intParameter(query, DremioPaths.OFFSET, 0);
        int limit = intParameter(query, DremioPaths.LIMIT, DremioPaths.DEFAULT_LIMIT);
        if (limit > DremioPaths.MAX_LIMIT) {
            throw DremioException.badRequest(DremioError.LIMIT_EXCEEDED);
        }
        if (limit < 0) {
            throw DremioException.badRequest("limit can not be negative");
        }
        if (offset < 0) {
            throw DremioException.badRequest("offset can not be negative");
        }
        StatementSnapshot job = job(id);
        JobState state = state(job);
        if (state != JobState.COMPLETED) {
            throw DremioException.badRequest(DremioError.notCompleted(state));
        }
        if (job.hasResultSet() && !engine.hasStoredResult(job.id())) {
            EngineException missing = engine.resultMissing(job.id());
            if (missing.kind() == EngineException.Kind.GONE) {
                throw DremioException.notFound(missing.getMessage());
            }
            throw DremioException.notFound("The results of job [" + id + "] are no longer available: results are "
                    + "kept for " + RESULT_RETENTION.toDays() + " day after the job ends.");
        }
        return pages.page(OWNER, job, offset, limit);
    }

    /** An integer query parameter; one that is not is Jersey's 404, as Dremio answers. */
    private static int intParameter(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw DremioException.notFound("HTTP 404 Not Found: Integer " + name + " (default: " + fallback
                    + "). For input string: \"" + value + "\"");
        }
    }

    /** POST /api/v3/job/{id}/cancel: 204 when it stopped a job; a job that has ended is not found, as in Dremio. */
    private void cancel(String id) {
        job(id);
        if (!engine.cancel(OWNER, id, CANCELLED_BY_USER)) {
            throw DremioException.notFound(DremioError.jobNotFound(id));
        }
    }

    // ---- catalog -------------------------------------------------------------------------------------------------

    private byte[] entity(DremioCatalog.Entity entity, Map<String, String> query) {
        String max = query.get(DremioPaths.MAX_CHILDREN);
        Integer maxChildren = null;
        if (max != null) {
            try {
                maxChildren = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                throw DremioException.notFound("HTTP 404 Not Found: Integer " + DremioPaths.MAX_CHILDREN
                        + ". For input string: \"" + max + "\"");
            }
            if (maxChildren < 0) {
                throw DremioException.badRequest("maxChildren can not be negative");
            }
        }
        String exclude = query.getOrDefault("exclude", "");
        return catalog.entityAnswer(entity, maxChildren, query.get(DremioPaths.PAGE_TOKEN),
                List.of(exclude.split(",")).contains("children"));
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    static String iso(Instant time) {
        return ISO.format(time);
    }

    private static Reply json(int status, byte[] body) {
        return new Reply(status, JSON, body);
    }

    /** The path's segments, percent-decoded; the leading slash gives no segment. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            segments.add(decode(parts[i], false));
        }
        return segments;
    }

    /** The query's parameters, the first value of each; {@code +} is a space. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw DremioException.badRequest("The request's URL holds a malformed percent-encoding: " + text);
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        jobs.close();
    }
}
