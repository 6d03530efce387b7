package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.cli.serve.CgroupSet;
import io.netdata.netipc.cli.serve.DataSource;
import io.netdata.netipc.cli.serve.ProcessRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The host as a data source: cgroups rescanned at most once per
 * {@link #RESCAN_INTERVAL} however many requests arrive, the generation bumped
 * whenever the set changes; processes read from {@code /proc} per request.
 *
 * <p>Thread-safety: thread-safe; scans are serialized.
 */
public final class HostDataSource implements DataSource {
    public static final Duration RESCAN_INTERVAL = Duration.ofSeconds(1);
    private static final long FIRST_GENERATION = 1;

    private final HostCgroups cgroups;
    private final HostProcesses processes;
    private final LongSupplier clock;
    private CgroupSet current;
    private long scannedAt;

    /** The host under {@code cgroupRoot} (/sys/fs/cgroup) and {@code procRoot} (/proc). */
    public HostDataSource(Path cgroupRoot, Path procRoot) {
        this(cgroupRoot, procRoot, System::nanoTime);
    }

    HostDataSource(Path cgroupRoot, Path procRoot, LongSupplier clock) {
        this.cgroups = new HostCgroups(cgroupRoot);
        HostCgroups.Hierarchy hierarchy = cgroups.hierarchy();
        String controllers = hierarchy == null ? "" : hierarchy.controllers();
        this.processes = new HostProcesses(procRoot, controllers);
        this.clock = clock;
    }

    @Override
    public synchronized CgroupSet cgroups() {
        long now = clock.getAsLong();
        if (current == null || now - scannedAt >= RESCAN_INTERVAL.toNanos()) {
            HostCgroups.Scan scan = cgroups.scan();
            List<CgroupRecord> items = scan.records();
            long generation = current == null ? FIRST_GENERATION
                    : current.sameItems(items) ? current.generation() : current.generation() + 1;
            current = new CgroupSet(generation, scan.systemd() ? 1 : 0, items);
            scannedAt = now;
        }
        return current;
    }

    @Override
    public ProcessRecord process(long pid) {
        return processes.read(pid);
    }

    /** Entries skipped so far: cgroup directories and processes that vanished or could not be read. */
    public synchronized long skipped() {
        return cgroups.skipped() + processes.skipped();
    }
}
