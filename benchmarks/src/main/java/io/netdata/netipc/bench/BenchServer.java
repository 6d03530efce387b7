package io.netdata.netipc.bench;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark servers: INCREMENT answering counter + 1 (single or batch) and
 * CGROUPS_SNAPSHOT answering the reference's 16 items with a generation that
 * grows per request. Prints {@code READY}, runs until it is told to stop (the
 * process's SIGTERM/SIGINT, see {@link BenchPosix}) or, for a positive
 * duration, until that duration plus a grace period has passed; a duration of
 * 0 or less runs until told, as the reference's. Then prints
 * {@code SERVER_CPU_SEC=...}.
 *
 * <p>Thread-safety: one per process.
 */
final class BenchServer {
    private static final double NANOS_PER_SECOND = 1e9;
    /** {@link #stopAfterSeconds}'s answer for a server that runs until it is told to stop. */
    static final long UNTIL_STOPPED = -1;

    private BenchServer() {
    }

    enum Kind { INCREMENT, SNAPSHOT }

    /** What a server subcommand serves. */
    record Service(long profiles, Kind kind, boolean batch) {
    }

    /**
     * Runs a server as the reference's {@code *-server} subcommands do and returns its exit status.
     *
     * @param stop counted down to stop the server before its time
     * @param graceSeconds how long past a positive duration the server goes on
     */
    static int run(Path runDir, String serviceName, Service service, int durationSeconds, int graceSeconds,
            CountDownLatch stop, PrintStream out) throws ServiceException, InterruptedException {
        ManagedServer server = start(runDir, serviceName, service);
        out.println("READY");
        out.flush();
        long cpuStart = Measurement.processCpuNanos();
        try {
            long seconds = stopAfterSeconds(durationSeconds, graceSeconds);
            if (seconds == UNTIL_STOPPED) {
                stop.await();
            } else {
                stop.await(seconds, TimeUnit.SECONDS);
            }
        } finally {
            server.close();
            double cpu = (Measurement.processCpuNanos() - cpuStart) / NANOS_PER_SECOND;
            out.println(String.format(Locale.ROOT, "SERVER_CPU_SEC=%.6f", cpu));
            out.flush();
        }
        return 0;
    }

    /**
     * How long a server of {@code durationSeconds} runs before it stops by itself: the duration plus the
     * grace for a positive duration, {@link #UNTIL_STOPPED} otherwise (the reference starts its timer only
     * for a positive duration).
     */
    static long stopAfterSeconds(int durationSeconds, int graceSeconds) {
        return durationSeconds > 0 ? (long) durationSeconds + graceSeconds : UNTIL_STOPPED;
    }

    static ManagedServer start(Path runDir, String serviceName, Service service) throws ServiceException {
        ServerConfig config = config(runDir, serviceName, service);
        return service.kind() == Kind.INCREMENT ? ManagedServer.increment(config, value -> value + 1)
                : ManagedServer.cgroupsSnapshot(config, snapshot());
    }

    /** The reference server's limits; a snapshot server declares its 16 items, as the reference's handler does. */
    static ServerConfig config(Path runDir, String serviceName, Service service) {
        long payload = service.batch() ? BenchConstants.BATCH_BUFFER_BYTES : BenchConstants.RESPONSE_PAYLOAD_BYTES;
        ServerConfig.Builder config = ServerConfig.builder(runDir, serviceName).authToken(BenchConstants.AUTH_TOKEN)
                .supportedProfiles(service.profiles()).preferredProfiles(service.profiles())
                .maxRequestPayloadBytes(service.batch() ? payload : BenchConstants.REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(payload);
        if (service.kind() == Kind.SNAPSHOT) {
            // Without it the directory is sized for the 64 KiB ceiling (1,364 entries) and compacted per response.
            config.snapshotMaxItems(BenchConstants.SNAPSHOT_ITEMS);
        }
        return config.build();
    }

    /** The reference's 16 items; the generation grows with every request, as there. */
    static CgroupsSnapshotHandler snapshot() {
        ByteString[] names = BenchConstants.snapshotNames();
        ByteString[] paths = BenchConstants.snapshotPaths();
        AtomicLong generation = new AtomicLong();
        return (request, response) -> {
            response.setHeader(BenchConstants.SNAPSHOT_SYSTEMD_ENABLED, generation.incrementAndGet());
            for (int i = 0; i < BenchConstants.SNAPSHOT_ITEMS; i++) {
                response.add(BenchConstants.SNAPSHOT_FIRST_HASH + i, BenchConstants.SNAPSHOT_OPTIONS,
                        BenchConstants.snapshotEnabled(i), names[i], paths[i]);
            }
        };
    }
}
