package dev.quire.model;

import static dev.quire.model.Checks.blank;

import java.util.regex.Pattern;

/** Where a secret is kept, by name only: the OS keyring's entry or an environment variable. */
public record SecretRef(Store store, String name) {

    public enum Store { KEYRING, ENVIRONMENT }

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What is missing or wrong, or null. */
    public String problem() {
        if (store == null) {
            return "Choose where the secret is kept: the keyring or an environment variable.";
        }
        if (blank(name)) {
            return store == Store.KEYRING ? "Enter the keyring entry's name."
                    : "Enter the environment variable's name.";
        }
        if (store == Store.ENVIRONMENT && !VARIABLE.matcher(name).matches()) {
            return "An environment variable's name has only letters, digits and _, and does not start with a digit.";
        }
        return null;
    }
}
