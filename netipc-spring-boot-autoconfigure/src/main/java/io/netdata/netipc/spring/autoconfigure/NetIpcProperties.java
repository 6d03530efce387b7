package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.ServiceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code netipc.*} configuration properties. A value left unset means the
 * library's named default; every client, cache and server inherits the
 * top-level profiles, timeouts and payload budgets unless it sets its own.
 *
 * <p>Thread-safety: a mutable binding target; Spring binds it once at start-up
 * and the auto-configuration only reads it afterwards.
 */
@ConfigurationProperties(prefix = NetIpcProperties.PREFIX)
public class NetIpcProperties {
    /** The prefix of every property. */
    public static final String PREFIX = "netipc";

    /** Whether the netipc auto-configuration is active. */
    private boolean enabled = true;

    /**
     * The run directory holding the services' sockets and shared-memory regions (Netdata's
     * is usually /run/netdata). Required as soon as a client, cache or handler is configured.
     */
    private Path runDir;

    /**
     * The shared secret of every service: an unsigned 64-bit number in decimal or with a 0x
     * prefix. Also read from the NETIPC_AUTH_TOKEN environment variable. Never logged.
     */
    private String authToken;

    /** A file holding the auth token (surrounding white space ignored), instead of auth-token. */
    private Path authTokenFile;

    /** The transport profiles offered, and preferred in the order SHM then UDS. */
    private List<NetIpcProfile> profiles = new ArrayList<>(List.of(NetIpcProfile.UDS));

    /** The bound of one typed call, reconnects and resends included. */
    private Duration callTimeout = Duration.ofSeconds(30);

    /** The bound of one connection attempt (connect and handshake). */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** How often the auto-configuration's scheduler refreshes each client that is not ready. */
    private Duration refreshInterval = Duration.ofSeconds(1);

    /** The request payload a client proposes (grown on demand); unset for the library's default. */
    private DataSize maxRequestPayload;

    /** The response payload a client proposes (grown on demand); unset for the library's default. */
    private DataSize maxResponsePayload;

    /** Typed clients, by bean name. */
    private Map<String, Client> clients = new LinkedHashMap<>();

    /** Cgroups snapshot caches, by bean name. */
    private Map<String, Cache> caches = new LinkedHashMap<>();

    /** Defaults of the servers that export @NetIpcHandler beans. */
    private Servers servers = new Servers();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getRunDir() {
        return runDir;
    }

    public void setRunDir(Path runDir) {
        this.runDir = runDir;
    }

    public String getAuthToken() {
        return authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public Path getAuthTokenFile() {
        return authTokenFile;
    }

    public void setAuthTokenFile(Path authTokenFile) {
        this.authTokenFile = authTokenFile;
    }

    public List<NetIpcProfile> getProfiles() {
        return profiles;
    }

    public void setProfiles(List<NetIpcProfile> profiles) {
        this.profiles = profiles;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public DataSize getMaxRequestPayload() {
        return maxRequestPayload;
    }

    public void setMaxRequestPayload(DataSize maxRequestPayload) {
        this.maxRequestPayload = maxRequestPayload;
    }

    public DataSize getMaxResponsePayload() {
        return maxResponsePayload;
    }

    public void setMaxResponsePayload(DataSize maxResponsePayload) {
        this.maxResponsePayload = maxResponsePayload;
    }

    public Map<String, Client> getClients() {
        return clients;
    }

    public void setClients(Map<String, Client> clients) {
        this.clients = clients;
    }

    public Map<String, Cache> getCaches() {
        return caches;
    }

    public void setCaches(Map<String, Cache> caches) {
        this.caches = caches;
    }

    public Servers getServers() {
        return servers;
    }

    public void setServers(Servers servers) {
        this.servers = servers;
    }

    /** What a client and a cache share: the service they call and their overrides. */
    public static class Endpoint {
        /** The service name (the socket is {run-dir}/{service}.sock); defaults to the bean name. */
        private String service;

        /** The profiles this one offers, instead of netipc.profiles. */
        private List<NetIpcProfile> profiles;

        /** The call timeout, instead of netipc.call-timeout. */
        private Duration callTimeout;

        /** The proposed request payload, instead of netipc.max-request-payload. */
        private DataSize maxRequestPayload;

        /** The proposed response payload, instead of netipc.max-response-payload. */
        private DataSize maxResponsePayload;

        /** Whether the health contributor reports DOWN while this one is not ready. */
        private boolean required = true;

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public List<NetIpcProfile> getProfiles() {
            return profiles;
        }

        public void setProfiles(List<NetIpcProfile> profiles) {
            this.profiles = profiles;
        }

        public Duration getCallTimeout() {
            return callTimeout;
        }

        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        public DataSize getMaxRequestPayload() {
            return maxRequestPayload;
        }

        public void setMaxRequestPayload(DataSize maxRequestPayload) {
            this.maxRequestPayload = maxRequestPayload;
        }

        public DataSize getMaxResponsePayload() {
            return maxResponsePayload;
        }

        public void setMaxResponsePayload(DataSize maxResponsePayload) {
            this.maxResponsePayload = maxResponsePayload;
        }

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }
    }

    /** One typed client bean. */
    public static class Client extends Endpoint {
        /** The service kind, which decides the bean's type (IncrementClient, AppsLookupClient, ...). */
        private ServiceKind kind;

        /** Values one batch may carry (increment and string-reverse); unset for one. */
        private Integer maxBatchItems;

        public ServiceKind getKind() {
            return kind;
        }

        public void setKind(ServiceKind kind) {
            this.kind = kind;
        }

        public Integer getMaxBatchItems() {
            return maxBatchItems;
        }

        public void setMaxBatchItems(Integer maxBatchItems) {
            this.maxBatchItems = maxBatchItems;
        }
    }

    /** One cgroups snapshot cache bean. */
    public static class Cache extends Endpoint {
        /** The delay between the end of one refresh and the start of the next. */
        private Duration refreshInterval = Duration.ofSeconds(1);

        /** Age of the last successful refresh beyond which health reports the cache stale. */
        private Duration staleAfter = Duration.ofSeconds(30);

        /** Whether a CgroupsSnapshotChangedEvent is published when the generation changes. */
        private boolean publishEvents;

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        public boolean isPublishEvents() {
            return publishEvents;
        }

        public void setPublishEvents(boolean publishEvents) {
            this.publishEvents = publishEvents;
        }
    }

    /** Defaults of every managed server; a @NetIpcHandler may override some. */
    public static class Servers {
        /** Sessions served at once by each server; unset for the library's default (64). */
        private Integer maxSessions;

        /** The profiles servers offer, instead of netipc.profiles. */
        private List<NetIpcProfile> profiles;

        /** The response ceiling of every session; unset to let the server learn it. */
        private DataSize maxResponsePayload;

        /** How long stopping a server waits for its sessions to end. */
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        public Integer getMaxSessions() {
            return maxSessions;
        }

        public void setMaxSessions(Integer maxSessions) {
            this.maxSessions = maxSessions;
        }

        public List<NetIpcProfile> getProfiles() {
            return profiles;
        }

        public void setProfiles(List<NetIpcProfile> profiles) {
            this.profiles = profiles;
        }

        public DataSize getMaxResponsePayload() {
            return maxResponsePayload;
        }

        public void setMaxResponsePayload(DataSize maxResponsePayload) {
            this.maxResponsePayload = maxResponsePayload;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }
}
