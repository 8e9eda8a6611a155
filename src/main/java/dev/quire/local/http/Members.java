package dev.quire.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and validates the members of a JSON request body, with AWS's validation wording. */
public final class Members {

    private final JsonNode body;

    public Members(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.serialization("Start of structure or map expected for the request body.");
        }
        this.body = body;
    }

    public String requiredString(String name, int min, int max, Pattern pattern) {
        String value = optionalString(name, min, max, pattern);
        if (value == null) {
            throw constraint("null", name, "Member must not be null");
        }
        return value;
    }

    public String optionalString(String name, int min, int max, Pattern pattern) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.serialization("Value for " + name + " must be a string, found " + kind(node) + ".");
        }
        String value = node.asText();
        checkLength(name, value, min, max);
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw constraint(value, name, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    public Integer optionalInt(String name, int min, int max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.serialization("Value for " + name + " must be an integer, found " + kind(node) + ".");
        }
        int value = node.intValue();
        if (value < min) {
            throw constraint(String.valueOf(value), name, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw constraint(String.valueOf(value), name, "Member must have value less than or equal to " + max);
        }
        return value;
    }

    public Boolean optionalBoolean(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiError.serialization("Value for " + name + " must be a boolean, found " + kind(node) + ".");
        }
        return node.booleanValue();
    }

    public List<String> requiredStrings(String name, int minItems, int maxItems, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw constraint("null", name, "Member must not be null");
        }
        if (!node.isArray()) {
            throw ApiError.serialization("Value for " + name + " must be a list, found " + kind(node) + ".");
        }
        if (node.size() < minItems || node.size() > maxItems) {
            throw constraint("[" + node.size() + " items]", name,
                    "Member must have length between " + minItems + " and " + maxItems + " items");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.serialization("Items of " + name + " must be strings, found " + kind(item) + ".");
            }
            checkLength(name, item.asText(), 1, maxLength);
            values.add(item.asText());
        }
        return values;
    }

    /** Whether the member is present and not null. */
    public boolean has(String name) {
        JsonNode node = body.get(name);
        return node != null && !node.isNull();
    }

    /** A member that is itself a structure, or null when it is absent. */
    public Members optionalObject(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.serialization("Value for " + name + " must be a structure, found " + kind(node) + ".");
        }
        return new Members(node);
    }

    public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
        String value = optionalString(name, 0, 64, null);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw constraint(value, name, "Member must satisfy enum value set: "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** The Parameters list: objects of name (letters, digits, _) and a non-empty value. */
    public List<dev.quire.local.Submission.Parameter> parameters() {
        JsonNode node = body.get("Parameters");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.serialization("Value for Parameters must be a list, found " + kind(node) + ".");
        }
        if (node.isEmpty()) {
            throw constraint("[]", "Parameters", "Member must have length greater than or equal to 1");
        }
        List<dev.quire.local.Submission.Parameter> parameters = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            Members member = new Members(item);
            String name = member.requiredString("name", 1, 128, PARAMETER_NAME);
            String value = member.requiredString("value", 1, 64 * 1024, null);
            parameters.add(new dev.quire.local.Submission.Parameter(name, value));
        }
        return parameters;
    }

    private static final Pattern PARAMETER_NAME = Pattern.compile("[0-9a-zA-Z_]+");

    private static void checkLength(String name, String value, int min, int max) {
        if (value.length() < min) {
            throw constraint(value, name, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw constraint(abbreviate(value), name, "Member must have length less than or equal to " + max);
        }
    }

    public static ApiError constraint(String value, String member, String constraint) {
        String field = Character.toLowerCase(member.charAt(0)) + member.substring(1);
        return ApiError.validation("1 validation error detected: Value '" + abbreviate(value) + "' at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
