package io.netdata.netipc.bench;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark servers: INCREMENT answering counter + 1 (single or batch) and
 * CGROUPS_SNAPSHOT answering the reference's 16 items with a generation that
 * grows per request. Prints {@code READY}, runs until SIGTERM/SIGINT or its
 * duration plus a grace period, then prints {@code SERVER_CPU_SEC=...}.
 *
 * <p>Thread-safety: one per process.
 */
final class BenchServer {
    private static final double NANOS_PER_SECOND = 1e9;

    private BenchServer() {
    }

    enum Kind { INCREMENT, SNAPSHOT }

    static int run(Path runDir, String service, long profiles, int durationSeconds, Kind kind, boolean batch)
            throws ServiceException, InterruptedException {
        long payload = batch ? BenchConstants.BATCH_BUFFER_BYTES : BenchConstants.RESPONSE_PAYLOAD_BYTES;
        ServerConfig config = ServerConfig.builder(runDir, service).authToken(BenchConstants.AUTH_TOKEN)
                .supportedProfiles(profiles).preferredProfiles(profiles)
                .maxRequestPayloadBytes(batch ? payload : BenchConstants.REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(payload).build();
        ManagedServer server = kind == Kind.INCREMENT ? ManagedServer.increment(config, value -> value + 1)
                : ManagedServer.cgroupsSnapshot(config, snapshot());
        long cpuStart = Measurement.processCpuNanos();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            finish(server, cpuStart);
        }, "bench-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("READY");
        System.out.flush();
        if (!stop.await(durationSeconds + (long) BenchConstants.SERVER_GRACE_SECONDS, TimeUnit.SECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            finish(server, cpuStart);
        }
        return 0;
    }

    private static void finish(ManagedServer server, long cpuStart) {
        server.close();
        double seconds = (Measurement.processCpuNanos() - cpuStart) / NANOS_PER_SECOND;
        System.out.println(String.format(Locale.ROOT, "SERVER_CPU_SEC=%.6f", seconds));
        System.out.flush();
    }

    /** The reference's 16 items; the generation grows with every request, as there. */
    static CgroupsSnapshotHandler snapshot() {
        ByteString[] names = new ByteString[BenchConstants.SNAPSHOT_ITEMS];
        ByteString[] paths = new ByteString[BenchConstants.SNAPSHOT_ITEMS];
        for (int i = 0; i < BenchConstants.SNAPSHOT_ITEMS; i++) {
            names[i] = ByteString.utf8(BenchConstants.snapshotName(i));
            paths[i] = ByteString.utf8(BenchConstants.snapshotPath(i));
        }
        AtomicLong generation = new AtomicLong();
        return (request, response) -> {
            response.setHeader(BenchConstants.SNAPSHOT_SYSTEMD_ENABLED, generation.incrementAndGet());
            for (int i = 0; i < BenchConstants.SNAPSHOT_ITEMS; i++) {
                response.add(BenchConstants.SNAPSHOT_FIRST_HASH + i, 0, i % 2, names[i], paths[i]);
            }
        };
    }
}
