package dev.quire.client.athena;

/** A workgroup as ListWorkGroups lists it; state is ENABLED or DISABLED. */
public record WorkGroup(String name, String state, String description, String engineVersion) {

    public boolean enabled() {
        return !"DISABLED".equals(state);
    }
}
