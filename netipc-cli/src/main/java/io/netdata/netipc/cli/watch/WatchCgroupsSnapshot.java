package io.netdata.netipc.cli.watch;

import io.netdata.netipc.cache.CacheStatus;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.NetIpcCli;
import io.netdata.netipc.cli.common.ServiceOptions;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Refreshes a {@link CgroupsSnapshotCache} every interval and prints one line
 * per refresh; a provider that goes away and comes back is picked up again,
 * the last good snapshot kept meanwhile.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(name = "cgroups-snapshot", mixinStandardHelpOptions = true,
        description = "Watch a cgroups-snapshot provider through a snapshot cache.",
        footer = {"%nEach line: time, connection state, items, generation, age of the data,",
            "refresh successes and failures (and the last error).", "",
            "Example:", "  netipc watch cgroups-snapshot --run-dir /run/netdata \\",
            "      --service cgroups-snapshot --interval 1000"})
final class WatchCgroupsSnapshot implements Callable<Integer> {
    private static final long UNLIMITED = 0;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "Time between refreshes, in ms (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N refreshes (default: never).")
    long count;

    @Option(names = "--debug", description = "Print stack traces of failures.")
    boolean debug;

    private final Supplier<Instant> clock = Instant::now;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalMillis <= 0 || count < 0) {
            throw new CliFailure(ExitCodes.USAGE, "--interval must be positive and --count not negative");
        }
        ClientConfig config = service.clientConfig(NetIpcCli.environment(spec), Duration.ofMillis(intervalMillis));
        PrintWriter out = spec.commandLine().getOut();
        try (CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(config)) {
            for (long refreshes = 0; count == UNLIMITED || refreshes < count; refreshes++) {
                if (refreshes > 0) {
                    Thread.sleep(intervalMillis);
                }
                cache.refresh();
                out.println(line(cache.status()));
                out.flush();
            }
        } catch (ServiceException e) {
            throw new CliFailure(ExitCodes.FAILED, "cannot create the cache: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private String line(CacheStatus status) {
        Instant now = clock.get();
        String age = status.lastSuccess() == null ? "-"
                : Duration.between(status.lastSuccess(), now).toMillis() + "ms";
        return now + " state=" + status.connection() + " items=" + status.itemCount() + " generation="
                + Long.toUnsignedString(status.generation()) + " age=" + age + " ok=" + status.refreshSuccesses()
                + " failed=" + status.refreshFailures()
                + (status.lastError() != null ? " last_error=" + status.lastError() : "");
    }
}
