package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.AuthTokens;
import io.netdata.netipc.service.client.CallObserver;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.RequestObserver;
import io.netdata.netipc.service.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The {@code netipc.*} properties resolved and checked, and turned into the
 * library's client and server configurations. Each check fails with a
 * {@link NetIpcConfigurationException} naming the property, so a bad
 * configuration stops start-up with a clear report; the run directory is
 * checked only when something needs it.
 *
 * <p>Thread-safety: immutable after construction.
 */
public final class NetIpcSettings {
    /** The environment variable the CLI reads too; Spring's relaxed binding also maps it to auth-token. */
    public static final String TOKEN_VARIABLE = "NETIPC_AUTH_TOKEN";

    private static final String RUN_DIR = NetIpcProperties.PREFIX + ".run-dir";
    private static final String AUTH_TOKEN = NetIpcProperties.PREFIX + ".auth-token";
    private static final String AUTH_TOKEN_FILE = NetIpcProperties.PREFIX + ".auth-token-file";

    private final NetIpcProperties properties;
    private final long authToken;

    public NetIpcSettings(NetIpcProperties properties, Environment environment) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.authToken = resolveToken(properties, environment);
    }

    /** The bound properties. */
    public NetIpcProperties properties() {
        return properties;
    }

    private static long resolveToken(NetIpcProperties properties, Environment environment) {
        Path file = properties.getAuthTokenFile();
        // Relaxed binding maps the variable to auth-token, but the variable ranks below the file, as in the CLI.
        String text = file != null && boundFromEnvironmentVariable(environment) ? null : properties.getAuthToken();
        if (text != null && file != null) {
            throw new NetIpcConfigurationException(AUTH_TOKEN, "both auth-token and auth-token-file are set",
                    "Set only one of " + AUTH_TOKEN + " and " + AUTH_TOKEN_FILE + ".");
        }
        if (file != null) {
            return parseToken(readTokenFile(file), AUTH_TOKEN_FILE);
        }
        if (text == null) {
            text = environment.getProperty(TOKEN_VARIABLE);
        }
        return text == null || text.isBlank() ? 0 : parseToken(text, AUTH_TOKEN);
    }

    /** Whether the first property source that sets auth-token, the one bound, is the system environment. */
    private static boolean boundFromEnvironmentVariable(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return false;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(AUTH_TOKEN);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            if (source.getConfigurationProperty(name) != null) {
                return source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            }
        }
        return false;
    }

    private static String readTokenFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new NetIpcConfigurationException(AUTH_TOKEN_FILE, "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")", "Point " + AUTH_TOKEN_FILE
                    + " at a readable file holding the token.", e);
        }
    }

    private static long parseToken(String text, String property) {
        try {
            return AuthTokens.parse(text, property);
        } catch (IllegalArgumentException e) {
            throw new NetIpcConfigurationException(property, e.getMessage(),
                    "Write the token as an unsigned 64-bit number, in decimal or hexadecimal with 0x.");
        }
    }

    /**
     * The run directory, checked: set, a directory, and writable when {@code forServers}
     * (a server creates its socket and regions there).
     */
    public Path runDir(boolean forServers) {
        Path runDir = properties.getRunDir();
        if (runDir == null) {
            throw new NetIpcConfigurationException(RUN_DIR, "not set",
                    "Set " + RUN_DIR + " to the directory of the services' sockets (Netdata's is /run/netdata).");
        }
        if (!Files.isDirectory(runDir)) {
            throw new NetIpcConfigurationException(RUN_DIR, runDir + " is not an existing directory",
                    "Create the directory or point " + RUN_DIR + " at an existing one.");
        }
        if (forServers && !Files.isWritable(runDir)) {
            throw new NetIpcConfigurationException(RUN_DIR, runDir + " is not writable",
                    "A @NetIpcHandler server creates its socket there: make it writable for this process.");
        }
        return runDir;
    }

    /**
     * The configuration of client (or cache) {@code name}.
     *
     * @param subject the property prefix of the client, for error messages
     */
    public ClientConfig clientConfig(String subject, String name, NetIpcProperties.Endpoint endpoint,
            Integer maxBatchItems, CallObserver observer) {
        String service = serviceName(name, endpoint);
        long profiles = NetIpcProfile.mask(orDefault(endpoint.getProfiles(), properties.getProfiles()));
        try {
            ClientConfig.Builder builder = ClientConfig.builder(runDir(false), service)
                    .authToken(authToken)
                    .supportedProfiles(profiles)
                    .preferredProfiles(profiles & NetIpcProfile.SHM.bit())
                    .callTimeout(orDefault(endpoint.getCallTimeout(), properties.getCallTimeout()))
                    .handshakeTimeout(properties.getHandshakeTimeout())
                    .maxRequestPayloadBytes(bytes(orDefault(endpoint.getMaxRequestPayload(),
                            properties.getMaxRequestPayload())))
                    .maxResponsePayloadBytes(bytes(orDefault(endpoint.getMaxResponsePayload(),
                            properties.getMaxResponsePayload())))
                    .callObserver(observer);
            if (maxBatchItems != null) {
                builder.maxRequestBatchItems(maxBatchItems);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new NetIpcConfigurationException(subject, e.getMessage(),
                    "Use a service name of letters, digits, '.', '_' or '-', payloads and batch sizes "
                            + "below 4 GiB, and non-negative timeouts.", e);
        }
    }

    /** The configuration of the server exporting {@code handler} as {@code service}. */
    public ServerConfig serverConfig(String subject, String service, NetIpcHandler handler,
            RequestObserver observer) {
        NetIpcProperties.Servers servers = properties.getServers();
        List<NetIpcProfile> own = Arrays.asList(handler.profiles());
        long profiles = NetIpcProfile.mask(!own.isEmpty() ? own
                : orDefault(servers.getProfiles(), properties.getProfiles()));
        int maxSessions = handler.maxSessions() > 0 ? handler.maxSessions()
                : orDefault(servers.getMaxSessions(), 0);
        try {
            return ServerConfig.builder(runDir(true), service)
                    .authToken(authToken)
                    .supportedProfiles(profiles)
                    .preferredProfiles(profiles & NetIpcProfile.SHM.bit())
                    .maxSessions(maxSessions)
                    .maxResponsePayloadBytes(bytes(servers.getMaxResponsePayload()))
                    .handshakeTimeout(properties.getHandshakeTimeout())
                    .shutdownTimeout(servers.getShutdownTimeout())
                    .requestObserver(observer)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new NetIpcConfigurationException(subject, e.getMessage(),
                    "Use a service name of letters, digits, '.', '_' or '-', and non-negative limits.", e);
        }
    }

    /** The service of a client or cache: its own, or the bean name. */
    public static String serviceName(String name, NetIpcProperties.Endpoint endpoint) {
        String service = endpoint.getService();
        return service != null && !service.isBlank() ? service : name;
    }

    private static long bytes(DataSize size) {
        return size == null ? 0 : size.toBytes();
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The refresh interval of clients, checked to be positive. */
    public Duration clientRefreshInterval() {
        return positive(properties.getRefreshInterval(), NetIpcProperties.PREFIX + ".refresh-interval");
    }

    /** {@code interval} checked to be positive, for a scheduler. */
    public static Duration positive(Duration interval, String property) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new NetIpcConfigurationException(property, "must be a positive duration",
                    "Set a positive duration such as 1s.");
        }
        return interval;
    }
}
