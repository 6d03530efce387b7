package io.netdata.netipc.spring.actuator;

import io.netdata.netipc.spring.autoconfigure.NetIpcAutoConfiguration;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import io.netdata.netipc.spring.autoconfigure.NetIpcSettings;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The netipc health contributor and {@code /actuator/netipc} endpoint, when
 * Spring Boot Actuator is on the class path and netipc is configured. The
 * contributor follows {@code management.health.netipc.enabled}; the endpoint
 * is exposed like any other ({@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = NetIpcAutoConfiguration.class)
@ConditionalOnBean(NetIpcRegistry.class)
public class NetIpcActuatorAutoConfiguration {
    /** The health contributor's name: its bean name without the HealthIndicator suffix. */
    static final String HEALTH_NAME = "netipc";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator(HEALTH_NAME)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "netipcHealthIndicator")
        NetIpcHealthIndicator netipcHealthIndicator(NetIpcRegistry registry) {
            return new NetIpcHealthIndicator(registry);
        }
    }

    /** Masks the auth token in the env and configprops endpoints, whatever their show-values setting. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {
        @Bean
        SanitizingFunction netIpcAuthTokenSanitizer(NetIpcSettings settings) {
            return new NetIpcAuthTokenSanitizer(settings.properties().getAuthToken());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(NetIpcEndpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        NetIpcEndpoint netIpcEndpoint(NetIpcRegistry registry) {
            return new NetIpcEndpoint(registry);
        }
    }
}
