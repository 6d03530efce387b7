package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.server.IncrementHandler;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import io.netdata.netipc.service.server.StringReverseHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Configurations that cannot work stop start-up with a
 * {@link NetIpcConfigurationException}, reported by the failure analyzer as
 * a description and an action, never with the auth token.
 */
class NetIpcFailuresTest {
    private static final String SECRET = "not-a-number-secret";

    @TempDir
    Path runDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class));

    private static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new NetIpcFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("the failure is analyzed").isNotNull();
        return analysis;
    }

    @Test
    void aClientWithoutRunDirFails() {
        runner.withPropertyValues("netipc.clients.c.kind=increment").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("netipc.run-dir").contains("not set");
            assertThat(analysis.getAction()).contains("netipc.run-dir");
        });
    }

    @Test
    void aMissingRunDirFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir.resolve("absent"), "netipc.caches.c.service=s")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("is not an existing directory"));
    }

    @Test
    void aMalformedTokenFailsWithoutShowingIt() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.auth-token=" + SECRET).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("netipc.auth-token").doesNotContain(SECRET);
            assertThat(analysis.getAction()).contains("0x");
        });
    }

    @Test
    void bothTokenSourcesFail() throws Exception {
        Path file = Files.writeString(runDir.resolve("token"), "1");
        runner.withPropertyValues("netipc.auth-token=1", "netipc.auth-token-file=" + file)
                .run(context -> assertThat(analysis(context).getAction()).contains("only one"));
    }

    @Test
    void anUnreadableTokenFileFails() {
        runner.withPropertyValues("netipc.auth-token-file=" + runDir.resolve("absent"))
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("netipc.auth-token-file").contains("cannot read"));
    }

    @Test
    void aBadServiceNameFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.clients.c.kind=increment",
                "netipc.clients.c.service=../escape").run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("netipc.clients.c").contains("service name");
                });
    }

    @Test
    void aClientWithoutKindFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.clients.c.service=x")
                .run(context -> assertThat(analysis(context).getDescription()).contains("netipc.clients.c.kind"));
    }

    @Test
    void aZeroRefreshIntervalFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.caches.c.refresh-interval=0s")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("netipc.caches.c.refresh-interval"));
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.clients.c.kind=increment",
                "netipc.refresh-interval=-1s")
                .run(context -> assertThat(analysis(context).getDescription()).contains("netipc.refresh-interval"));
    }

    @NetIpcHandler(service = "twice")
    static class First implements IncrementHandler {
        @Override
        public long handle(long value) {
            return value + 1;
        }
    }

    @NetIpcHandler(service = "twice")
    static class Second implements StringReverseHandler {
        @Override
        public io.netdata.netipc.protocol.ByteString handle(io.netdata.netipc.protocol.BytesView request) {
            return request.toByteString();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoHandlersOneService {
        @Bean
        First first() {
            return new First();
        }

        @Bean
        Second second() {
            return new Second();
        }
    }

    @Test
    void twoHandlersForOneServiceFail() {
        runner.withPropertyValues("netipc.run-dir=" + runDir).withUserConfiguration(TwoHandlersOneService.class)
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("'twice'").contains("first").contains("second");
                    assertThat(analysis.getAction()).contains("own service name");
                });
    }

    @NetIpcHandler(service = "nothing")
    static class NoInterface {
    }

    @NetIpcHandler(service = "both")
    static class BothInterfaces implements IncrementHandler, StringReverseHandler {
        @Override
        public long handle(long value) {
            return value;
        }

        @Override
        public io.netdata.netipc.protocol.ByteString handle(io.netdata.netipc.protocol.BytesView request) {
            return request.toByteString();
        }
    }

    @Test
    void aHandlerOfNoOrSeveralInterfacesFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir).withBean(NoInterface.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("implements no netipc handler interface"));
        runner.withPropertyValues("netipc.run-dir=" + runDir).withBean(BothInterfaces.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("several handler interfaces"));
    }

    @Test
    void aHandlerNeedsAWritableRunDir() throws Exception {
        Path file = Files.writeString(runDir.resolve("file"), "x");
        runner.withPropertyValues("netipc.run-dir=" + file).withBean(First.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("is not an existing directory"));
    }

    @Test
    void aHandlerNeedsARunDirItCanWrite() {
        // procfs refuses writes even to root, so this holds when the tests run as root too.
        Path readOnly = Path.of("/proc/1");
        Assumptions.assumeTrue(Files.isDirectory(readOnly) && !Files.isWritable(readOnly));
        runner.withPropertyValues("netipc.run-dir=" + readOnly).withBean(First.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("is not writable");
            assertThat(analysis.getAction()).contains("writable");
        });
        runner.withPropertyValues("netipc.run-dir=" + readOnly, "netipc.clients.c.kind=increment")
                .run(context -> assertThat(context).as("a client only connects there").hasNotFailed());
    }

    @Test
    void aClientWhoseNameIsTakenByABeanOfAnotherTypeFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.clients.first.kind=increment")
                .withUserConfiguration(TwoHandlersOneService.class).run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("netipc.clients.first").contains("is taken");
                    assertThat(analysis.getAction()).contains("Rename");
                });
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.caches.second.service=s")
                .withUserConfiguration(TwoHandlersOneService.class)
                .run(context -> assertThat(analysis(context).getDescription()).contains("netipc.caches.second"));
    }

    @Test
    void aMalformedTokenInTheFileFailsWithoutShowingIt() throws Exception {
        Path file = Files.writeString(runDir.resolve("token"), SECRET + "\n");
        runner.withPropertyValues("netipc.auth-token-file=" + file).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("netipc.auth-token-file").doesNotContain(SECRET);
            assertThat(analysis.getAction()).contains("0x");
        });
    }

    @Test
    void aBadCacheServiceNameFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.caches.c.service=../escape")
                .run(context -> assertThat(analysis(context).getDescription()).contains("netipc.caches.c")
                        .contains("service name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1s"})
    void aStaleAfterThatIsNotPositiveFails(String staleAfter) {
        runner.withPropertyValues("netipc.run-dir=" + runDir, "netipc.caches.c.stale-after=" + staleAfter)
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("netipc.caches.c.stale-after")
                            .contains("positive");
                    assertThat(analysis.getAction()).contains("positive duration");
                });
    }

    @NetIpcHandler(service = "../escape")
    static class Escaping extends First {
    }

    @Test
    void aHandlerWithABadServiceNameFails() {
        runner.withPropertyValues("netipc.run-dir=" + runDir).withBean("escaping", Escaping.class, Escaping::new)
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("@NetIpcHandler bean 'escaping'")
                            .contains("service name");
                    assertThat(analysis.getAction()).contains("service name of letters");
                });
    }

    private static boolean threadsOf(String service) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("netipc-" + service + "-"));
    }

    @Test
    void aServiceThatAnotherLiveServerOwnsFailsAndNoServerOfTheContextIsLeft() throws Exception {
        ServerConfig config = ServerConfig.builder(runDir, "counter").build();
        try (ManagedServer owner = ManagedServer.increment(config, value -> value * 2)) {
            // "twice" is declared, so started, before "counter": it must be stopped again.
            runner.withPropertyValues("netipc.run-dir=" + runDir).withBean("first", First.class, First::new)
                    .withBean("counterHandler", CounterHandler.class, CounterHandler::new).run(context -> {
                        FailureAnalysis analysis = analysis(context);
                        assertThat(analysis.getDescription()).contains("@NetIpcHandler bean 'counterHandler'")
                                .contains("cannot export service 'counter'");
                        assertThat(analysis.getAction()).contains("no other live server");
                    });
            assertThat(Files.exists(runDir.resolve("twice.sock"))).as("the started server stopped").isFalse();
            assertThat(threadsOf("twice")).isFalse();
            assertThat(owner.status().running()).isTrue();
            try (IncrementClient client = ExtraClient.connect(runDir, "counter", 0)) {
                assertThat(client.call(21)).as("the owner still serves its socket").isEqualTo(42);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NetIpcAutoConfiguration.class)
    static class Application {
    }

    @Test
    void springApplicationReportsTheFailureThroughTheRegisteredAnalyzer() {
        RecordingFailureAnalysisReporter.REPORTED.clear();
        SpringApplication application = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).build();
        assertThatThrownBy(() -> application.run("--netipc.auth-token=" + SECRET))
                .hasRootCauseInstanceOf(NetIpcConfigurationException.class);
        assertThat(RecordingFailureAnalysisReporter.REPORTED).singleElement().satisfies(analysis -> {
            assertThat(analysis.getDescription()).startsWith("Invalid netipc configuration: netipc.auth-token")
                    .doesNotContain(SECRET);
            assertThat(analysis.getAction()).contains("0x");
        });
    }

    @Test
    void anotherFailureIsNotAnalyzed() {
        assertThat(new NetIpcFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
    }
}
