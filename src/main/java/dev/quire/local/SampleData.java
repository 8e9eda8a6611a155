package dev.quire.local;

public final class SampleData {
    public interface Progress {
        void step(double fraction, String label);

        Progress NONE = (f, l) -> { };
    }

    public static final long TRIPS = 1_000_000;

    public static void create(java.sql.Connection connection, Progress progress) throws java.sql.SQLException {
        progress.step(1, "placeholder");
    }
}
