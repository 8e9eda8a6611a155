package dev.quire.local.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.local.Catalog;
import dev.quire.local.LocalEngine;
import dev.quire.local.ResultColumn;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The local engine as Dremio's catalog shows it: the caller's home {@code @quire} (empty); one
 * space per schema of the database ({@code taxi}, {@code tpch}, {@code public} …) holding its
 * tables (physical datasets) and views (virtual datasets, with their SQL); and the source
 * {@code Samples} (S3) with the folder {@code samples.dremio.com} and the dataset
 * {@code NYC-taxi-trips}: the taxi trips with the six columns of Dremio's example, a view in the
 * DuckDB catalog {@code Samples}, so that {@code Samples."samples.dremio.com"."NYC-taxi-trips"}
 * runs unchanged. Ids are stable UUIDs of the paths; names are matched in any case, as Dremio does.
 */
final class DremioCatalog {

    static final String SOURCE = "Samples";
    static final String FOLDER = "samples.dremio.com";
    static final String DATASET = "NYC-taxi-trips";
    /** The columns of Dremio's example, in its order. */
    static final List<String> SAMPLE_COLUMNS = List.of("pickup_datetime", "passenger_count", "trip_distance_mi",
            "fare_amount", "tip_amount", "total_amount");
    private static final String TRIPS = LocalEngine.DATABASE + ".taxi.trips";
    private static final List<String> SYSTEM_SCHEMAS = List.of("information_schema", "pg_catalog");

    enum Kind { HOME, SPACE, SOURCE, FOLDER, TABLE, VIEW, PROMOTED }

    /** A catalog entity; sql is a view's. */
    record Entity(Kind kind, List<String> path, String sql) {

        String id() {
            return UUID.nameUUIDFromBytes(("quire-dremio\u0000" + String.join("\u0000", path))
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }

        String name() {
            return path.get(path.size() - 1);
        }

        boolean container() {
            return kind == Kind.HOME || kind == Kind.SPACE || kind == Kind.SOURCE || kind == Kind.FOLDER;
        }
    }

    private final LocalEngine engine;
    private final Catalog catalog;
    private final Instant created;
    private volatile boolean sampleView;

