package dev.quire.client.dremio;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.model.CatalogEntry;
import dev.quire.model.CatalogPath;
import dev.quire.model.Column;
import dev.quire.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Dremio's catalog answers: the top level {@code {"data":[CatalogItem]}} and an entity (space,
 * source, home, folder with its children and nextPageToken; a dataset with its fields).
 * CatalogItem: {@code {"id","path":[...],"type":"CONTAINER|DATASET|FILE","containerType",
 * "datasetType":"VIRTUAL|PROMOTED|DIRECT"}}.
 */
final class CatalogReader {

    /** An entity: its type (space, source, home, folder, dataset, file, function), children or fields. */
    record Entity(String entityType, List<CatalogEntry> children, String nextPageToken, List<Column> fields) {

        boolean isContainer() {
            return switch (entityType) {
                case "space", "source", "home", "folder" -> true;
                default -> false;
            };
        }
    }

    /** The top level: the home space, spaces and sources (functions are left out). */
    static List<CatalogEntry> top(InputStream body) throws IOException {
        JsonNode answer = object(body);
        JsonNode data = answer.get("data");
        if (data == null || !data.isArray()) {
            throw new JsonParseException(null, "malformed response: the catalog has no data");
        }
        return items(data, CatalogPath.ROOT);
    }

    /** The entity at path. */
    static Entity entity(InputStream body, CatalogPath path) throws IOException {
        JsonNode entity = object(body);
        String type = entity.path("entityType").asText("");
        if (type.isEmpty()) {
            throw new JsonParseException(null, "malformed response: a catalog entity without entityType");
        }
        List<Column> fields = null;
        if (entity.get("fields") != null && entity.get("fields").isArray()) {
            fields = new ArrayList<>();
            for (JsonNode field : entity.get("fields")) {
                fields.add(ResultsReader.column(field, null));
            }
        } else if (type.equals("dataset")) {
            throw new JsonParseException(null, "malformed response: a dataset without fields");
        }
        String next = entity.path("nextPageToken").asText(null);
        return new Entity(type, items(entity.path("children"), path), next, fields);
    }

    private static List<CatalogEntry> items(JsonNode items, CatalogPath parent) throws JsonParseException {
        List<CatalogEntry> entries = new ArrayList<>();
        for (JsonNode item : items) {
            CatalogEntry entry = entry(item, parent);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** A CatalogItem as an entry under parent; null for a function. */
    static CatalogEntry entry(JsonNode item, CatalogPath parent) throws JsonParseException {
        JsonNode path = item.path("path");
        if (!path.isArray() || path.isEmpty() || !path.get(path.size() - 1).isTextual()) {
            throw new JsonParseException(null, "malformed response: a catalog item without a path");
        }
        CatalogPath at = parent.child(path.get(path.size() - 1).asText());
        String type = item.path("type").asText("");
        return switch (type) {
            case "CONTAINER" -> {
                String container = item.path("containerType").asText("");
                yield container.equals("FUNCTION") ? null : CatalogEntry.container(at, container);
            }
            case "DATASET" -> "VIRTUAL".equals(item.path("datasetType").asText(null))
                    ? new CatalogEntry(at, CatalogEntry.Kind.VIEW, "VIRTUAL_DATASET", false)
                    : new CatalogEntry(at, CatalogEntry.Kind.TABLE, "PHYSICAL_DATASET", false);
            case "FILE" -> new CatalogEntry(at, CatalogEntry.Kind.TABLE, "FILE", false);
            default -> throw new JsonParseException(null, "malformed response: a catalog item of type '" + type + "'");
        };
    }

    private static JsonNode object(InputStream body) throws IOException {
        JsonNode node = Json.MAPPER.readTree(body);
        if (node == null || !node.isObject()) {
            throw new JsonParseException(null, "malformed response: expected a JSON object");
        }
        return node;
    }

    private CatalogReader() {
    }
}
