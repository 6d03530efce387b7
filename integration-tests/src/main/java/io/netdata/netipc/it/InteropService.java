package io.netdata.netipc.it;

import io.netdata.netipc.it.RunDirectory.InvalidRunDirectoryException;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.ManagedServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Java Level 2 interop fixture, with the command-line contract of the
 * reference implementations' {@code interop_service}.
 *
 * <pre>
 * interop_service MODE RUN_DIR SERVICE
 *   server / client                            CGROUPS_SNAPSHOT, 3 items
 *   apps-server / apps-client                  APPS_LOOKUP of NIPC_LOOKUP_SCALE_ITEMS pids (default 8192)
 *   cgroups-server / cgroups-client            CGROUPS_LOOKUP of as many paths
 *   apps-mixed-server / apps-mixed-client      APPS_LOOKUP, one answer of each kind
 *   cgroups-mixed-server / cgroups-mixed-client  CGROUPS_LOOKUP, one answer of each kind
 * </pre>
 *
 * <p>{@code NIPC_PROFILE=shm} offers and prefers SHM_HYBRID besides the
 * baseline. A server prints {@code READY} once it listens and serves until it
 * is terminated (SIGTERM or SIGINT), when it closes and removes its socket and
 * region files. A client prints {@code PASS} or {@code FAIL} after its call.
 * Diagnostics go to standard error; the exit code is 0 on success and 1
 * otherwise.
 *
 * <p>Thread-safety: stateless.
 */
public final class InteropService {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final String READY = "READY";
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";

    private static final int ARGS = 3;
    private static final int MODE = 0;
    private static final int RUN_DIR = 1;
    private static final int SERVICE = 2;
    private static final String USAGE = "Usage: interop_service <server|client|apps-server|apps-client|"
            + "cgroups-server|cgroups-client|apps-mixed-server|apps-mixed-client|cgroups-mixed-server|"
            + "cgroups-mixed-client> <run_dir> <service_name>";

    private InteropService() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the fixture; returns the exit code (a server returns only when it could not start). */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length != ARGS) {
            err.println(USAGE);
            return EXIT_FAILED;
        }
        Path runDir;
        try {
            runDir = RunDirectory.check(args[RUN_DIR]);
        } catch (InvalidRunDirectoryException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        String service = args[SERVICE];
        InteropServiceConfig config = new InteropServiceConfig(environment);
        InteropServiceClients clients = new InteropServiceClients(config, out, err);
        return switch (args[MODE]) {
            case "server" -> serve(out, err, () -> ManagedServer.cgroupsSnapshot(
                    config.snapshotServer(runDir, service), InteropServiceHandlers.snapshot()));
            case "client" -> clients.snapshot(runDir, service);
            case "apps-server" -> serve(out, err, () -> ManagedServer.appsLookup(config.lookupServer(runDir, service,
                    InteropServiceConfig.SCALE_SESSIONS), InteropServiceHandlers.appsScale()));
            case "apps-client" -> clients.appsScale(runDir, service);
            case "cgroups-server" -> serve(out, err, () -> ManagedServer.cgroupsLookup(config.lookupServer(runDir,
                    service, InteropServiceConfig.SCALE_SESSIONS), InteropServiceHandlers.cgroupsScale()));
            case "cgroups-client" -> clients.cgroupsScale(runDir, service);
            case "apps-mixed-server" -> serve(out, err, () -> ManagedServer.appsLookup(config.lookupServer(runDir,
                    service, InteropServiceConfig.MIXED_SESSIONS), InteropServiceHandlers.appsMixed()));
            case "apps-mixed-client" -> clients.appsMixed(runDir, service);
            case "cgroups-mixed-server" -> serve(out, err, () -> ManagedServer.cgroupsLookup(config.lookupServer(
                    runDir, service, InteropServiceConfig.MIXED_SESSIONS), InteropServiceHandlers.cgroupsMixed()));
            case "cgroups-mixed-client" -> clients.cgroupsMixed(runDir, service);
            default -> {
                err.println("Unknown mode: " + args[MODE]);
                yield EXIT_FAILED;
            }
        };
    }

    /** Starts a server. */
    @FunctionalInterface
    interface ServerStart {
        ManagedServer start() throws ServiceException;
    }

    /**
     * Starts the server, prints READY and serves until the JVM is asked to stop,
     * when a shutdown hook closes the server (removing its files).
     */
    static int serve(PrintStream out, PrintStream err, ServerStart start) {
        ManagedServer server;
        try {
            server = start.start();
        } catch (ServiceException | RuntimeException e) {
            err.println("server init failed: " + e.getMessage());
            return EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "interop-server-stop"));
        out.println(READY);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }
}
