package dev.quire.model;

/** The embedded engine: its workgroup and the database statements run in (blanks take the defaults). */
public record LocalSettings(String workgroup, String database) implements BackendSettings {

    public static final LocalSettings DEFAULT = new LocalSettings("local", "dev");

    @Override
    public ConnectionProfile.Backend backend() {
        return ConnectionProfile.Backend.LOCAL;
    }

    /** Always complete: the engine's defaults fill what is blank. */
    @Override
    public String problem() {
        return null;
    }

    @Override
    public LocalSettings withDatabase(String database) {
        return new LocalSettings(workgroup, database);
    }
}
