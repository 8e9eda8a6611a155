package dev.quire.service;

import dev.quire.model.ConnectionProfile;
import dev.quire.model.RedshiftSettings;
import java.nio.file.Path;

/**
 * A second process for {@link ProfileStoreProcessesTest}: says "ready", waits for a line on stdin,
 * then adds its connections one by one and prints "failed NAME: why" for each that failed.
 */
public final class ProfileWriterChild {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        ProfileStore store = ProfileStore.open(file);
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) {
            return;
        }
        int added = 0;
        for (int i = 0; i < count; i++) {
            String name = prefix + " " + i;
            try {
                store.add(new ConnectionProfile(name, new RedshiftSettings(RedshiftSettings.Mode.SERVERLESS_WORKGROUP,
                        "eu-west-1", null, null, "wg-" + i, null, "dev", null, null)));
                added++;
            } catch (Exception e) {
                System.out.println("failed " + name + ": " + e);
            }
        }
        System.out.println("done " + added);
        System.out.flush();
    }

    private ProfileWriterChild() {
    }
}
