package dev.quire.client;

import dev.quire.model.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds a connection's secret (a Dremio token or password) from its reference, in order: the OS
 * keyring's entry (service {@value #KEYRING_SERVICE}, account the entry's name) or the named
 * environment variable, then {@value #DREMIO_TOKEN} from the environment, then by asking the user.
 * The value is never logged, written or kept beyond the client that asked for it.
 */
public final class Secrets {

    /** Where a Dremio token is read when the connection's own place has none. */
    public static final String DREMIO_TOKEN = "DREMIO_TOKEN";
    /** The keyring service Quire's entries are kept under. */
    public static final String KEYRING_SERVICE = "Quire";

    /** Reads an entry of the OS keyring; throws when there is no keyring or no such entry. */
    public interface Keyring {
        String password(String service, String account) throws Exception;
    }

    /** Asks the user for the secret of a reference (once per client); null when nobody can be asked or nothing was given. */
    public interface Prompt {
        String ask(SecretRef ref);
    }

    private final Keyring keyring;
    private final Function<String, String> environment;
    private final Prompt prompt;

    public Secrets(Keyring keyring, Function<String, String> environment, Prompt prompt) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.prompt = prompt == null ? ref -> null : prompt;
    }

    /** The OS keyring through java-keyring, the process's environment, and the given prompt (null: none). */
    public static Secrets system(Prompt prompt) {
        return new Secrets(Secrets::osKeyring, System::getenv, prompt);
    }

    private static String osKeyring(String service, String account) throws Exception {
        com.github.javakeyring.Keyring keyring = com.github.javakeyring.Keyring.create();
        try {
            return keyring.getPassword(service, account);
        } finally {
            keyring.close();
        }
    }

    /**
     * The secret, looked up when first asked for (on the thread that asks, which must not be the
     * FX thread: a keyring may be slow), then kept by the supplier; throws IllegalStateException
     * naming every place looked in when none has it.
     */
    public Supplier<String> supplier(SecretRef ref) {
        return new Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = find(ref);
                }
                return value;
            }

            @Override
            public String toString() {
                return "secret from " + (ref == null ? "nowhere" : ref.store() + " " + ref.name());
            }
        };
    }

    /** Looks the secret up now; see {@link #supplier(SecretRef)}. */
    public String find(SecretRef ref) {
        List<String> looked = new ArrayList<>();
        if (ref != null && ref.problem() == null) {
            if (ref.store() == SecretRef.Store.KEYRING) {
                try {
                    String value = keyring.password(KEYRING_SERVICE, ref.name());
                    if (present(value)) {
                        return value;
                    }
                    looked.add("the keyring has no entry " + ref.name());
                } catch (Exception | LinkageError e) {
                    looked.add("the keyring could not be read (" + reason(e) + ")");
                }
            } else {
                String value = environment.apply(ref.name());
                if (present(value)) {
                    return value;
                }
                looked.add(ref.name() + " is not set");
            }
        }
        if (ref == null || !DREMIO_TOKEN.equals(ref.name()) || ref.store() != SecretRef.Store.ENVIRONMENT) {
            String value = environment.apply(DREMIO_TOKEN);
            if (present(value)) {
                return value;
            }
            looked.add(DREMIO_TOKEN + " is not set");
        }
        String given = prompt.ask(ref);
        if (present(given)) {
            return given;
        }
        throw new IllegalStateException(String.join("; ", looked) + ".");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
