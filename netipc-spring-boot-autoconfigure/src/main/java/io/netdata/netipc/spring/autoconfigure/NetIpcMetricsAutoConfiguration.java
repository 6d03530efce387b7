package io.netdata.netipc.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.netdata.netipc.service.server.ManagedServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for netipc when the application has a {@link MeterRegistry}
 * (Spring Boot's metrics auto-configuration makes one): without it,
 * {@link NetIpcAutoConfiguration} instruments nothing.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ManagedServer.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = NetIpcAutoConfiguration.ENABLED, matchIfMissing = true)
public class NetIpcMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public NetIpcInstrumentation netIpcInstrumentation(MeterRegistry meters) {
        return new NetIpcMeters(meters);
    }
}
