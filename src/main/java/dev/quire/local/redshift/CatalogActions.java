package dev.quire.local.redshift;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.local.Catalog;
import dev.quire.local.LocalEngine;
import dev.quire.local.http.ApiError;
import dev.quire.local.http.Members;
import dev.quire.local.http.Reply;
import dev.quire.protocol.redshift.ColumnMetadata;
import dev.quire.protocol.Json;
import dev.quire.protocol.redshift.RedshiftData;
import dev.quire.protocol.redshift.RedshiftData.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * ListDatabases, ListSchemas, ListTables and DescribeTable. Each answer is one page of the full
 * list; NextToken holds the offset of the next page and a hash of the request's filters, so a token
 * only continues the listing it came from.
 */
final class CatalogActions {

    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_PAGE_SIZE = 1000;

    private final Catalog catalog;

    CatalogActions(LocalEngine engine) {
        this.catalog = new Catalog(engine);
    }

    Reply handle(Action action, Members in) {
        return switch (action) {
            case ListDatabases -> listDatabases(in);
            case ListSchemas -> listSchemas(in);
            case ListTables -> listTables(in);
            case DescribeTable -> describeTable(in);
            default -> throw new IllegalArgumentException(action + " is not a catalog action");
        };
    }

    private Reply listDatabases(Members in) {
        String database = database(in);
        Window window = Window.of(in, Action.ListDatabases.name(), database);
        Page<String> page = window.cut(catalog.databases());
        return reply(out -> {
            writeStrings(out, "Databases", page.items());
            page.writeToken(out);
        });
    }

    private Reply listSchemas(Members in) {
        String database = database(in);
        String connected = connectedDatabase(in);
        String schemaPattern = in.optionalString("SchemaPattern", 0, Integer.MAX_VALUE, null);
        Window window = Window.of(in, Action.ListSchemas.name(), database, connected, schemaPattern);
        Page<String> page = window.cut(catalog.schemas(schemaPattern));
        return reply(out -> {
            writeStrings(out, "Schemas", page.items());
            page.writeToken(out);
        });
    }

    private Reply listTables(Members in) {
        String database = database(in);
        String connected = connectedDatabase(in);
        String schemaPattern = in.optionalString("SchemaPattern", 0, Integer.MAX_VALUE, null);
        String tablePattern = in.optionalString("TablePattern", 0, Integer.MAX_VALUE, null);
        Window window = Window.of(in, Action.ListTables.name(), database, connected, schemaPattern, tablePattern);
        Page<Catalog.Table> page = window.cut(catalog.tables(schemaPattern, tablePattern));
        return reply(out -> {
            out.writeArrayFieldStart("Tables");
            for (Catalog.Table table : page.items()) {
                out.writeStartObject();
                out.writeStringField("name", table.name());
                out.writeStringField("schema", table.schema());
                out.writeStringField("type", table.type());
                out.writeEndObject();
            }
            out.writeEndArray();
            page.writeToken(out);
        });
    }

    /** Schema and Table match like the patterns of ListTables; an absent one matches all. */
    private Reply describeTable(Members in) {
        String database = database(in);
        String connected = connectedDatabase(in);
        String schema = in.optionalString("Schema", 0, Integer.MAX_VALUE, null);
        String table = in.optionalString("Table", 0, Integer.MAX_VALUE, null);
        Window window = Window.of(in, Action.DescribeTable.name(), database, connected, schema, table);
        Page<ColumnMetadata> page = window.cut(catalog.columns(schema, table).stream()
                .map(RedshiftTypes::column).toList());
        return reply(out -> {
            out.writeArrayFieldStart("ColumnList");
            for (ColumnMetadata column : page.items()) {
                column.write(out);
            }
            out.writeEndArray();
            if (table != null) {
                out.writeStringField("TableName", table);
            }
            page.writeToken(out);
        });
    }

    private static String database(Members in) {
        String database = in.requiredString("Database", 0, Integer.MAX_VALUE, null);
        Catalog.requireDatabase(database);
        return database;
    }

    private static String connectedDatabase(Members in) {
        String connected = in.optionalString("ConnectedDatabase", 0, Integer.MAX_VALUE, null);
        if (connected != null) {
            Catalog.requireDatabase(connected);
        }
        return connected;
    }

    private static void writeStrings(JsonGenerator out, String name, List<String> values) throws IOException {
        out.writeArrayFieldStart(name);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static Reply reply(Json.Members members) {
        return new Reply(200, RedshiftData.CONTENT_TYPE, Json.object(members));
    }

    /** One page of a list and the token for the rest, if any. */
    record Page<T>(List<T> items, String nextToken) {

        void writeToken(JsonGenerator out) throws IOException {
            if (nextToken != null) {
                out.writeStringField("NextToken", nextToken);
            }
        }
    }

    /** Where a request's page starts, its size, and the hash of the filters its tokens are bound to. */
    record Window(int from, int size, String hash) {

        static Window of(Members in, String... filters) {
            String token = in.optionalString("NextToken", 0, 4096, null);
            Integer maxResults = in.optionalInt("MaxResults", 0, MAX_RESULTS);
            int size = maxResults == null || maxResults == 0 ? DEFAULT_PAGE_SIZE : maxResults;
            String hash = hash(filters);
            int from = token == null || token.isEmpty() ? 0 : offsetOf(token, hash);
            return new Window(from, size, hash);
        }

        <T> Page<T> cut(List<T> all) {
            int to = (int) Math.min((long) from + size, all.size());
            if (from >= to) {
                return new Page<>(List.of(), null);
            }
            return new Page<>(all.subList(from, to), to < all.size() ? tokenOf(to, hash) : null);
        }

        static String tokenOf(int offset, String hash) {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((offset + ":" + hash).getBytes(StandardCharsets.UTF_8));
        }

        static int offsetOf(String token, String hash) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && decoded.substring(colon + 1).equals(hash)) {
                    int offset = Integer.parseInt(decoded.substring(0, colon));
                    if (offset >= 0) {
                        return offset;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw ApiError.validation("Invalid NextToken.");
            }
            throw ApiError.validation("Invalid NextToken.");
        }

        /** A digest of the filter values that tells null from empty and keeps values apart. */
        static String hash(String... filters) {
            StringBuilder text = new StringBuilder();
            for (String filter : filters) {
                text.append(filter == null ? "-" : "+" + filter.length() + ":" + filter);
            }
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] digest = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
        }
    }
}
