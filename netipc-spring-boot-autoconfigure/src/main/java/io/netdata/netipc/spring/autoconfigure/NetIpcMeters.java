package io.netdata.netipc.spring.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.netdata.netipc.cache.CacheStatus;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.CallObserver;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.RequestObserver;
import io.netdata.netipc.service.server.ServerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The Micrometer meters of netipc clients, caches and servers (every meter is
 * listed in {@code docs/spring-boot.md}). Call and request timers are fed by
 * the library's observers; gauges and counters read the status of the
 * objects in the {@link NetIpcRegistry} when sampled.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class NetIpcMeters implements NetIpcInstrumentation {
    static final String CLIENT_CALLS = "netipc.client.calls";
    static final String CLIENT_READY = "netipc.client.ready";
    static final String CLIENT_CONNECTS = "netipc.client.connects";
    static final String CLIENT_RECONNECTS = "netipc.client.reconnects";
    static final String SERVER_REQUESTS = "netipc.server.requests";
    static final String SERVER_ERRORS = "netipc.server.errors";
    static final String SERVER_SESSIONS_ACTIVE = "netipc.server.sessions.active";
    static final String SERVER_SESSIONS_ACCEPTED = "netipc.server.sessions.accepted";
    static final String SERVER_SESSIONS_REFUSED = "netipc.server.sessions.refused";
    static final String SERVER_ACCEPT_FAILURES = "netipc.server.accept.failures";
    static final String CACHE_ITEMS = "netipc.cache.items";
    static final String CACHE_GENERATION = "netipc.cache.generation";
    static final String CACHE_AGE = "netipc.cache.age";
    static final String CACHE_REFRESHES = "netipc.cache.refreshes";
    static final String OUTCOME_OK = "ok";
    private static final String PROTOCOL_ERROR = "protocol_error";

    private final MeterRegistry meters;

    public NetIpcMeters(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The {@code outcome} tag of a call: {@code ok}, or the error in lower case ({@code protocol_error}). */
    static String outcome(ServiceError error) {
        if (error == null) {
            return OUTCOME_OK;
        }
        return error == ServiceError.PROTOCOL ? PROTOCOL_ERROR : error.name().toLowerCase(Locale.ROOT);
    }

    /** The {@code outcome} tag of a request: its transport status in lower case. */
    static String outcome(TransportStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public CallObserver clientObserver(String name, ServiceKind kind, String service) {
        Tags tags = Tags.of("client", name, "service", service, "kind", kind.label());
        Timer[] byError = new Timer[ServiceError.values().length];
        Timer ok = callTimer(tags, null);
        for (ServiceError error : ServiceError.values()) {
            byError[error.ordinal()] = callTimer(tags, error);
        }
        return (callKind, error, nanos) ->
                (error == null ? ok : byError[error.ordinal()]).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer callTimer(Tags tags, ServiceError error) {
        return Timer.builder(CLIENT_CALLS).description("Typed netipc calls, by outcome")
                .tags(tags).tag("outcome", outcome(error)).register(meters);
    }

    @Override
    public RequestObserver serverObserver(String service, ServiceKind kind) {
        Tags tags = Tags.of("service", service, "kind", kind.label());
        Timer[] byStatus = new Timer[TransportStatus.values().length];
        for (TransportStatus status : TransportStatus.values()) {
            byStatus[status.ordinal()] = Timer.builder(SERVER_REQUESTS)
                    .description("Requests answered by a netipc server, by transport status")
                    .tags(tags).tag("outcome", outcome(status)).register(meters);
        }
        return (requestKind, status, nanos) -> byStatus[status.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void clientAdded(NetIpcRegistry registry, NetIpcRegistry.ClientEntry client) {
        Tags tags = Tags.of("client", client.name(), "service", client.service(), "kind", client.kind().label());
        Gauge.builder(CLIENT_READY, client, entry -> entry.client().ready() ? 1 : 0)
                .description("1 while the client is READY, else 0").tags(tags).register(meters);
        counter(CLIENT_CONNECTS, "Connections made from a disconnected state", tags, client,
                entry -> entry.client().status().connectCount());
        counter(CLIENT_RECONNECTS, "Connections made again after a READY session broke", tags, client,
                entry -> entry.client().status().reconnectCount());
    }

    @Override
    public void cacheAdded(NetIpcRegistry registry, NetIpcRegistry.CacheEntry cache) {
        Tags tags = Tags.of("cache", cache.name(), "service", cache.service());
        Gauge.builder(CACHE_ITEMS, cache, entry -> entry.cache().status().itemCount())
                .description("Items of the cached snapshot").tags(tags).register(meters);
        Gauge.builder(CACHE_GENERATION, cache, entry -> unsignedToDouble(entry.cache().status().generation()))
                .description("Generation of the cached snapshot").tags(tags).register(meters);
        TimeGauge.builder(CACHE_AGE, cache, TimeUnit.MILLISECONDS, NetIpcMeters::ageMillis)
                .description("Time since the last successful refresh (NaN before the first)")
                .tags(tags).register(meters);
        counter(CACHE_REFRESHES, "Refreshes that rebuilt the cache", tags.and("outcome", "success"), cache,
                entry -> entry.cache().status().refreshSuccesses());
        counter(CACHE_REFRESHES, "Refreshes that kept the previous cache", tags.and("outcome", "failure"), cache,
                entry -> entry.cache().status().refreshFailures());
    }

    /** A u64 wire value as a gauge reads it: above 2^63 it is not negative. */
    static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve without losing the low bit's weight, convert, double back.
        return ((value >>> 1) | (value & 1)) * 2.0;
    }

    private static double ageMillis(NetIpcRegistry.CacheEntry cache) {
        CacheStatus status = cache.cache().status();
        Instant last = status.lastSuccess();
        return last == null ? Double.NaN : Duration.between(last, Instant.now()).toMillis();
    }

    @Override
    public void serverAdded(NetIpcRegistry registry, NetIpcRegistry.ServerEntry server) {
        Tags tags = Tags.of("service", server.service(), "kind", server.kind().label());
        String service = server.service();
        Gauge.builder(SERVER_SESSIONS_ACTIVE, registry, serverValue(service, ServerStatus::activeSessions))
                .description("Sessions being served now (NaN while the server is not running)")
                .tags(tags).register(meters);
        counter(SERVER_SESSIONS_ACCEPTED, "Sessions handshaken and served", tags, registry,
                serverCount(service, ServerStatus::acceptedSessions));
        counter(SERVER_SESSIONS_REFUSED, "Sessions refused because max-sessions were being served", tags, registry,
                serverCount(service, ServerStatus::refusedSessions));
        counter(SERVER_ACCEPT_FAILURES, "Clients lost before they could be served", tags, registry,
                serverCount(service, ServerStatus::acceptFailures));
        counter(SERVER_ERRORS, "Requests answered with an error status", tags, registry,
                serverCount(service, ServerStatus::failedRequests));
    }

    private static ToDoubleFunction<NetIpcRegistry> serverValue(String service, ToLongFunction<ServerStatus> value) {
        return registry -> {
            ManagedServer server = registry.server(service);
            return server == null ? Double.NaN : value.applyAsLong(server.status());
        };
    }

    /** A server count since the context started, kept across stops (a counter never goes back). */
    private static ToDoubleFunction<NetIpcRegistry> serverCount(String service, ToLongFunction<ServerStatus> value) {
        return registry -> registry.serverTotal(service, value);
    }

    private <T> void counter(String name, String description, Tags tags, T state, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, state, count).description(description).tags(tags).register(meters);
    }
}
