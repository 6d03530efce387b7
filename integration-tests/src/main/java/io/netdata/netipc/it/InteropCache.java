package io.netdata.netipc.it;

import io.netdata.netipc.cache.CachedCgroup;
import io.netdata.netipc.cache.CgroupsSnapshot;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.it.RunDirectory.InvalidRunDirectoryException;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.ManagedServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Java Level 3 interop fixture, with the command-line contract of the
 * reference implementations' {@code interop_cache}.
 *
 * <pre>
 * interop_cache server RUN_DIR SERVICE   a CGROUPS_SNAPSHOT server of 3 items (SHM supported, not preferred)
 * interop_cache client RUN_DIR SERVICE   a snapshot cache: refresh, check status and lookups
 * </pre>
 *
 * <p>Output, profiles and exit codes as for {@link InteropService}; the client
 * prints {@code FAIL} also when the cache never becomes ready.
 *
 * <p>Thread-safety: stateless.
 */
public final class InteropCache {
    private static final int ARGS = 3;
    private static final int MODE = 0;
    private static final int RUN_DIR = 1;
    private static final int SERVICE = 2;
    private static final String USAGE = "Usage: interop_cache <server|client> <run_dir> <service_name>";
    /** A hash and name the server does not have. */
    private static final long ABSENT_HASH = 9999;
    private static final ByteString ABSENT_NAME = ByteString.utf8("nonexistent");

    private InteropCache() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the fixture; returns the exit code (a server returns only when it could not start). */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length != ARGS) {
            err.println(USAGE);
            return InteropService.EXIT_FAILED;
        }
        Path runDir;
        try {
            runDir = RunDirectory.check(args[RUN_DIR]);
        } catch (InvalidRunDirectoryException e) {
            err.println(e.getMessage());
            return InteropService.EXIT_FAILED;
        }
        String service = args[SERVICE];
        InteropServiceConfig config = new InteropServiceConfig(environment);
        return switch (args[MODE]) {
            case "server" -> InteropService.serve(out, err, () -> ManagedServer.cgroupsSnapshot(
                    config.cacheServer(runDir, service), InteropServiceHandlers.snapshot()));
            case "client" -> client(config, runDir, service, out, err);
            default -> {
                err.println("Unknown mode: " + args[MODE]);
                yield InteropService.EXIT_FAILED;
            }
        };
    }

    private static int client(InteropServiceConfig config, Path runDir, String service, PrintStream out,
            PrintStream err) {
        try (CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(config.cacheClient(runDir, service))) {
            if (!refreshed(cache)) {
                err.println("client: cache not ready after refresh (" + cache.status().lastError() + ")");
                out.println(InteropService.FAIL);
                return InteropService.EXIT_FAILED;
            }
            CheckTally checks = new CheckTally(err);
            checks.subject("client");
            CgroupsSnapshot snapshot = cache.snapshot();
            checks.check(cache.status().itemCount() == InteropServiceHandlers.SNAPSHOT_ITEMS.size(), "item count");
            checks.check(snapshot.systemdEnabled() == InteropServiceHandlers.SNAPSHOT_SYSTEMD_ENABLED,
                    "systemd_enabled");
            checks.check(cache.status().generation() == InteropServiceHandlers.SNAPSHOT_GENERATION, "generation");
            InteropServiceHandlers.SnapshotItem expected = InteropServiceHandlers.SNAPSHOT_ITEMS.get(0);
            CachedCgroup found = snapshot.get(expected.hash(), ByteString.utf8(expected.name()));
            checks.check(found != null && found.hash() == expected.hash()
                    && found.name().equals(ByteString.utf8(expected.name()))
                    && found.path().equals(ByteString.utf8(expected.path())), "item " + expected.hash());
            checks.check(snapshot.get(ABSENT_HASH, ABSENT_NAME) == null, "absent item");
            boolean passed = checks.failed() == 0;
            out.println(passed ? InteropService.PASS : InteropService.FAIL);
            return passed ? InteropService.EXIT_OK : InteropService.EXIT_FAILED;
        } catch (ServiceException | RuntimeException e) {
            err.println("client: " + e.getMessage());
            out.println(InteropService.FAIL);
            return InteropService.EXIT_FAILED;
        }
    }

    /** Refreshes up to 200 times, 10 ms apart, until the cache is rebuilt. */
    private static boolean refreshed(CgroupsSnapshotCache cache) {
        for (int i = 0; i < InteropServiceConfig.READY_ATTEMPTS; i++) {
            if (cache.refresh()) {
                return cache.ready();
            }
            InteropServiceClients.sleep();
        }
        return false;
    }
}
