package io.netdata.netipc.cli.serve;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.NetIpcCli;
import io.netdata.netipc.cli.common.ServiceOptions;
import io.netdata.netipc.cli.serve.host.HostDataSource;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code serve KIND} shares: options, start, READY, and a clean stop
 * on SIGINT/SIGTERM (the JVM's shutdown hook closes the server, which removes
 * its socket and region files; {@link ShutdownStop} registers it before the
 * server binds, so that no signal finds a socket without it).
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
abstract class ServeSubcommand implements Callable<Integer> {
    static final String READY = "READY";
    /**
     * Room for a host's whole snapshot in one answer (sessions grow their buffers
     * only as far as the answers need), so that clients never reconnect to grow.
     */
    static final long RESPONSE_CEILING = 16L * 1024 * 1024;
    private static final String DEFAULT_CGROUP_ROOT = "/sys/fs/cgroup";
    private static final String DEFAULT_PROC_ROOT = "/proc";

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "64",
            description = "Clients served at once (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--debug", description = "Print stack traces of failures.")
    boolean debug;

    @Override
    public final Integer call() throws InterruptedException {
        ServerConfig config = serverConfig();
        PrintWriter err = spec.commandLine().getErr();
        ShutdownStop stop = ShutdownStop.register(() -> reportSkipped(err));
        ManagedServer server = null;
        try {
            server = start(config);
        } catch (ServiceException e) {
            throw new CliFailure(ExitCodes.FAILED, "cannot serve " + config.endpoint().socketPath() + ": "
                    + e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        } finally {
            if (server == null) {
                stop.startFailed();
            }
        }
        if (stop.started(server)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(READY);
            out.flush();
        }
        stop.awaitStop();
        return ExitCodes.OK;
    }

    private ServerConfig serverConfig() {
        try {
            long profiles = service.profiles();
            return ServerConfig.builder(service.runDir(), service.service())
                    .authToken(service.authToken(NetIpcCli.environment(spec)))
                    .supportedProfiles(profiles).preferredProfiles(profiles).maxSessions(maxSessions)
                    .maxResponsePayloadBytes(RESPONSE_CEILING).build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** Starts this kind's server. */
    abstract ManagedServer start(ServerConfig config) throws ServiceException;

    /** Says, when it stops, how many host entries were skipped as unreadable, vanished or malformed. */
    void reportSkipped(PrintWriter err) {
        // Only the host readers skip anything.
    }

    /** Kinds answered from data: the host's, or a data file's. */
    abstract static class FromData extends ServeSubcommand {
        @Option(names = "--data", paramLabel = "FILE",
                description = "Serve this JSON data file instead of the host (schema: docs/cli.md).")
        Path data;

        @Option(names = "--cgroup-root", paramLabel = "DIR", defaultValue = DEFAULT_CGROUP_ROOT,
                description = "Where the cgroup hierarchy is mounted (default: ${DEFAULT-VALUE}).")
        Path cgroupRoot;

        @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = DEFAULT_PROC_ROOT,
                description = "Where proc is mounted (default: ${DEFAULT-VALUE}).")
        Path procRoot;

        private HostDataSource host;

        DataSource dataSource() {
            if (data == null) {
                host = new HostDataSource(cgroupRoot, procRoot);
                return host;
            }
            try {
                return FileDataSource.load(data);
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.USAGE, "cannot read the data file " + data + ": " + e);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.USAGE, "the data file " + data + " is not valid: " + e.getMessage());
            }
        }

        @Override
        void reportSkipped(PrintWriter err) {
            if (host != null) {
                err.println(spec.qualifiedName() + ": skipped " + host.skipped()
                        + " unreadable, vanished or malformed host entries");
                err.flush();
            }
        }
    }

    @Command(name = "increment", mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  netipc serve increment --run-dir /tmp/run --service inc"},
            description = "Answer each value plus one.")
    static final class Increment extends ServeSubcommand {
        @Override
        ManagedServer start(ServerConfig config) throws ServiceException {
            return ManagedServer.increment(config, ServedHandlers.increment());
        }
    }

    @Command(name = "string-reverse", mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  netipc serve string-reverse --run-dir /tmp/run --service rev"},
            description = "Answer each string with its bytes reversed.")
    static final class StringReverse extends ServeSubcommand {
        @Override
        ManagedServer start(ServerConfig config) throws ServiceException {
            return ManagedServer.stringReverse(config, ServedHandlers.stringReverse());
        }
    }

    @Command(name = "cgroups-snapshot", mixinStandardHelpOptions = true,
            footer = {"%nExample:",
                "  netipc serve cgroups-snapshot --run-dir /tmp/run --service cgroups-snapshot \\",
                "      --profiles uds,shm"},
            description = "Serve the host's cgroups (or the data file's) as snapshots.")
    static final class CgroupsSnapshot extends FromData {
        @Override
        ManagedServer start(ServerConfig config) throws ServiceException {
            return ManagedServer.cgroupsSnapshot(config, ServedHandlers.cgroupsSnapshot(dataSource()));
        }
    }

    @Command(name = "cgroups-lookup", mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  netipc serve cgroups-lookup --run-dir /tmp/run --service cgl \\",
                "      --data cgroups.json"},
            description = "Answer lookups of cgroup paths from the host's cgroups (or the data file's).")
    static final class CgroupsLookup extends FromData {
        @Override
        ManagedServer start(ServerConfig config) throws ServiceException {
            return ManagedServer.cgroupsLookup(config, ServedHandlers.cgroupsLookup(dataSource()));
        }
    }

    @Command(name = "apps-lookup", mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  netipc serve apps-lookup --run-dir /tmp/run --service apps"},
            description = "Answer lookups of pids from the host's /proc and cgroups (or the data file's).")
    static final class AppsLookup extends FromData {
        @Override
        ManagedServer start(ServerConfig config) throws ServiceException {
            return ManagedServer.appsLookup(config, ServedHandlers.appsLookup(dataSource()));
        }
    }
}
