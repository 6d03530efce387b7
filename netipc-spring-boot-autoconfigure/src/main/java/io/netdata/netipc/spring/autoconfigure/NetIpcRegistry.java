package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.ToLongFunction;

/**
 * Every client, cache and server the auto-configuration manages, by name, for
 * the refresh scheduler, the metrics, the health contributor and the actuator
 * endpoint.
 *
 * <p>Thread-safety: thread-safe; entries are added while the context starts
 * and read from any thread.
 */
public final class NetIpcRegistry {
    private final NetIpcInstrumentation instrumentation;
    private final Map<String, ClientEntry> clients = new ConcurrentSkipListMap<>();
    private final Map<String, CacheEntry> caches = new ConcurrentSkipListMap<>();
    private final Map<String, ServerEntry> servers = new ConcurrentSkipListMap<>();
    private final Map<String, ManagedServer> running = new ConcurrentHashMap<>();
    private final Map<String, ServerStatus> retired = new ConcurrentHashMap<>();

    public NetIpcRegistry(NetIpcInstrumentation instrumentation) {
        this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
    }

    /**
     * A client bean built from {@code netipc.clients.<name>}.
     *
     * @param required whether health is DOWN while it is not ready
     */
    public record ClientEntry(String name, ServiceKind kind, String service, boolean required, ServiceClient client) {
    }

    /**
     * A cache bean built from {@code netipc.caches.<name>}.
     *
     * @param staleAfter the age of the last successful refresh beyond which health calls it stale
     */
    public record CacheEntry(String name, String service, boolean required, Duration refreshInterval,
            Duration staleAfter, boolean publishEvents, CgroupsSnapshotCache cache) {
    }

    /** A @NetIpcHandler bean and the service it exports. */
    public record ServerEntry(String beanName, String service, ServiceKind kind) {
    }

    void addClient(ClientEntry entry) {
        clients.put(entry.name(), entry);
        instrumentation.clientAdded(this, entry);
    }

    void addCache(CacheEntry entry) {
        caches.put(entry.name(), entry);
        instrumentation.cacheAdded(this, entry);
    }

    void addServer(ServerEntry entry) {
        servers.put(entry.service(), entry);
        instrumentation.serverAdded(this, entry);
    }

    void started(String service, ManagedServer server) {
        running.put(service, server);
    }

    /** {@code service}'s server stopped: its counts are kept, so that totals never go back. */
    synchronized void stopped(String service) {
        ManagedServer server = running.remove(service);
        if (server != null) {
            retired.merge(service, server.status(), NetIpcRegistry::sum);
        }
    }

    /**
     * A count of {@code service}'s servers since the context started: the running one's
     * plus those of every server that exported it before (a lifecycle stop and start).
     */
    public synchronized long serverTotal(String service, ToLongFunction<ServerStatus> count) {
        ServerStatus before = retired.get(service);
        ManagedServer server = running.get(service);
        return (before == null ? 0 : count.applyAsLong(before)) + (server == null ? 0 : count.applyAsLong(server.status()));
    }

    private static ServerStatus sum(ServerStatus a, ServerStatus b) {
        return new ServerStatus(false, 0, 0, a.acceptedSessions() + b.acceptedSessions(),
                a.refusedSessions() + b.refusedSessions(), a.acceptFailures() + b.acceptFailures(),
                a.requests() + b.requests(), a.failedRequests() + b.failedRequests(), b.requestCeiling(),
                b.responseCeiling());
    }

    /** The clients, by name. */
    public List<ClientEntry> clients() {
        return List.copyOf(clients.values());
    }

    /** The caches, by name. */
    public List<CacheEntry> caches() {
        return List.copyOf(caches.values());
    }

    /** The declared servers, by service name. */
    public List<ServerEntry> servers() {
        return List.copyOf(servers.values());
    }

    /** The running server exporting {@code service}, or null when it is not running. */
    public ManagedServer server(String service) {
        return running.get(service);
    }
}
