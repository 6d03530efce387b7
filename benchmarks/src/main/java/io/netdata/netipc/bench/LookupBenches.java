package io.netdata.netipc.bench;

import io.netdata.netipc.cache.CachedCgroup;
import io.netdata.netipc.cache.CgroupsSnapshot;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two benchmarks without a transport: {@code lookup-bench} (local
 * lookups in a snapshot cache of the reference's 16 items) and
 * {@code lookup-method-bench} (encode a lookup request, dispatch it through
 * the codec with the reference's handler, decode and check the answer).
 *
 * <p>Thread-safety: one run per thread.
 */
final class LookupBenches {
    private static final Pattern SCENARIO = Pattern.compile("(cgroups|apps)-lookup-.*-(known|unknown|mixed)-(\\d+)");
    private static final List<Integer> ITEM_COUNTS = List.of(1, 16, 256, 8192, 32768);
    private static final int BUFFER_BYTES_PER_ITEM = 256;
    private static final int BUFFER_BASE_BYTES = 4096;
    private static final long FIRST_PID = 1000;
    private static final ByteString POD = ByteString.utf8("bench-pod");
    private static final List<LookupLabel> POD_LABELS = List.of(label("namespace", "bench"),
            label("image", "bench:latest"));
    private static final List<LookupLabel> CONTAINER_LABELS = List.of(label("image", "bench:latest"));
    private static final ByteString COMM = ByteString.utf8("bench");
    private static final ByteString CGROUP_PATH = ByteString.utf8("/sys/fs/cgroup/bench");
    private static final ByteString CONTAINER = ByteString.utf8("bench-container");
    private static final long KNOWN_PPID = 1;
    private static final long KNOWN_UID = 1000;
    private static final long KNOWN_STARTTIME = 42;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double PERCENT = 100.0;

    private LookupBenches() {
    }

    private static LookupLabel label(String key, String value) {
        return new LookupLabel(ByteString.utf8(key), ByteString.utf8(value));
    }

    /**
     * Local cache lookups of all 16 items in turn, on a cache filled by one real
     * refresh from an in-process server; every lookup must hit.
     */
    static String lookupBench(int durationSeconds) throws Exception {
        Path runDir = Files.createTempDirectory("netipc-lookup-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            ServerConfig serverConfig = ServerConfig.builder(runDir, "bench_lookup")
                    .authToken(BenchConstants.AUTH_TOKEN).build();
            try (ManagedServer server = ManagedServer.cgroupsSnapshot(serverConfig, BenchServer.snapshot());
                    CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(ClientConfig.builder(runDir,
                            "bench_lookup").authToken(BenchConstants.AUTH_TOKEN).build())) {
                if (!cache.refresh()) {
                    throw new IllegalStateException("the cache did not fill: " + cache.status());
                }
                return measureLookups(cache, durationSeconds);
            }
        } finally {
            Files.deleteIfExists(runDir);
        }
    }

    private static String measureLookups(CgroupsSnapshotCache cache, int durationSeconds)
            throws BenchClients.WrongAnswer {
        long[] hashes = new long[BenchConstants.SNAPSHOT_ITEMS];
        ByteString[] names = new ByteString[BenchConstants.SNAPSHOT_ITEMS];
        for (int i = 0; i < BenchConstants.SNAPSHOT_ITEMS; i++) {
            hashes[i] = BenchConstants.SNAPSHOT_FIRST_HASH + i;
            names[i] = ByteString.utf8(BenchConstants.snapshotName(i));
        }
        long warmupEnd = System.nanoTime() + BenchClients.warmupNanos(durationSeconds);
        while (System.nanoTime() - warmupEnd < 0) {
            lookUpAll(cache, hashes, names);
        }
        long lookups = 0;
        long hits = 0;
        long cpuStart = Measurement.processCpuNanos();
        long wallStart = System.nanoTime();
        long end = wallStart + TimeUnit.SECONDS.toNanos(durationSeconds);
        while (System.nanoTime() - end < 0) {
            hits += lookUpAll(cache, hashes, names);
            lookups += BenchConstants.SNAPSHOT_ITEMS;
        }
        double seconds = (System.nanoTime() - wallStart) / NANOS_PER_SECOND;
        double cpu = (Measurement.processCpuNanos() - cpuStart) / NANOS_PER_SECOND / seconds * PERCENT;
        if (hits != lookups) {
            throw new BenchClients.WrongAnswer("lookup: missed " + (lookups - hits) + "/" + lookups);
        }
        return String.format(Locale.ROOT, "lookup,%s,%s,%.0f,0,0,0,%.1f,0.0,%.1f", Measurement.CLIENT_LANGUAGE,
                Measurement.CLIENT_LANGUAGE, lookups / seconds, cpu, cpu);
    }

    /** Looks every item up once in the current snapshot, as the reference does under one read lock; returns the hits. */
    private static int lookUpAll(CgroupsSnapshotCache cache, long[] hashes, ByteString[] names) {
        CgroupsSnapshot snapshot = cache.snapshot();
        int hits = 0;
        for (int i = 0; i < hashes.length; i++) {
            CachedCgroup found = snapshot.get(hashes[i], names[i]);
            hits += found != null ? 1 : 0;
        }
        return hits;
    }

    /** The parsed {@code lookup-method-bench} scenario, or null when it is not one. */
    record MethodScenario(String name, boolean apps, String variant, int items) {
        static MethodScenario parse(String name) {
            Matcher m = SCENARIO.matcher(name);
            if (!m.matches()) {
                return null;
            }
            int items;
            try {
                items = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                return null;
            }
            return ITEM_COUNTS.contains(items) ? new MethodScenario(name, m.group(1).equals("apps"), m.group(2),
                    items) : null;
        }

        boolean known(int index) {
            return switch (variant) {
                case "known" -> true;
                case "unknown" -> false;
                default -> index % 2 == 0;
            };
        }
    }

    /** Encode, dispatch, decode and check one lookup per iteration. */
    static Measurement lookupMethodBench(int durationSeconds, MethodScenario scenario, long rate) throws Exception {
        int bufferBytes = Math.max(scenario.items() * BUFFER_BYTES_PER_ITEM + BUFFER_BASE_BYTES,
                (int) BenchConstants.RESPONSE_PAYLOAD_BYTES);
        ByteBuffer request = ByteBuffer.allocate(bufferBytes);
        ByteBuffer response = ByteBuffer.allocate(bufferBytes);
        return scenario.apps() ? appsMethod(durationSeconds, scenario, rate, request, response)
                : cgroupsMethod(durationSeconds, scenario, rate, request, response);
    }

    private static Measurement cgroupsMethod(int durationSeconds, MethodScenario scenario, long rate,
            ByteBuffer request, ByteBuffer response) throws Exception {
        List<ByteString> paths = new ArrayList<>();
        for (int i = 0; i < scenario.items(); i++) {
            paths.add(ByteString.utf8(String.format(Locale.ROOT, "/sys/fs/cgroup/bench/cg-%03d", i)));
        }
        CgroupsLookupRequestView requestView = new CgroupsLookupRequestView();
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder();
        CgroupsLookupResponseView answer = new CgroupsLookupResponseView();
        return BenchClients.measure(durationSeconds, rate, () -> {
            int requestLength = CgroupsLookupRequestEncoder.encode(paths, request, 0, request.capacity());
            requestView.wrap(request, 0, requestLength);
            builder.reset(response, 0, response.capacity(), requestView.itemCount(), 0)
                    .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(
                            requestView));
            for (int i = 0; i < requestView.itemCount(); i++) {
                if (scenario.known(i)) {
                    builder.addRequestItem(requestView, i, CgroupLookupStatus.KNOWN, Orchestrator.K8S, POD,
                            POD_LABELS);
                } else {
                    builder.addRequestItem(requestView, i, CgroupLookupStatus.UNKNOWN_RETRY_LATER, 0,
                            ByteString.EMPTY, List.of());
                }
            }
            answer.wrap(response, 0, builder.finish());
            if (answer.itemCount() != scenario.items()) {
                throw new BenchClients.WrongAnswer(answer.itemCount() + " answers for " + scenario.items());
            }
            return 1;
        });
    }

    private static Measurement appsMethod(int durationSeconds, MethodScenario scenario, long rate,
            ByteBuffer request, ByteBuffer response) throws Exception {
        long[] pids = new long[scenario.items()];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = FIRST_PID + i;
        }
        AppsLookupRequestView requestView = new AppsLookupRequestView();
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder();
        AppsLookupResponseView answer = new AppsLookupResponseView();
        return BenchClients.measure(durationSeconds, rate, () -> {
            int requestLength = AppsLookupRequestEncoder.encode(pids, request, 0, request.capacity());
            requestView.wrap(request, 0, requestLength);
            builder.reset(response, 0, response.capacity(), requestView.itemCount(), 0)
                    .setPayloadExceededSuffixBytes(AppsLookupResponseBuilder.payloadExceededSuffixBytes(
                            requestView.itemCount()));
            for (int i = 0; i < requestView.itemCount(); i++) {
                long pid = requestView.pid(i);
                if (scenario.known(i)) {
                    builder.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, pid, KNOWN_PPID,
                            KNOWN_UID, KNOWN_STARTTIME, COMM, CGROUP_PATH, CONTAINER, CONTAINER_LABELS);
                } else {
                    builder.add(PidLookupStatus.UNKNOWN, AppsCgroupStatus.KNOWN, 0, pid, 0,
                            AppsLookupItemView.UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY,
                            List.of());
                }
            }
            answer.wrap(response, 0, builder.finish());
            if (answer.itemCount() != scenario.items()) {
                throw new BenchClients.WrongAnswer(answer.itemCount() + " answers for " + scenario.items());
            }
            return 1;
        });
    }
}