    DremioCatalog(LocalEngine engine, Instant created) throws SQLException {
        this.engine = engine;
        this.catalog = new Catalog(engine);
        this.created = created;
        engine.attachCatalog(SOURCE);
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + quote(SOURCE) + "." + quote(FOLDER));
        }
        ensureSampleView();
    }

    /**
     * Defines the sample dataset once the taxi trips exist (the sample data may come later, or
     * never, as in tests); a view of the six columns of Dremio's example.
     */
    boolean ensureSampleView() {
        if (sampleView) {
            return true;
        }
        synchronized (this) {
            if (sampleView) {
                return true;
            }
            boolean trips = catalog.tables("taxi", "trips").stream().anyMatch(t -> t.name().equals("trips"));
            if (!trips) {
                return false;
            }
            try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE VIEW " + quote(SOURCE) + "." + quote(FOLDER) + "." + quote(DATASET)
                        + " AS SELECT " + String.join(", ", SAMPLE_COLUMNS) + " FROM " + TRIPS);
                sampleView = true;
            } catch (SQLException e) {
                throw new IllegalStateException("could not define the sample dataset", e);
            }
            return true;
        }
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    // ---- the tree ------------------------------------------------------------------------------------------------

    List<Entity> top() {
        List<Entity> items = new ArrayList<>();
        items.add(new Entity(Kind.HOME, List.of("@" + DremioApi.USER), null));
        for (String schema : spaces()) {
            items.add(new Entity(Kind.SPACE, List.of(schema), null));
        }
        items.add(new Entity(Kind.SOURCE, List.of(SOURCE), null));
        return items;
    }

    private List<String> spaces() {
        return catalog.schemas(null).stream().filter(s -> !SYSTEM_SCHEMAS.contains(s)).sorted().toList();
    }

    /** The children of a container, by name. */
    List<Entity> children(Entity parent) {
        List<Entity> children = new ArrayList<>();
        switch (parent.kind()) {
            case SPACE -> {
                String schema = parent.path().get(0);
                for (Catalog.Table table : catalog.tables(schema.replace("_", "\\_").replace("%", "\\%"), null)) {
                    List<String> path = List.of(schema, table.name());
                    children.add(table.type().equals("VIEW") ? new Entity(Kind.VIEW, path, viewSql(schema, table.name()))
                            : new Entity(Kind.TABLE, path, null));
                }
            }
            case SOURCE -> children.add(new Entity(Kind.FOLDER, List.of(SOURCE, FOLDER), null));
            case FOLDER -> {
                if (ensureSampleView()) {
                    children.add(new Entity(Kind.PROMOTED, List.of(SOURCE, FOLDER, DATASET), null));
                }
            }
            default -> {
                // the home and datasets hold nothing
            }
        }
        children.sort(Comparator.comparing(Entity::name));
        return children;
    }

    private String viewSql(String schema, String view) {
        List<String> sql = catalog.rows("SELECT sql FROM duckdb_views() WHERE database_name = ? AND schema_name = ?"
                + " AND view_name = ?", rows -> rows.getString(1), LocalEngine.DATABASE, schema, view);
        return sql.isEmpty() ? "" : sql.get(0);
    }

    /** The entity at a path, names in any case. */
    Optional<Entity> byPath(List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Optional<Entity> at = top().stream().filter(e -> same(e.name(), path.get(0))).findFirst();
        for (int i = 1; i < path.size() && at.isPresent(); i++) {
            String name = path.get(i);
            Entity parent = at.get();
            at = parent.container() ? children(parent).stream().filter(e -> same(e.name(), name)).findFirst()
                    : Optional.empty();
        }
        return at;
    }

    /** The entity of an id: every container is walked, as the catalog is small. */
    Optional<Entity> byId(String id) {
        List<Entity> queue = new ArrayList<>(top());
        for (int i = 0; i < queue.size(); i++) {
            Entity entity = queue.get(i);
            if (entity.id().equals(id)) {
                return Optional.of(entity);
            }
            if (entity.container()) {
                queue.addAll(children(entity));
            }
        }
        return Optional.empty();
    }

    private static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** A dataset's columns, in DuckDB's types. */
    List<ResultColumn> fields(Entity dataset) {
        String schema = dataset.kind() == Kind.PROMOTED ? FOLDER : dataset.path().get(0);
        String database = dataset.kind() == Kind.PROMOTED ? SOURCE : LocalEngine.DATABASE;
        return catalog.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? AND "
                + "schema_name = ? AND table_name = ? ORDER BY column_index", rows -> ResultColumn.of(rows.getString(1),
                rows.getString(2)), database, schema, dataset.name());
    }

    // ---- JSON ----------------------------------------------------------------------------------------------------

    /** {@code GET /catalog}: {@code {"data":[CatalogItem…]}}. */
    byte[] topAnswer() {
        List<Entity> items = top();
        return Json.object(out -> {
            out.writeArrayFieldStart("data");
            for (Entity item : items) {
                writeItem(out, item);
            }
            out.writeEndArray();
        });
    }

    /** An entity with a page of its children: maxChildren null for all of them. */
    byte[] entityAnswer(Entity entity, Integer maxChildren, String pageToken, boolean excludeChildren) {
        Page page = entity.container() ? page(entity, excludeChildren ? Integer.valueOf(0) : maxChildren, pageToken)
                : null;
        return Json.object(out -> {
            switch (entity.kind()) {
                case HOME -> {
                    out.writeStringField("entityType", "home");
                    out.writeStringField("id", entity.id());
                    out.writeStringField("name", entity.name());
                    out.writeStringField("tag", tag(entity));
                    writeChildren(out, page);
                }
                case SPACE -> {
                    out.writeStringField("entityType", "space");
                    out.writeStringField("id", entity.id());
                    out.writeStringField("name", entity.name());
                    out.writeStringField("tag", tag(entity));
                    writeTime(out, "createdAt", created);
                    writeChildren(out, page);
                }
                case SOURCE -> writeSource(out, entity, page);
                case FOLDER -> {
                    out.writeStringField("entityType", "folder");
                    out.writeStringField("id", entity.id());
                    writePath(out, entity);
                    out.writeStringField("tag", tag(entity));
                    writeChildren(out, page);
                }
                case TABLE, VIEW, PROMOTED -> writeDataset(out, entity);
            }
        });
    }

    private record Page(List<Entity> items, String next) {
    }

    /**
     * A page of children: from the child the token names, maxChildren of them, and a token naming
     * the child after the page when there is one. The token is Dremio's: base64url of
     * {@code {"path":"<parent, dot-joined>","pageToken":"<next child's name>"}}.
     */
    private Page page(Entity parent, Integer maxChildren, String pageToken) {
        String parentPath = String.join(".", parent.path());
        String from = null;
        if (pageToken != null) {
            JsonNode token;
            try {
                token = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(pageToken));
            } catch (IOException | IllegalArgumentException e) {
                throw DremioException.badRequest("Failed to parse pagination token.");
            }
            if (token == null || !token.path("path").isTextual() || !token.path("pageToken").isTextual()) {
                throw DremioException.badRequest("Failed to parse pagination token.");
            }
            if (!token.get("path").asText().equals(parentPath)) {
                throw DremioException.badRequest("Passed path [" + parentPath + "] does not match previous path ["
                        + token.get("path").asText() + "]");
            }
            from = token.get("pageToken").asText();
        }
        List<Entity> all = children(parent);
        int start = 0;
        if (from != null) {
            String first = from;
            while (start < all.size() && all.get(start).name().compareTo(first) < 0) {
                start++;
            }
        }
        int end = maxChildren == null ? all.size() : (int) Math.min(all.size(), (long) start + maxChildren);
        String next = null;
        if (end < all.size() && maxChildren != null && maxChildren > 0) {
            String name = all.get(end).name();
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.object(out -> {
                out.writeStringField("path", parentPath);
                out.writeStringField("pageToken", name);
            }));
        }
        return new Page(all.subList(start, Math.max(start, end)), next);
    }

    private void writeChildren(JsonGenerator out, Page page) throws IOException {
        out.writeArrayFieldStart("children");
        for (Entity child : page.items()) {
            writeItem(out, child);
        }
        out.writeEndArray();
        if (page.next() != null) {
            out.writeStringField("nextPageToken", page.next());
        }
    }

    /** A CatalogItem: id, path, tag, type and its sub-type, createdAt (not for folders). */
    private void writeItem(JsonGenerator out, Entity entity) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", entity.id());
        writePath(out, entity);
        out.writeStringField("tag", tag(entity));
        if (entity.container()) {
            out.writeStringField("type", "CONTAINER");
            out.writeStringField("containerType", entity.kind().name());
        } else {
            out.writeStringField("type", "DATASET");
            out.writeStringField("datasetType", switch (entity.kind()) {
                case VIEW -> "VIRTUAL";
                case PROMOTED -> "PROMOTED";
                default -> "DIRECT";
            });
        }
        if (entity.kind() != Kind.FOLDER) {
            writeTime(out, "createdAt", created);
        }
        out.writeEndObject();
    }

    private void writeSource(JsonGenerator out, Entity entity, Page page) throws IOException {
        out.writeStringField("entityType", "source");
        out.writeObjectFieldStart("config");
        out.writeStringField("credentialType", "NONE");
        out.writeArrayFieldStart("externalBucketList");
        out.writeString(FOLDER);
        out.writeEndArray();
        out.writeBooleanField("secure", false);
        out.writeStringField("rootPath", "/");
        out.writeEndObject();
        out.writeObjectFieldStart("state");
        out.writeStringField("status", "good");
        out.writeStringField("suggestedUserAction", "");
        out.writeArrayFieldStart("messages");
        out.writeEndArray();
        out.writeEndObject();
        out.writeStringField("id", entity.id());
        out.writeStringField("tag", tag(entity));
        out.writeStringField("type", "S3");
        out.writeStringField("name", entity.name());
        out.writeStringField("description", "Dremio's sample data: the local engine's taxi trips");
        writeTime(out, "createdAt", created);
        out.writeObjectFieldStart("metadataPolicy");
        out.writeNumberField("authTTLMs", 86_400_000L);
        out.writeNumberField("namesRefreshMs", 3_600_000L);
        out.writeNumberField("datasetRefreshAfterMs", 3_600_000L);
        out.writeNumberField("datasetExpireAfterMs", 10_800_000L);
        out.writeStringField("datasetUpdateMode", "PREFETCH_QUERIED");
        out.writeBooleanField("deleteUnavailableDatasets", true);
        out.writeBooleanField("autoPromoteDatasets", false);
        out.writeEndObject();
        out.writeNumberField("accelerationGracePeriodMs", 10_800_000L);
        out.writeNumberField("accelerationRefreshPeriodMs", 3_600_000L);
        out.writeBooleanField("accelerationNeverExpire", false);
        out.writeBooleanField("accelerationNeverRefresh", false);
        writeChildren(out, page);
        out.writeBooleanField("allowCrossSourceSelection", false);
        out.writeBooleanField("disableMetadataValidityCheck", false);
    }

    private void writeDataset(JsonGenerator out, Entity entity) throws IOException {
        List<ResultColumn> columns = fields(entity);
        out.writeStringField("entityType", "dataset");
        out.writeStringField("id", entity.id());
        out.writeStringField("type", entity.kind() == Kind.VIEW ? "VIRTUAL_DATASET" : "PHYSICAL_DATASET");
        writePath(out, entity);
        writeTime(out, "createdAt", created);
        out.writeStringField("tag", tag(entity));
        out.writeFieldName("fields");
        DremioTypes.writeSchema(out, DremioTypes.uniqueNames(columns), columns.stream().map(DremioTypes::map).toList());
        if (entity.kind() == Kind.VIEW) {
            out.writeStringField("sql", entity.sql());
            out.writeArrayFieldStart("sqlContext");
            out.writeString(entity.path().get(0));
            out.writeEndArray();
        }
        if (entity.kind() == Kind.PROMOTED) {
            out.writeObjectFieldStart("format");
            out.writeStringField("type", "Parquet");
            out.writeStringField("name", entity.name());
            out.writeArrayFieldStart("fullPath");
            for (String name : entity.path()) {
                out.writeString(name);
            }
            out.writeEndArray();
            out.writeBooleanField("isFolder", true);
            out.writeEndObject();
        }
    }

    private static void writePath(JsonGenerator out, Entity entity) throws IOException {
        out.writeArrayFieldStart("path");
        for (String name : entity.path()) {
            out.writeString(name);
        }
        out.writeEndArray();
    }

    static void writeTime(JsonGenerator out, String name, Instant time) throws IOException {
        out.writeStringField(name, DremioApi.iso(time));
    }

    /** A version tag: changes when what the entity shows changes (a dataset's columns). */
    private String tag(Entity entity) {
        String content = entity.kind() + "\u0000" + String.join("\u0000", entity.path());
        if (!entity.container()) {
            content += "\u0000" + fields(entity);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(hash, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
