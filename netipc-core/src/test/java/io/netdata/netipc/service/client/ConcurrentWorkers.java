package io.netdata.netipc.service.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs test workers on their own threads, released together, and rethrows what any of them threw. */
final class ConcurrentWorkers {
    /** A bound on a hung worker only; a passing run takes a small fraction of it. */
    private static final long WAIT_SECONDS = 60;

    /** One worker's body; {@code index} tells it from the others. */
    @FunctionalInterface
    interface Worker {
        void run(int index) throws Exception;
    }

    /** One lookup of a worker's own keys; its answer checked when {@code check} says so. */
    @FunctionalInterface
    interface Lookup {
        void run(boolean check) throws Exception;
    }

    private ConcurrentWorkers() {
    }

    /**
     * Runs {@code count} workers sharing {@code client}, each doing {@code rounds} lookups
     * of its own keys. Even workers check their answer holding the client's call lock, as
     * threads sharing a client that returns borrowed views must keep other calls out until
     * they are done with theirs; odd workers only call, and their answers are checked by
     * the client itself (count and echoed keys), so their calls must never fail.
     */
    static void lookUpTogether(ServiceClient client, int count, int rounds, IntFunction<Lookup> lookups)
            throws Exception {
        runTogether(count, worker -> {
            Lookup lookup = lookups.apply(worker);
            boolean check = worker % 2 == 0;
            for (int i = 0; i < rounds; i++) {
                if (check) {
                    client.connection.lock();
                    try {
                        lookup.run(true);
                    } finally {
                        client.connection.unlock();
                    }
                } else {
                    lookup.run(false);
                }
            }
        });
    }

    /** Runs {@code count} workers at once and waits for all of them. */
    static void runTogether(int count, Worker worker) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                running.add(threads.submit(() -> {
                    start.await();
                    worker.run(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> future : running) {
                future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
