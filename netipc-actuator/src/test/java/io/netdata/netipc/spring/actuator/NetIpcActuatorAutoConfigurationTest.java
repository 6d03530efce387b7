package io.netdata.netipc.spring.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The conditions of the health contributor and the endpoint: what each needs, and the beans they back off for. */
class NetIpcActuatorAutoConfigurationTest {
    @TempDir
    Path runDir;

    @Test
    void withoutHealthOnTheClassPathThereIsNoContributorButTheEndpoint() {
        NetIpcActuatorTest.runner(runDir).withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(NetIpcHealthIndicator.class)
                            .hasSingleBean(NetIpcEndpoint.class);
                });
    }

    @Test
    void withoutEndpointsOnTheClassPathThereIsNoEndpointButTheContributor() {
        NetIpcActuatorTest.runner(runDir).withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NetIpcEndpoint.class).hasSingleBean(NetIpcHealthIndicator.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        HealthIndicator netipcHealthIndicator() {
            return () -> Health.unknown().build();
        }

        @Bean
        NetIpcEndpoint ownEndpoint(NetIpcRegistry registry) {
            return new NetIpcEndpoint(registry);
        }
    }

    @Test
    void theApplicationsOwnContributorAndEndpointAreKept() {
        NetIpcActuatorTest.runner(runDir).withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NetIpcHealthIndicator.class);
            assertThat(context.getBean("netipcHealthIndicator", HealthIndicator.class).health())
                    .isEqualTo(Health.unknown().build());
            assertThat(context).hasSingleBean(NetIpcEndpoint.class).hasBean("ownEndpoint");
        });
    }
}
