package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.CallObserver;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.StringReverseClient;
import io.netdata.netipc.service.server.ManagedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The auto-configuration's conditions, property binding and bean registration. */
class NetIpcAutoConfigurationTest {
    @TempDir
    Path runDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NetIpcMetricsAutoConfiguration.class,
                    NetIpcAutoConfiguration.class));

    private ApplicationContextRunner withRunDir() {
        return runner.withPropertyValues("netipc.run-dir=" + runDir);
    }

    @Test
    void withoutPropertiesItStartsAndManagesNothing() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(NetIpcSettings.class).hasSingleBean(NetIpcRegistry.class)
                    .hasSingleBean(NetIpcRefresher.class).hasSingleBean(NetIpcHandlerServers.class);
            assertThat(context).doesNotHaveBean(ServiceClient.class);
            assertThat(context.getBean(NetIpcInstrumentation.class)).isSameAs(NetIpcInstrumentation.NONE);
            assertThat(context.getBean(NetIpcRegistry.class).clients()).isEmpty();
        });
    }

    @Test
    void itCanBeSwitchedOff() {
        runner.withPropertyValues("netipc.enabled=false", "netipc.clients.counter.kind=increment").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NetIpcSettings.class).doesNotHaveBean(ServiceClient.class);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "increment, io.netdata.netipc.service.client.IncrementClient",
        "string-reverse, io.netdata.netipc.service.client.StringReverseClient",
        "cgroups-snapshot, io.netdata.netipc.service.client.CgroupsSnapshotClient",
        "CGROUPS_LOOKUP, io.netdata.netipc.service.client.CgroupsLookupClient",
        "apps-lookup, io.netdata.netipc.service.client.AppsLookupClient"})
    void eachClientIsABeanOfItsKindsTypeNamedAfterItsKey(String kind, Class<?> type) {
        withRunDir().withPropertyValues("netipc.clients.mine.kind=" + kind).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("mine")).isInstanceOf(type);
            ServiceClient client = (ServiceClient) context.getBean("mine");
            assertThat(client.config().endpoint().serviceName()).as("the service defaults to the name")
                    .isEqualTo("mine");
            assertThat(context.getBean(NetIpcRegistry.class).clients()).singleElement()
                    .satisfies(entry -> assertThat(entry.client()).isSameAs(client));
        });
    }

    @Test
    void clientPropertiesOverrideTheDefaults() {
        withRunDir().withPropertyValues(
                "netipc.auth-token=0xC0FFEE",
                "netipc.profiles=uds,shm",
                "netipc.call-timeout=7s",
                "netipc.handshake-timeout=3s",
                "netipc.max-request-payload=2KB",
                "netipc.clients.plain.kind=increment",
                "netipc.clients.tuned.kind=string-reverse",
                "netipc.clients.tuned.service=reverser",
                "netipc.clients.tuned.profiles=uds",
                "netipc.clients.tuned.call-timeout=250ms",
                "netipc.clients.tuned.max-response-payload=1MB",
                "netipc.clients.tuned.max-batch-items=16").run(context -> {
                    ClientConfig plain = context.getBean("plain", IncrementClient.class).config();
                    assertThat(plain.authToken()).isEqualTo(0xC0FFEEL);
                    assertThat(plain.supportedProfiles()).isEqualTo(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID);
                    assertThat(plain.preferredProfiles()).isEqualTo(Wire.PROFILE_SHM_HYBRID);
                    assertThat(plain.callTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(plain.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(plain.maxRequestPayloadBytes()).isEqualTo(2048);

                    ClientConfig tuned = context.getBean("tuned", StringReverseClient.class).config();
                    assertThat(tuned.endpoint().serviceName()).isEqualTo("reverser");
                    assertThat(tuned.supportedProfiles()).isEqualTo(Wire.PROFILE_BASELINE);
                    assertThat(tuned.preferredProfiles()).isZero();
                    assertThat(tuned.callTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(tuned.maxResponsePayloadBytes()).isEqualTo(1024 * 1024);
                    assertThat(tuned.maxRequestBatchItems()).isEqualTo(16);
                });
    }

    @Test
    void theTokenComesFromAFileOrTheEnvironmentVariable() throws Exception {
        Path tokenFile = Files.writeString(runDir.resolve("token"), " 4242\n", StandardCharsets.UTF_8);
        withRunDir().withPropertyValues("netipc.auth-token-file=" + tokenFile, "netipc.clients.c.kind=increment")
                .run(context -> assertThat(context.getBean("c", IncrementClient.class).config().authToken())
                        .isEqualTo(4242));
        withRunDir().withPropertyValues(NetIpcSettings.TOKEN_VARIABLE + "=0x10", "netipc.clients.c.kind=increment")
                .run(context -> assertThat(context.getBean("c", IncrementClient.class).config().authToken())
                        .isEqualTo(16));
    }

    @Test
    void aCacheIsABeanWithItsOwnService() {
        withRunDir().withPropertyValues("netipc.caches.cgroups.service=cgroups-snapshot",
                "netipc.caches.cgroups.refresh-interval=250ms", "netipc.caches.cgroups.publish-events=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(CgroupsSnapshotCache.class);
                    assertThat(context.getBean("cgroups")).isInstanceOf(CgroupsSnapshotCache.class);
                    NetIpcRegistry.CacheEntry entry = context.getBean(NetIpcRegistry.class).caches().get(0);
                    assertThat(entry.service()).isEqualTo("cgroups-snapshot");
                    assertThat(entry.refreshInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(entry.staleAfter()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(entry.publishEvents()).isTrue();
                    assertThat(entry.required()).isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        IncrementClient counter() throws Exception {
            return IncrementClient.create(ClientConfig.builder(Path.of("/tmp"), "own").build());
        }

        @Bean
        NetIpcInstrumentation ownInstrumentation() {
            return new NetIpcInstrumentation() {
            };
        }
    }

    @Test
    void beansOfTheApplicationWin() {
        withRunDir().withUserConfiguration(OwnBeans.class)
                .withPropertyValues("netipc.clients.counter.kind=increment")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("counter", IncrementClient.class).config().endpoint().serviceName())
                            .as("the application's bean, not one from the properties").isEqualTo("own");
                    assertThat(context).hasSingleBean(NetIpcInstrumentation.class);
                    assertThat(context.getBean(NetIpcInstrumentation.class))
                            .isNotSameAs(NetIpcInstrumentation.NONE).isNotInstanceOf(NetIpcMeters.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void withAMeterRegistryTheMetersAreInstrumented() {
        withRunDir().withUserConfiguration(Meters.class).withPropertyValues("netipc.clients.counter.kind=increment",
                "netipc.caches.cgroups.required=false").run(context -> {
                    assertThat(context.getBean(NetIpcInstrumentation.class)).isInstanceOf(NetIpcMeters.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.find(NetIpcMeters.CLIENT_READY).tag("client", "counter").gauge()).isNotNull();
                    assertThat(meters.find(NetIpcMeters.CLIENT_CALLS).tag("client", "counter")
                            .tag("outcome", "ok").timer()).isNotNull();
                    assertThat(meters.find(NetIpcMeters.CACHE_ITEMS).tag("cache", "cgroups").gauge()).isNotNull();
                });
    }

    /** Resolved by type before the client beans exist: their types must be known from their definitions. */
    record Consumer(AppsLookupClient apps, CgroupsSnapshotCache cache) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        @Bean
        Consumer consumer(@org.springframework.beans.factory.annotation.Qualifier("apps") AppsLookupClient apps,
                @org.springframework.beans.factory.annotation.Qualifier("cgroups") CgroupsSnapshotCache cache) {
            return new Consumer(apps, cache);
        }
    }

    @Test
    void clientsAreInjectedByTypeAndQualifierIntoEarlierBeans() {
        withRunDir().withUserConfiguration(Consumers.class)
                .withPropertyValues("netipc.clients.apps.kind=apps-lookup", "netipc.caches.cgroups.service=s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Consumer.class).apps()).isSameAs(context.getBean("apps"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInfrastructure {
        @Bean
        NetIpcSettings ownSettings(NetIpcProperties properties, org.springframework.core.env.Environment environment) {
            return new NetIpcSettings(properties, environment);
        }

        @Bean
        NetIpcRegistry ownRegistry() {
            return new NetIpcRegistry(NetIpcInstrumentation.NONE);
        }

        @Bean
        NetIpcRefresher ownRefresher(NetIpcRegistry registry, NetIpcSettings settings,
                org.springframework.context.ApplicationEventPublisher events) {
            return new NetIpcRefresher(registry, settings, events);
        }

        @Bean
        NetIpcHandlerServers ownServers(org.springframework.beans.factory.ListableBeanFactory beans,
                NetIpcSettings settings, NetIpcRegistry registry) {
            return new NetIpcHandlerServers(beans, settings, registry, NetIpcInstrumentation.NONE);
        }
    }

    @Test
    void everyInfrastructureBeanBacksOffForTheApplicationsOwn() {
        withRunDir().withUserConfiguration(OwnInfrastructure.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(NetIpcSettings.class).hasBean("ownSettings");
            assertThat(context).hasSingleBean(NetIpcRegistry.class).hasBean("ownRegistry");
            assertThat(context).hasSingleBean(NetIpcRefresher.class).hasBean("ownRefresher");
            assertThat(context).hasSingleBean(NetIpcHandlerServers.class).hasBean("ownServers");
        });
    }

    @Test
    void withoutMicrometerNothingIsInstrumented() {
        withRunDir().withUserConfiguration(Meters.class)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context.getBean(NetIpcInstrumentation.class))
                        .isSameAs(NetIpcInstrumentation.NONE));
    }

    @Test
    void clientsAndCachesAreCreatedEvenWithLazyInitialization() {
        withRunDir().withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("netipc.clients.counter.kind=increment", "netipc.caches.cgroups.service=s")
                .run(context -> {
                    NetIpcRegistry registry = context.getBean(NetIpcRegistry.class);
                    assertThat(registry.clients()).as("created without being asked for").hasSize(1);
                    assertThat(registry.caches()).hasSize(1);
                    assertThat(context.getBean(NetIpcRefresher.class).isRunning()).isTrue();
                });
    }

    /** Injects the client, so a name clash must be reported before this bean is made. */
    @Configuration(proxyBeanMethods = false)
    static class CounterConsumer {
        @Bean
        Object counterConsumer(@org.springframework.beans.factory.annotation.Qualifier("counter")
                IncrementClient counter) {
            return counter;
        }
    }

    @Test
    void aNameTakenByABeanWhoseTypeOnlyShowsLaterFailsStartup() {
        withRunDir().withInitializer(context -> {
            org.springframework.beans.factory.support.GenericBeanDefinition scanned =
                    new org.springframework.beans.factory.support.GenericBeanDefinition();
            // As a component scan leaves it: a class name, no class, so no type to check early.
            scanned.setBeanClassName(StringBuilder.class.getName());
            ((org.springframework.beans.factory.support.BeanDefinitionRegistry) context.getBeanFactory())
                    .registerBeanDefinition("counter", scanned);
        }).withUserConfiguration(CounterConsumer.class)
                .withPropertyValues("netipc.clients.counter.kind=increment").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(NetIpcConfigurationException.class)
                    .hasMessageContaining("netipc.clients.counter").hasMessageContaining("StringBuilder");
        });
    }

    @Test
    void withoutTheLibraryNothingIsConfigured() {
        withRunDir().withUserConfiguration(Meters.class).withClassLoader(new FilteredClassLoader(ManagedServer.class))
                .withPropertyValues("netipc.clients.counter.kind=increment").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(NetIpcSettings.class).doesNotHaveBean(NetIpcRegistry.class)
                            .doesNotHaveBean(NetIpcInstrumentation.class).doesNotHaveBean(ServiceClient.class);
                });
    }

    @Test
    void switchedOffItInstrumentsNothingEvenWithAMeterRegistry() {
        withRunDir().withUserConfiguration(Meters.class).withPropertyValues("netipc.enabled=false",
                "netipc.clients.counter.kind=increment").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MeterRegistry.class);
                    assertThat(context).doesNotHaveBean(NetIpcInstrumentation.class);
                    assertThat(context.getBean(MeterRegistry.class).find(NetIpcMeters.CLIENT_READY).meters())
                            .isEmpty();
                });
    }

    @Test
    void anInstrumentationOfTheApplicationWinsOverTheMeters() {
        withRunDir().withUserConfiguration(OwnBeans.class, Meters.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NetIpcInstrumentation.class)
                    .hasBean("ownInstrumentation");
            assertThat(context.getBean(NetIpcInstrumentation.class)).isNotInstanceOf(NetIpcMeters.class);
        });
    }

    @Test
    void theResponsePayloadAndAClientsRequestPayloadReachItsConfig() {
        withRunDir().withPropertyValues("netipc.max-response-payload=3KB", "netipc.clients.plain.kind=increment",
                "netipc.clients.tuned.kind=increment", "netipc.clients.tuned.max-request-payload=5KB")
                .run(context -> {
                    ClientConfig plain = context.getBean("plain", IncrementClient.class).config();
                    assertThat(plain.maxResponsePayloadBytes()).isEqualTo(3 * 1024);
                    ClientConfig tuned = context.getBean("tuned", IncrementClient.class).config();
                    assertThat(tuned.maxRequestPayloadBytes()).isEqualTo(5 * 1024);
                    assertThat(tuned.maxResponsePayloadBytes()).as("inherited").isEqualTo(3 * 1024);
                });
    }

    @Test
    void aCachesOwnSettingsReachItsClientConfig() {
        withRunDir().withPropertyValues("netipc.profiles=uds", "netipc.call-timeout=9s",
                "netipc.caches.cgroups.profiles=uds,shm", "netipc.caches.cgroups.call-timeout=1500ms",
                "netipc.caches.cgroups.max-request-payload=2KB", "netipc.caches.cgroups.max-response-payload=6MB",
                "netipc.caches.cgroups.stale-after=1h").run(context -> {
                    NetIpcSettings settings = context.getBean(NetIpcSettings.class);
                    ClientConfig config = settings.clientConfig(NetIpcBeanFactory.cacheSubject("cgroups"), "cgroups",
                            settings.properties().getCaches().get("cgroups"), null, CallObserver.NONE);
                    assertThat(config.supportedProfiles()).isEqualTo(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID);
                    assertThat(config.preferredProfiles()).isEqualTo(Wire.PROFILE_SHM_HYBRID);
                    assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(config.maxRequestPayloadBytes()).isEqualTo(2 * 1024);
                    assertThat(config.maxResponsePayloadBytes()).isEqualTo(6 * 1024 * 1024);
                    assertThat(context.getBean(NetIpcRegistry.class).caches().get(0).staleAfter())
                            .isEqualTo(Duration.ofHours(1));
                });
    }

    /** The variable as the operating system sets it, which relaxed binding also maps to netipc.auth-token. */
    private static ApplicationContextInitializer<ConfigurableApplicationContext> tokenVariable(String value) {
        return context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(NetIpcSettings.TOKEN_VARIABLE, value)));
    }

    private static long token(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean("c", IncrementClient.class).config().authToken();
    }

    @Test
    void theTokenVariableAloneSetsTheToken() {
        withRunDir().withInitializer(tokenVariable("7")).withPropertyValues("netipc.clients.c.kind=increment")
                .run(context -> assertThat(token(context)).isEqualTo(7));
    }

    @Test
    void theAuthTokenPropertyWinsOverTheVariable() {
        withRunDir().withInitializer(tokenVariable("7"))
                .withPropertyValues("netipc.auth-token=5", "netipc.clients.c.kind=increment")
                .run(context -> assertThat(token(context)).isEqualTo(5));
    }

    @Test
    void theTokenFileWinsOverTheVariable() throws Exception {
        Path tokenFile = Files.writeString(runDir.resolve("token"), "4242\n", StandardCharsets.UTF_8);
        withRunDir().withInitializer(tokenVariable("7"))
                .withPropertyValues("netipc.auth-token-file=" + tokenFile, "netipc.clients.c.kind=increment")
                .run(context -> assertThat(token(context)).isEqualTo(4242));
        withRunDir().withInitializer(tokenVariable("7"))
                .withPropertyValues("netipc.auth-token=5", "netipc.auth-token-file=" + tokenFile)
                .run(context -> assertThat(context).as("the property and the file still clash").hasFailed()
                        .getFailure().hasMessageContaining("both auth-token and auth-token-file"));
    }

    @Test
    void anotherBeanFactoryOfTheApplicationDoesNotReplaceTheInfrastructure() {
        withRunDir().withBean("myFactory", NetIpcBeanFactory.class, () -> new NetIpcBeanFactory(null, null, null))
                .withPropertyValues("netipc.clients.counter.kind=increment").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(NetIpcBeanFactory.BEAN_NAME)).isNotSameAs(context.getBean("myFactory"));
                    assertThat(context.getBean("counter")).isInstanceOf(IncrementClient.class);
                });
    }

    @Test
    void allTypesAreDistinctBeans() {
        withRunDir().withPropertyValues("netipc.clients.a.kind=increment", "netipc.clients.b.kind=string-reverse",
                "netipc.clients.c.kind=cgroups-snapshot", "netipc.clients.d.kind=cgroups-lookup",
                "netipc.clients.e.kind=apps-lookup", "netipc.caches.f.service=snap").run(context -> {
                    assertThat(context).hasSingleBean(IncrementClient.class).hasSingleBean(StringReverseClient.class)
                            .hasSingleBean(CgroupsSnapshotClient.class).hasSingleBean(CgroupsLookupClient.class)
                            .hasSingleBean(AppsLookupClient.class).hasSingleBean(CgroupsSnapshotCache.class);
                    assertThat(context.getBeansOfType(ServiceClient.class)).hasSize(5);
                });
    }
}
