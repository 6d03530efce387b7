package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.CallObserver;
import io.netdata.netipc.service.server.RequestObserver;

/**
 * What the auto-configuration tells the metrics layer: the observers to give
 * each client and server it creates, and each client, cache and server as it
 * appears in the {@link NetIpcRegistry}. Every method has a no-op default;
 * {@link #NONE} is used when Micrometer is absent.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface NetIpcInstrumentation {
    /** Instruments nothing. */
    NetIpcInstrumentation NONE = new NetIpcInstrumentation() {
    };

    /** The observer of client {@code name}'s calls. */
    default CallObserver clientObserver(String name, ServiceKind kind, String service) {
        return CallObserver.NONE;
    }

    /** The observer of the requests of the server exporting {@code service}. */
    default RequestObserver serverObserver(String service, ServiceKind kind) {
        return RequestObserver.NONE;
    }

    /** A client bean was created. */
    default void clientAdded(NetIpcRegistry registry, NetIpcRegistry.ClientEntry client) {
    }

    /** A cache bean was created. */
    default void cacheAdded(NetIpcRegistry registry, NetIpcRegistry.CacheEntry cache) {
    }

    /** A @NetIpcHandler server was declared (it may not be started yet). */
    default void serverAdded(NetIpcRegistry registry, NetIpcRegistry.ServerEntry server) {
    }
}
