package io.netdata.netipc.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.cli.serve.host.HostDataSource;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The sample application in this JVM, on a free port: its HTTP API over the
 * fixture trees of a host (a cgroup v2 hierarchy, one process), the answers
 * of the process API for every failure, and the sample's own properties.
 */
class SampleApplicationTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final long PID = 42;
    private static final long ABSENT_PID = 43;
    private static final String STAT = PID + " (fixture) S 1 100 100 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 4242 1000 10";
    private static final String SERVICE_PATH = "/system.slice/ssh.service";
    private static final String SERVICE_NAME = "ssh";
    private static final int OK = SampleHttp.OK;
    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;
    private static final int BAD_GATEWAY = 502;
    private static final int SERVICE_UNAVAILABLE = 503;

    @TempDir
    Path work;

    private final SampleHttp http = new SampleHttp();
    private ConfigurableApplicationContext context;

    @AfterEach
    void closeTheApplication() {
        if (context != null) {
            context.close();
        }
    }

    private Path runDir() throws IOException {
        return Files.createDirectories(work.resolve("run"));
    }

    /** A cgroup v2 hierarchy with one service, and a proc tree with one process in it. */
    private List<String> fixtureHost() throws IOException {
        Path cgroups = Files.createDirectories(work.resolve("cgroup"));
        Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory");
        Files.createDirectories(cgroups.resolve(SERVICE_PATH.substring(1)));
        Path process = Files.createDirectories(work.resolve("proc").resolve(Long.toString(PID)));
        Files.writeString(process.resolve("stat"), STAT);
        Files.writeString(process.resolve("status"), "Name:\tfixture\nUid:\t1000\t1000\t1000\t1000\n");
        Files.writeString(process.resolve("cgroup"), "0::" + SERVICE_PATH + "\n");
        return List.of("--sample.cgroup-root=" + cgroups, "--sample.proc-root=" + work.resolve("proc"));
    }

    private void start(List<String> arguments) throws IOException {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--netipc.run-dir=" + runDir(), "--netipc.refresh-interval=20ms",
                "--netipc.caches.cgroups.refresh-interval=20ms"));
        all.addAll(arguments);
        context = new SpringApplicationBuilder(SampleApplication.class).run(all.toArray(String[]::new));
    }

    private int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.get(port(), path);
    }

    private JsonNode getJson(String path, int status) throws IOException, InterruptedException {
        return http.getJson(port(), path, status);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(POLL.toMillis());
        }
    }

    private void awaitServicesConsumed() throws InterruptedException {
        until("the apps client", context.getBean("apps", AppsLookupClient.class)::ready);
        until("the cgroups cache", context.getBean("cgroups", CgroupsSnapshotCache.class)::ready);
    }

    @Test
    void theApiShowsTheFixtureHost() throws Exception {
        start(fixtureHost());
        awaitServicesConsumed();

        JsonNode cgroups = getJson("/cgroups", OK);
        assertThat(cgroups.path("ready").asBoolean()).isTrue();
        assertThat(cgroups.path("count").asInt()).isEqualTo(2);
        JsonNode service = getJson("/cgroups/" + SERVICE_NAME, OK);
        assertThat(service.path("path").asString()).isEqualTo(SERVICE_PATH);
        assertThat(get("/cgroups/absent").statusCode()).isEqualTo(NOT_FOUND);

        JsonNode process = getJson("/pids/" + PID, OK);
        assertThat(process.path("status").asString()).isEqualTo("KNOWN");
        assertThat(process.path("comm").asString()).isEqualTo("fixture");
        assertThat(process.path("ppid").asLong()).isEqualTo(1);
        assertThat(process.path("uid").asLong()).isEqualTo(1000);
        assertThat(process.path("cgroupPath").asString()).isEqualTo(SERVICE_PATH);
        assertThat(process.path("cgroupName").asString()).isEqualTo(SERVICE_NAME);
    }

    @Test
    void anUnknownNegativeOrNonNumericPidIsNotAProcess() throws Exception {
        start(fixtureHost());
        awaitServicesConsumed();

        JsonNode absent = getJson("/pids/" + ABSENT_PID, NOT_FOUND);
        assertThat(absent.path("status").asString()).isEqualTo("UNKNOWN");
        assertThat(getJson("/pids/-1", BAD_REQUEST).path("error").asString()).contains("unsigned 32-bit");
        assertThat(get("/pids/4294967296").statusCode()).isEqualTo(BAD_REQUEST);
        assertThat(get("/pids/abc").statusCode()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void withoutServingItCreatesNoHandlersAndTheApiSaysNotReady() throws Exception {
        start(List.of("--sample.serve=false"));

        assertThat(context.getBean(NetIpcRegistry.class).servers()).isEmpty();
        assertThat(context.getBeanNamesForType(HostDataSource.class)).isEmpty();
        JsonNode cgroups = getJson("/cgroups", OK);
        assertThat(cgroups.path("ready").asBoolean()).as("no refresh has succeeded").isFalse();
        assertThat(cgroups.path("count").asInt()).isZero();
        assertThat(cgroups.path("generation").asString()).isEqualTo("0");
        assertThat(getJson("/pids/" + PID, SERVICE_UNAVAILABLE).path("error").asString()).isEqualTo("NOT_READY");
    }

    @Test
    void anAppsServiceThatFailsIsABadGateway() throws Exception {
        ServerConfig config = ServerConfig.builder(runDir(), "apps-lookup").build();
        try (ManagedServer failing = ManagedServer.appsLookup(config, (request, response) -> {
            throw new IllegalStateException("the handler failed");
        })) {
            start(List.of("--sample.serve=false"));
            until("the apps client", context.getBean("apps", AppsLookupClient.class)::ready);
            assertThat(getJson("/pids/" + PID, BAD_GATEWAY).path("error").asString()).isEqualTo("SERVER_ERROR");
        }
    }

    @Test
    void theServicesCanBeRenamed() throws Exception {
        List<String> arguments = new ArrayList<>(fixtureHost());
        arguments.addAll(List.of("--sample.services.cgroups=host-cgroups", "--sample.services.apps=host-apps"));
        start(arguments);
        awaitServicesConsumed();

        NetIpcRegistry registry = context.getBean(NetIpcRegistry.class);
        assertThat(registry.servers()).extracting(NetIpcRegistry.ServerEntry::service)
                .containsExactly("host-apps", "host-cgroups");
        assertThat(registry.clients()).extracting(NetIpcRegistry.ClientEntry::service).containsExactly("host-apps");
        assertThat(registry.caches()).extracting(NetIpcRegistry.CacheEntry::service).containsExactly("host-cgroups");
        assertThat(runDir().resolve("host-cgroups.sock")).exists();
        assertThat(runDir().resolve("cgroups-snapshot.sock")).doesNotExist();
        assertThat(getJson("/pids/" + PID, OK).path("status").asString()).isEqualTo("KNOWN");
    }
}
