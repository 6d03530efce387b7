package io.netdata.netipc.spring.actuator;

import io.netdata.netipc.cache.CacheStatus;
import io.netdata.netipc.service.client.ClientStatus;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code netipc} health contributor.
 *
 * <ul>
 *   <li>DOWN when a required client is not READY, a @NetIpcHandler server is not
 *       running, or a required cache has never been refreshed successfully;</li>
 *   <li>otherwise OUT_OF_SERVICE when a required cache has data whose last
 *       successful refresh is older than its {@code stale-after};</li>
 *   <li>otherwise UP.</li>
 * </ul>
 * Clients and caches with {@code required=false} are listed but never change
 * the status. The details name every client, server and cache and why it
 * counts against the status.
 *
 * <p>Thread-safety: stateless; reads thread-safe status snapshots.
 */
public class NetIpcHealthIndicator implements HealthIndicator {
    static final String CLIENTS = "clients";
    static final String SERVERS = "servers";
    static final String CACHES = "caches";

    private final NetIpcRegistry registry;
    private final Clock clock;

    public NetIpcHealthIndicator(NetIpcRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    NetIpcHealthIndicator(NetIpcRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = clock;
    }

    @Override
    public Health health() {
        Verdict verdict = new Verdict();
        Map<String, Object> clients = new LinkedHashMap<>();
        for (NetIpcRegistry.ClientEntry client : registry.clients()) {
            ClientStatus status = client.client().status();
            boolean ready = client.client().ready();
            if (client.required() && !ready) {
                verdict.down();
            }
            clients.put(client.name(), Map.of("state", status.state().name(), "required", client.required()));
        }
        Map<String, Object> servers = new LinkedHashMap<>();
        for (NetIpcRegistry.ServerEntry entry : registry.servers()) {
            ManagedServer server = registry.server(entry.service());
            boolean running = server != null && server.status().running();
            if (!running) {
                verdict.down();
            }
            servers.put(entry.service(), Map.of("running", running,
                    "activeSessions", running ? server.status().activeSessions() : 0));
        }
        Map<String, Object> caches = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (NetIpcRegistry.CacheEntry cache : registry.caches()) {
            CacheStatus status = cache.cache().status();
            boolean stale = status.populated()
                    && Duration.between(status.lastSuccess(), now).compareTo(cache.staleAfter()) > 0;
            if (cache.required() && !status.populated()) {
                verdict.down();
            } else if (cache.required() && stale) {
                verdict.outOfService();
            }
            caches.put(cache.name(), Map.of("populated", status.populated(), "stale", stale,
                    "items", status.itemCount(), "required", cache.required()));
        }
        return Health.status(verdict.status()).withDetail(CLIENTS, clients).withDetail(SERVERS, servers)
                .withDetail(CACHES, caches).build();
    }

    /** The worst status seen: DOWN over OUT_OF_SERVICE over UP. */
    private static final class Verdict {
        private Status status = Status.UP;

        void down() {
            status = Status.DOWN;
        }

        void outOfService() {
            if (status != Status.DOWN) {
                status = Status.OUT_OF_SERVICE;
            }
        }

        Status status() {
            return status;
        }
    }
}
