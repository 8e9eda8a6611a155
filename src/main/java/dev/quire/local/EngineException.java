package dev.quire.local;

/**
 * A request the engine refuses; the server maps the kind to its protocol's error. CONFLICT is a
 * client token used before with other request parameters; GONE a result dropped to keep the disk
 * budget, its message saying so.
 */
public final class EngineException extends RuntimeException {

    public enum Kind { VALIDATION, NOT_FOUND, GONE, ACTIVE_STATEMENTS_EXCEEDED, CONFLICT, INTERNAL }

    private final Kind kind;
    private final String resourceId;

    public EngineException(Kind kind, String message, String resourceId) {
        super(message);
        this.kind = kind;
        this.resourceId = resourceId;
    }

    public static EngineException validation(String message) {
        return new EngineException(Kind.VALIDATION, message, null);
    }

    public static EngineException notFound(String message, String resourceId) {
        return new EngineException(Kind.NOT_FOUND, message, resourceId);
    }

    public Kind kind() {
        return kind;
    }

    public String resourceId() {
        return resourceId;
    }
}
