package dev.quire.local.server;

import dev.quire.local.LocalEngine;
import dev.quire.local.LocalKeys;
import dev.quire.local.SampleData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One of the processes of {@link KeyRaceTest}: warms up on a folder of its own, says "ready", and on
 * a line from stdin opens the local runtime on the shared folder, prints "key ID owner|attached
 * ENDPOINT", and holds it until the next line.
 */
public final class KeyRaceChild {

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        LocalKeys.loadOrCreate(Path.of(args[1]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        if (in.readLine() == null) {
            return;
        }
        try (LocalRuntime runtime = LocalRuntime.open(LocalEngine.Options.defaults(shared).withSampleData(false), 0,
                SampleData.Progress.NONE)) {
            System.out.println("key " + runtime.credentials().accessKeyId() + " "
                    + (runtime.owner() ? "owner" : "attached") + " " + runtime.endpoint());
            System.out.flush();
            in.readLine();
        }
    }

    private KeyRaceChild() {
    }
}
