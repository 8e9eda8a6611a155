package dev.quire.local.server;

import dev.quire.local.LocalEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real local engine and server for a test class, in a temporary folder without the sample data:
 * register it as a static field with {@code @RegisterExtension}; it starts before the class's
 * {@code @BeforeAll} methods and is stopped and deleted after its {@code @AfterAll} methods.
 */
public final class LocalServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<LocalEngine.Options> adjust;
    private Path dir;
    private LocalFixture fixture;

    public LocalServerExtension() {
        this(options -> options);
    }

    /** With the engine's options adjusted, e.g. smaller pages or limits. */
    public LocalServerExtension(UnaryOperator<LocalEngine.Options> adjust) {
        this.adjust = adjust;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("quire-server-test-");
        fixture = LocalFixture.start(adjust.apply(LocalEngine.Options.defaults(dir).withSampleData(false)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    public LocalFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("the local server starts before the test class's @BeforeAll methods");
        }
        return fixture;
    }
}
