package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.client.StringReverseClient;

/**
 * Creates the client and cache beans that {@link NetIpcBeanRegistrar}
 * declares, from the resolved settings, with the instrumentation's observers,
 * and enters each in the {@link NetIpcRegistry}. A new client is
 * disconnected: the {@link NetIpcRefresher} connects it.
 *
 * <p>Thread-safety: thread-safe (the container calls it while creating beans).
 */
public final class NetIpcBeanFactory {
    /** The bean name the registrar's definitions refer to. */
    public static final String BEAN_NAME = "netIpcBeanFactory";
    static final String CLIENT_METHOD = "client";
    static final String CACHE_METHOD = "cache";
    private static final String CLIENTS = NetIpcProperties.PREFIX + ".clients.";
    private static final String CACHES = NetIpcProperties.PREFIX + ".caches.";

    private final NetIpcSettings settings;
    private final NetIpcRegistry registry;
    private final NetIpcInstrumentation instrumentation;

    public NetIpcBeanFactory(NetIpcSettings settings, NetIpcRegistry registry, NetIpcInstrumentation instrumentation) {
        this.settings = settings;
        this.registry = registry;
        this.instrumentation = instrumentation;
    }

    static String clientSubject(String name) {
        return CLIENTS + name;
    }

    static String cacheSubject(String name) {
        return CACHES + name;
    }

    /** The client {@code netipc.clients.<name>}. */
    public ServiceClient client(String name) throws ServiceException {
        NetIpcProperties.Client properties = settings.properties().getClients().get(name);
        ServiceKind kind = properties.getKind();
        NetIpcBeanRegistrar.clientType(name, kind);
        String service = NetIpcSettings.serviceName(name, properties);
        ClientConfig config = settings.clientConfig(clientSubject(name), name, properties,
                properties.getMaxBatchItems(), instrumentation.clientObserver(name, kind, service));
        ServiceClient client = switch (kind) {
            case INCREMENT -> IncrementClient.create(config);
            case STRING_REVERSE -> StringReverseClient.create(config);
            case CGROUPS_SNAPSHOT -> CgroupsSnapshotClient.create(config);
            case CGROUPS_LOOKUP -> CgroupsLookupClient.create(config);
            case APPS_LOOKUP -> AppsLookupClient.create(config);
        };
        registry.addClient(new NetIpcRegistry.ClientEntry(name, kind, service, properties.isRequired(), client));
        return client;
    }

    /** The cache {@code netipc.caches.<name>}. */
    public CgroupsSnapshotCache cache(String name) throws ServiceException {
        NetIpcProperties.Cache properties = settings.properties().getCaches().get(name);
        String subject = cacheSubject(name);
        String service = NetIpcSettings.serviceName(name, properties);
        NetIpcSettings.positive(properties.getRefreshInterval(), subject + ".refresh-interval");
        NetIpcSettings.positive(properties.getStaleAfter(), subject + ".stale-after");
        ClientConfig config = settings.clientConfig(subject, name, properties, null,
                instrumentation.clientObserver(name, ServiceKind.CGROUPS_SNAPSHOT, service));
        CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(config);
        registry.addCache(new NetIpcRegistry.CacheEntry(name, service, properties.isRequired(),
                properties.getRefreshInterval(), properties.getStaleAfter(), properties.isPublishEvents(), cache));
        return cache;
    }
}
