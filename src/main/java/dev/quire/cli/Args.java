package dev.quire.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line words: a subcommand, --name value options, --flags and positional words. */
final class Args {

    private final String command;
    private final Map<String, String> options;
    private final List<String> positional;

    private Args(String command, Map<String, String> options, List<String> positional) {
        this.command = command;
        this.options = options;
        this.positional = positional;
    }

    /** Parses the words; flags names options that take no value. */
    static Args parse(String[] words, Set<String> commands, Set<String> flags) {
        String command = null;
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("--") && word.length() > 2) {
                String name = word.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    options.put(name, "true");
                } else if (i + 1 < words.length) {
                    options.put(name, words[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else if (command == null && positional.isEmpty() && commands.contains(word)) {
                command = word;
            } else {
                positional.add(word);
            }
        }
        return new Args(command, options, positional);
    }

    String command() {
        return command;
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Path dataDir() {
        String dir = options.get("data-dir");
        return dir == null ? null : Path.of(dir);
    }

    int intOption(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number, not '" + value + "'");
        }
    }

    List<String> positional() {
        return positional;
    }

    Set<String> optionNames() {
        return options.keySet();
    }

    /** A mistake in the command line; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
