package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.service.client.StringReverseClient;
import io.netdata.netipc.service.server.StringReverseHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * A Spring Boot application as users write one: the auto-configuration found
 * through its imports file, a @NetIpcHandler bean served over shared memory,
 * and a client injected by qualifier.
 */
@SpringBootTest(properties = {"netipc.profiles=uds,shm", "netipc.refresh-interval=20ms",
    "netipc.clients.reverser.kind=string-reverse", "test.reverse-service=reverse", "netipc.clients.reverser.service=reverse"})
class NetIpcSpringBootTest {
    private static final Path RUN_DIR = createRunDir();

    /**
     * One directory for this class and its subclass (each context exports its own service
     * name); removed when the JVM ends, after the contexts, which Spring's test cache may
     * keep open until then, have closed their servers.
     */
    private static Path createRunDir() {
        try {
            Path directory = Files.createTempDirectory("netipc-boot-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeRunDir(directory)));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeRunDir(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void runDir(DynamicPropertyRegistry registry) {
        registry.add("netipc.run-dir", RUN_DIR::toString);
    }

    @NetIpcHandler(service = "${test.reverse-service:unset}")
    static class Reverser implements StringReverseHandler {
        @Override
        public ByteString handle(BytesView request) {
            return ByteString.utf8(new StringBuilder(request.toByteString().asString()).reverse().toString());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
        @Bean
        Reverser reverseHandler() {
            return new Reverser();
        }
    }

    @Autowired
    @Qualifier("reverser")
    StringReverseClient client;

    /** Whether this class's profiles lead to shared memory. */
    boolean expectsSharedMemory() {
        return true;
    }

    @Test
    void anInjectedClientCallsTheApplicationsOwnHandler() throws Exception {
        Await.until("the client to connect", client::ready);
        assertThat(client.call("netipc")).isEqualTo("cpiten");
        assertThat(client.status().sharedMemory()).isEqualTo(expectsSharedMemory());
        assertThat(Files.exists(RUN_DIR.resolve(client.config().endpoint().serviceName() + ".sock"))).isTrue();
    }
}
