package io.netdata.netipc.spring.actuator;

import io.netdata.netipc.cache.CacheStatus;
import io.netdata.netipc.service.client.ClientStatus;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerStatus;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code /actuator/netipc} endpoint: every managed client (state,
 * transport, counters, last error), server (sessions, requests, profile mix)
 * and cache (items, generation, age, last error). The auth token is never
 * shown.
 *
 * <p>Thread-safety: stateless; reads thread-safe status snapshots.
 */
@Endpoint(id = NetIpcEndpoint.ID)
public class NetIpcEndpoint {
    /** The endpoint's id, and path under the actuator's base path. */
    public static final String ID = "netipc";
    private static final String SHM = "shm";
    private static final String UDS = "uds";

    private final NetIpcRegistry registry;
    private final Clock clock;

    public NetIpcEndpoint(NetIpcRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    NetIpcEndpoint(NetIpcRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = clock;
    }

    /** The whole report. */
    public record Report(List<ClientReport> clients, List<ServerReport> servers, List<CacheReport> caches) {
    }

    /** One client: {@code transport} is shm, uds, or null while not connected. */
    public record ClientReport(String name, String kind, String service, String state, String transport,
            long connects, long reconnects, long calls, long errors, String lastError, boolean required) {
    }

    /**
     * One server; {@code status} is null while it is not running. {@code sessions} is the
     * profile mix of the sessions served now: how many use {@code uds} and how many {@code shm}.
     */
    public record ServerReport(String service, String kind, String bean, boolean running,
            Map<String, Integer> sessions, ServerStatus status) {
    }

    /** One cache; {@code ageMillis} is null before its first successful refresh. */
    public record CacheReport(String name, String service, String connection, boolean populated, int items,
            String generation, Long ageMillis, long refreshSuccesses, long refreshFailures, String lastError,
            boolean required) {
    }

    @ReadOperation
    public Report report() {
        return new Report(registry.clients().stream().map(NetIpcEndpoint::client).toList(),
                registry.servers().stream().map(this::server).toList(),
                registry.caches().stream().map(this::cache).toList());
    }

    private static ClientReport client(NetIpcRegistry.ClientEntry entry) {
        ClientStatus status = entry.client().status();
        String transport = entry.client().ready() ? (status.sharedMemory() ? SHM : UDS) : null;
        return new ClientReport(entry.name(), entry.kind().label(), entry.service(), status.state().name(),
                transport, status.connectCount(), status.reconnectCount(), status.callCount(), status.errorCount(),
                status.lastError() == null ? null : status.lastError().name(), entry.required());
    }

    private ServerReport server(NetIpcRegistry.ServerEntry entry) {
        ManagedServer server = registry.server(entry.service());
        ServerStatus status = server == null ? null : server.status();
        Map<String, Integer> sessions = status == null ? Map.of(UDS, 0, SHM, 0)
                : Map.of(UDS, status.activeSessions() - status.sharedMemorySessions(), SHM,
                        status.sharedMemorySessions());
        return new ServerReport(entry.service(), entry.kind().label(), entry.beanName(),
                status != null && status.running(), sessions, status);
    }

    private CacheReport cache(NetIpcRegistry.CacheEntry entry) {
        CacheStatus status = entry.cache().status();
        Instant last = status.lastSuccess();
        Long age = last == null ? null : Duration.between(last, clock.instant()).toMillis();
        return new CacheReport(entry.name(), entry.service(), status.connection().name(), status.populated(),
                status.itemCount(), Long.toUnsignedString(status.generation()), age, status.refreshSuccesses(),
                status.refreshFailures(), status.lastError() == null ? null : status.lastError().name(),
                entry.required());
    }
}
