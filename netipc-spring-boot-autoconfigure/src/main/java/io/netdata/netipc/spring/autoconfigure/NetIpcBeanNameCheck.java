package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks, once every singleton exists, that each {@code netipc.clients.<name>}
 * and {@code netipc.caches.<name>} bean has the type its properties call for.
 * The registrar backs off for a bean of that name the application defines, and
 * can only check its type when the definition says it; a scanned component or
 * a {@code @Bean} read from byte code says nothing then, so this check catches
 * a name clash that would otherwise leave the client silently missing.
 *
 * <p>Thread-safety: used once, by the container.
 */
public final class NetIpcBeanNameCheck implements SmartInitializingSingleton {
    private final ListableBeanFactory beans;
    private final NetIpcProperties properties;

    public NetIpcBeanNameCheck(ListableBeanFactory beans, NetIpcProperties properties) {
        this.beans = beans;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Map.Entry<String, NetIpcProperties.Client> client : properties.getClients().entrySet()) {
            String name = client.getKey();
            check(name, NetIpcBeanRegistrar.clientType(name, client.getValue().getKind()),
                    NetIpcBeanFactory.clientSubject(name));
        }
        for (String name : properties.getCaches().keySet()) {
            check(name, CgroupsSnapshotCache.class, NetIpcBeanFactory.cacheSubject(name));
        }
    }

    private void check(String name, Class<?> type, String subject) {
        Class<?> actual = beans.getType(name);
        if (actual != null && !type.isAssignableFrom(actual)) {
            throw NetIpcBeanRegistrar.nameTaken(subject, name, actual, type);
        }
    }
}
