package io.netdata.netipc.cli.status;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.NetIpcCli;
import io.netdata.netipc.cli.common.AuthTokenOptions;
import io.netdata.netipc.cli.table.TextTable;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ClientStatus;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netipc status --run-dir D}: the services of a run directory, each
 * probed with a handshake (which needs no method: any service answers it).
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the netipc services of a run directory and whether each answers.",
        footer = {"%nEach socket is probed with the token (a service that refuses it still shows",
            "as answering). A socket nobody listens on, and the region files of a service",
            "that does not answer, are stale: left by a provider that crashed; the next",
            "provider of the name recovers them.", "",
            "Example:", "  netipc status --run-dir /run/netdata"})
public final class StatusCommand implements Callable<Integer> {
    private static final String SOCKET_SUFFIX = ".sock";
    private static final String REGION_SUFFIX = ".ipcshm";
    private static final char REGION_SEPARATOR = '-';
    private static final long PROBE_PROFILES = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "The run directory.")
    Path runDir;

    @Mixin
    AuthTokenOptions tokenOptions;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000",
            description = "How long each probe may take, in ms (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--debug", description = "Print stack traces of failures.")
    boolean debug;

    @Override
    public Integer call() {
        Map<String, Entry> services = listFiles(runDir.toAbsolutePath());
        long token = tokenOptions.authToken(NetIpcCli.environment(spec));
        TextTable table = new TextTable("SERVICE", "SOCKET", "STATE", "PROFILE", "REGIONS", "STALE");
        for (Map.Entry<String, Entry> service : services.entrySet()) {
            Entry entry = service.getValue();
            Probe probe = entry.socket ? probe(service.getKey(), token) : Probe.NO_SOCKET;
            boolean stale = probe == Probe.NOBODY_LISTENS || (!probe.answers && entry.regions > 0);
            table.add(service.getKey(), entry.socket ? "yes" : "no", probe.text, probe.profile,
                    Integer.toString(entry.regions), stale ? "yes" : "no");
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.println(services.size() + " services in " + runDir.toAbsolutePath());
        out.flush();
        return ExitCodes.OK;
    }

    /** Services by name, from socket files and region files ({@code {service}-{session}.ipcshm}). */
    private static Map<String, Entry> listFiles(Path directory) {
        Map<String, Entry> services = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SOCKET_SUFFIX) && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    services.computeIfAbsent(name.substring(0, name.length() - SOCKET_SUFFIX.length()),
                            key -> new Entry()).socket = true;
                } else if (name.endsWith(REGION_SUFFIX) && name.lastIndexOf(REGION_SEPARATOR) > 0) {
                    services.computeIfAbsent(name.substring(0, name.lastIndexOf(REGION_SEPARATOR)),
                            key -> new Entry()).regions++;
                }
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.FAILED, "cannot list " + directory + ": " + e.getMessage(), e);
        }
        return services;
    }

    private Probe probe(String service, long token) {
        ClientConfig config;
        try {
            Duration timeout = Duration.ofMillis(timeoutMillis);
            config = ClientConfig.builder(runDir.toAbsolutePath(), service).authToken(token)
                    .supportedProfiles(PROBE_PROFILES).preferredProfiles(PROBE_PROFILES)
                    .callTimeout(timeout).handshakeTimeout(timeout).build();
        } catch (IllegalArgumentException e) {
            return Probe.UNUSABLE_NAME;
        }
        try (IncrementClient client = IncrementClient.create(config)) {
            client.refresh();
            ClientStatus status = client.status();
            return switch (status.state()) {
                case READY -> status.sharedMemory() ? Probe.ANSWERS_SHM : Probe.ANSWERS_UDS;
                case AUTH_FAILED -> Probe.TOKEN_REFUSED;
                case INCOMPATIBLE -> Probe.INCOMPATIBLE;
                case NOT_FOUND -> Probe.NOBODY_LISTENS;
                default -> Probe.BROKEN;
            };
        } catch (ServiceException e) {
            return Probe.BROKEN;
        }
    }

    /** What one service's files are. */
    private static final class Entry {
        boolean socket;
        int regions;
    }

    /** What a handshake with one service found. */
    private enum Probe {
        ANSWERS_UDS("answers", "uds", true),
        ANSWERS_SHM("answers", "shm", true),
        TOKEN_REFUSED("answers, token refused", "-", true),
        INCOMPATIBLE("answers, incompatible", "-", true),
        NOBODY_LISTENS("no listener", "-", false),
        BROKEN("handshake failed", "-", false),
        NO_SOCKET("no socket", "-", false),
        UNUSABLE_NAME("name unusable", "-", false);

        final String text;
        final String profile;
        final boolean answers;

        Probe(String text, String profile, boolean answers) {
            this.text = text;
            this.profile = profile;
            this.answers = answers;
        }
    }
}
