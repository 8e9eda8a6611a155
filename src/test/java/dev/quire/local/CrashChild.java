package dev.quire.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;

/**
 * The engine in a process of its own, running INSERTs (single, AUTO_COMMIT and TRANSACTION batches)
 * until it is killed; it prints "seen ID STATUS" for every statement and piece as soon as it shows
 * an end, so the test knows what a client was told. Arguments: the data folder, the first value to
 * insert, a seed.
 */
public final class CrashChild {

    public static final String OWNER = "crash";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long value = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LocalEngine engine = LocalEngine.open(LocalEngine.Options.defaults(dir).withSampleData(false),
                SampleData.Progress.NONE);
        StatementSnapshot table = engine.await(OWNER, engine.submit(Submission.of(OWNER,
                "create table if not exists crash_rows(v bigint, work bigint)")).id(), Duration.ofSeconds(60));
        if (table.status() != Phase.FINISHED) {
            throw new IllegalStateException(table.error());
        }
        out.println("ready");
        List<String> running = new ArrayList<>();
        Set<String> told = new HashSet<>();
        Instant end = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(end)) {
            while (running.size() < 6) {
                int kind = random.nextInt(6);
                Submission request;
                if (kind < 3) {
                    request = Submission.of(OWNER, insert(value++, random));
                } else {
                    Submission.ExecutionMode mode = kind == 5 ? Submission.ExecutionMode.TRANSACTION
                            : Submission.ExecutionMode.AUTO_COMMIT;
                    List<String> sqls = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        sqls.add(insert(value++, random));
                    }
                    request = new Submission(OWNER, sqls, true, List.of(), null, null, null, mode, null, null, null);
                }
                running.add(engine.submit(request).id());
            }
            // looks at every statement often, so a piece is reported as soon as it shows an end
            engine.await(OWNER, running.get(0), Duration.ofMillis(5));
            for (String id : List.copyOf(running)) {
                StatementSnapshot s = engine.describe(OWNER, id);
                for (StatementSnapshot sub : s.subStatements()) {
                    if (sub.isFinal() && told.add(sub.id())) {
                        out.println("seen " + sub.id() + " " + sub.status());
                    }
                }
                if (s.isFinal()) {
                    out.println("seen " + s.id() + " " + s.status());
                    running.remove(id);
                }
            }
        }
        out.println("done");
        engine.close();
    }

    /** An INSERT of one value that takes a random while: some end at once, some run for a while. */
    private static String insert(long value, Random random) {
        return "insert into crash_rows select " + value + ", sum(i % 7) from range(" + random.nextInt(20_000_000)
                + ") t(i)";
    }

    private CrashChild() {
    }
}
