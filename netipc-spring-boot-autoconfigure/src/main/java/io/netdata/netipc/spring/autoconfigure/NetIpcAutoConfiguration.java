package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.server.ManagedServer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of netipc: the resolved settings, the typed client and
 * cache beans of {@code netipc.clients.*} and {@code netipc.caches.*}, the
 * scheduler that refreshes them, and the servers of {@link NetIpcHandler}
 * beans. Every bean but the bean registrar and factory backs off when the
 * application defines its own. Client and cache beans are never lazy, even
 * with lazy initialization: the refresher connects the ones that exist when
 * it starts.
 */
@AutoConfiguration(after = NetIpcMetricsAutoConfiguration.class)
@ConditionalOnClass(ManagedServer.class)
@ConditionalOnBooleanProperty(name = NetIpcAutoConfiguration.ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(NetIpcProperties.class)
public class NetIpcAutoConfiguration {
    static final String ENABLED = NetIpcProperties.PREFIX + ".enabled";

    @Bean
    @ConditionalOnMissingBean
    public NetIpcSettings netIpcSettings(NetIpcProperties properties, Environment environment) {
        return new NetIpcSettings(properties, environment);
    }

    @Bean
    @ConditionalOnMissingBean
    public NetIpcInstrumentation netIpcInstrumentation() {
        return NetIpcInstrumentation.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    public NetIpcRegistry netIpcRegistry(NetIpcInstrumentation instrumentation) {
        return new NetIpcRegistry(instrumentation);
    }

    /** Static: a registry post-processor must exist before the configuration class is instantiated. */
    @Bean
    public static NetIpcBeanRegistrar netIpcBeanRegistrar(Environment environment) {
        return new NetIpcBeanRegistrar(environment);
    }

    /** Infrastructure the registrar's definitions name: not replaceable (replace the settings or instrumentation). */
    @Bean(NetIpcBeanFactory.BEAN_NAME)
    public NetIpcBeanFactory netIpcBeanFactory(NetIpcSettings settings, NetIpcRegistry registry,
            NetIpcInstrumentation instrumentation) {
        return new NetIpcBeanFactory(settings, registry, instrumentation);
    }

    /** Static, as Spring Boot reads lazy-initialization filters before the configuration exists. */
    @Bean
    public static LazyInitializationExcludeFilter netIpcEagerBeans() {
        return LazyInitializationExcludeFilter.forBeanTypes(ServiceClient.class, CgroupsSnapshotCache.class,
                NetIpcHandlerServers.class, NetIpcRefresher.class, NetIpcBeanNameCheck.class);
    }

    @Bean
    public NetIpcBeanNameCheck netIpcBeanNameCheck(ListableBeanFactory beans, NetIpcSettings settings) {
        return new NetIpcBeanNameCheck(beans, settings.properties());
    }

    @Bean
    @ConditionalOnMissingBean
    public NetIpcRefresher netIpcRefresher(NetIpcRegistry registry, NetIpcSettings settings,
            ApplicationEventPublisher events) {
        return new NetIpcRefresher(registry, settings, events);
    }

    @Bean
    @ConditionalOnMissingBean
    public NetIpcHandlerServers netIpcHandlerServers(ListableBeanFactory beans, NetIpcSettings settings,
            NetIpcRegistry registry, NetIpcInstrumentation instrumentation) {
        return new NetIpcHandlerServers(beans, settings, registry, instrumentation);
    }
}
