package dev.quire.service.history;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends entries to a history file from a process of its own: opens the store, says "ready",
 * waits for "go" on stdin, appends, says "done". Arguments: file, count, connection name.
 */
final class HistoryAppender {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String connection = args[2];
        try (HistoryStore store = HistoryStore.open(file)) {
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                System.exit(2);
            }
            for (int i = 0; i < count; i++) {
                store.save(Entries.finished(connection, "select " + i + " as appended_by_child", i));
            }
        }
        System.out.println("done");
    }

    private HistoryAppender() {
    }
}
