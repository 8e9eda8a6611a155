package dev.quire.bench;

import static dev.quire.bench.Bench.check;

import dev.quire.client.redshift.RedshiftDataClient;
import dev.quire.model.RunState;
import dev.quire.model.StatementInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/**
 * DescribeStatement on one finished statement from 16 concurrent pollers sharing one client, for
 * a fixed time after a warm-up; Quire's client and the AWS SDK client take turns, round by round.
 */
public final class DescribeThroughputBench implements Bench.Benchmark {

    static final String QUIRE = "quire-client";
    static final String SDK = "aws-sdk-v2";

    private final int threads = Bench.intSetting("bench.describe.threads", 16);
    private final int warmSeconds = Bench.intSetting("bench.describe.warmupSeconds", 2);
    private final int measureSeconds = Bench.intSetting("bench.describe.seconds", 5);
    private final int rounds = Bench.intSetting("bench.describe.rounds", 3);

    @Override
    public String name() {
        return "DescribeThroughputBench";
    }

    /** One describe call; returns normally only when the answer is the finished statement. */
    interface Call {
        void describe() throws Exception;
    }

    @Override
    public Bench.Result run() throws Exception {
        Bench.Result result = new Bench.Result(name(), String.format(java.util.Locale.ROOT,
                "DescribeStatement on a finished statement, %d concurrent pollers sharing one client, "
                        + "%d s measured after %d s warm-up, per round", threads, measureSeconds, warmSeconds))
                .contenders(QUIRE, SDK);
        try (LocalBench local = LocalBench.start("describe");
             RedshiftDataClient quire = local.quireClient();
             var sdk = local.sdkClient()) {
            StatementInfo info = LocalBench.executeAndAwait(quire, "select 1 as one", Duration.ofSeconds(30));
            check(info.status() == RunState.FINISHED, "statement ended %s", info.status());
            String id = info.id();

            Call quireCall = () -> {
                StatementInfo d = quire.describe(id).get(30, TimeUnit.SECONDS);
                check(d.status() == RunState.FINISHED && d.id().equals(id) && d.resultRows() == 1,
                        "unexpected describe %s", d);
            };
            Call sdkCall = () -> {
                DescribeStatementResponse d = sdk.describeStatement(b -> b.id(id));
                check(d.status() == StatusString.FINISHED && d.id().equals(id) && d.resultRows() == 1,
                        "unexpected describe %s", d);
            };
            long[] verified = new long[1];
            // the in-round warm-up absorbs JIT; no extra warm-up rounds are needed
            Bench.interleave(List.of(QUIRE, SDK), 0, rounds, (contender, round, measured) -> {
                Window w = measure(contender.equals(QUIRE) ? quireCall : sdkCall);
                verified[0] += w.calls;
                Bench.log("%-14s %,.0f calls/s, p50 %.3f ms, p99 %.3f ms (%,d calls in %d s)", contender,
                        w.callsPerSecond(), w.p50Millis(), w.p99Millis(), w.calls, measureSeconds);
                result.add(contender, "calls/s", "calls/s", w.callsPerSecond());
                result.add(contender, "p50 latency", "ms", w.p50Millis());
                result.add(contender, "p99 latency", "ms", w.p99Millis());
            });
            result.ratio("Quire client ÷ AWS SDK, calls/s", QUIRE, SDK, "calls/s");
            result.ratio("Quire client ÷ AWS SDK, p50 latency", QUIRE, SDK, "p50 latency");
            result.fact("threads", threads);
            result.fact("measured calls, each answered FINISHED for the right id", verified[0]);
        }
        return result;
    }

    record Window(long calls, double seconds, long[] latencies) {
        double callsPerSecond() {
            return calls / seconds;
        }

        double p50Millis() {
            return Bench.percentileSorted(latencies, latencies.length, 50) / 1e6;
        }

        double p99Millis() {
            return Bench.percentileSorted(latencies, latencies.length, 99) / 1e6;
        }
    }

    /** One polling thread's latencies (nanos) of the calls inside the measured window. */
    private static final class Poller extends Thread {
        private final Call call;
        private final CountDownLatch go;
        private final long[] window;
        private final AtomicReference<Throwable> failure;
        long[] latencies = new long[1 << 14];
        int count;

        Poller(int index, Call call, CountDownLatch go, long[] window, AtomicReference<Throwable> failure) {
            super("bench-poller-" + index);
            setDaemon(true);
            this.call = call;
            this.go = go;
            this.window = window;
            this.failure = failure;
        }

        @Override
        public void run() {
            try {
                go.await();
                long begin = window[0];
                long end = window[1];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end || failure.get() != null) {
                        return;
                    }
                    call.describe();
                    long t1 = System.nanoTime();
                    if (t0 >= begin && t1 <= end) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = t1 - t0;
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Runs the pollers: warm-up, then a measured window; only calls that start and end inside it count. */
    private Window measure(Call call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Poller> pollers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Poller poller = new Poller(t, call, go, window, failure);
            pollers.add(poller);
            poller.start();
        }
        window[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmSeconds);
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(measureSeconds);
        go.countDown(); // happens-before each poller's read of window
        for (Poller poller : pollers) {
            poller.join(TimeUnit.SECONDS.toMillis(warmSeconds + measureSeconds + 60));
            check(!poller.isAlive(), "a poller did not stop");
        }
        if (failure.get() != null) {
            throw new AssertionError("a poller failed", failure.get());
        }
        int total = pollers.stream().mapToInt(p -> p.count).sum();
        check(total > 0, "no describe call completed in the measured window");
        long[] all = new long[total];
        int at = 0;
        for (Poller poller : pollers) {
            System.arraycopy(poller.latencies, 0, all, at, poller.count);
            at += poller.count;
        }
        Arrays.sort(all);
        return new Window(total, measureSeconds, all);
    }
}
