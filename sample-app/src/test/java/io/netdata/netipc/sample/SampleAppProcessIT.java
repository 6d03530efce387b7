package io.netdata.netipc.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged sample application as a separate process: the netipc tool
 * calls its services, HTTP shows its data, health, endpoint and meters, and
 * SIGTERM leaves no socket, region or temporary directory behind.
 */
class SampleAppProcessIT {
    private static final Duration START_BOUND = Duration.ofMinutes(2);
    private static final Duration STOP_BOUND = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Path SAMPLE_JAR = Path.of(System.getProperty("netipc.sample.jar"));
    private static final Path CLI_JAR = Path.of(System.getProperty("netipc.cli.jar"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final int EXIT_OK = 0;
    private static final String TEMPORARY_RUN_DIR_PREFIX = "netipc-sample-";
    private static final String SOCKET_SUFFIX = ".sock";
    private static final String REGION_SUFFIX = ".ipcshm";

    private final SampleHttp http = new SampleHttp();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process start(int port, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Djava.io.tmpdir=" + work.resolve("tmp"),
                "-jar", SAMPLE_JAR.toString(), "--server.port=" + port));
        command.addAll(List.of(arguments));
        Files.createDirectories(work.resolve("tmp"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("sample.log").toFile()).start();
        processes.add(process);
        return process;
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.get(port, path);
    }

    private JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        return http.getJson(port, path, SampleHttp.OK);
    }

    private void awaitHealthy(Process process, int port) throws Exception {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("the sample is running; its log: " + log()).isTrue();
            assertThat(System.nanoTime() - deadline).as("the sample to be healthy").isNegative();
            try {
                HttpResponse<String> health = get(port, "/actuator/health");
                if (health.statusCode() == 200 && http.read(health.body()).path("status").asString().equals("UP")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Keep polling until the bound.
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private String log() throws IOException {
        Path log = work.resolve("sample.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private record Run(int exit, String output, String errors) {
    }

    private Run netipc(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", CLI_JAR.toString()));
        command.addAll(List.of(arguments));
        // Standard error apart: newer JDKs warn there about the native access of the bindings.
        Path errors = work.resolve("netipc.err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output, Files.readString(errors, StandardCharsets.UTF_8));
    }

    private void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static List<String> names(Path directory, Predicate<String> which) throws IOException {
        return filesIn(directory).stream().map(file -> file.getFileName().toString()).filter(which).toList();
    }

    private static List<String> endingWith(Path directory, String suffix) throws IOException {
        return names(directory, name -> name.endsWith(suffix));
    }

    /** The sample's temporary run directories under the process's java.io.tmpdir. */
    private List<String> temporaryRunDirectories() throws IOException {
        return names(work.resolve("tmp"), name -> name.startsWith(TEMPORARY_RUN_DIR_PREFIX));
    }

    @Test
    void servesTheHostToTheToolAndOverHttpAndLeavesNothingOnSigterm() throws Exception {
        Path runDir = Files.createDirectory(work.resolve("run"));
        int port = freePort();
        Process sample = start(port, "--netipc.run-dir=" + runDir);
        awaitHealthy(sample, port);

        JsonNode cgroups = getJson(port, "/cgroups");
        assertThat(cgroups.path("ready").asBoolean()).isTrue();
        Run snapshot = netipc("call", "cgroups-snapshot", "--run-dir", runDir.toString(), "--service",
                "cgroups-snapshot", "--profiles", "uds,shm", "--json");
        assertThat(snapshot.exit()).as(snapshot.output() + snapshot.errors()).isEqualTo(EXIT_OK);
        JsonNode served = http.read(snapshot.output());
        assertThat(served.toString()).contains("items");

        long pid = sample.pid();
        Run apps = netipc("call", "apps-lookup", "--run-dir", runDir.toString(), "--service", "apps-lookup",
                "--pid", Long.toString(pid), "--json");
        assertThat(apps.exit()).as(apps.output() + apps.errors()).isEqualTo(EXIT_OK);
        assertThat(apps.output()).contains(Long.toString(pid));

        JsonNode process = getJson(port, "/pids/" + pid);
        assertThat(process.path("status").asString()).isEqualTo("KNOWN");
        assertThat(process.path("comm").asString()).isEqualTo("java");
        assertThat(get(port, "/pids/4294967296").statusCode()).isEqualTo(400);
        assertThat(get(port, "/cgroups/no-such-cgroup").statusCode()).isEqualTo(404);
        if (cgroups.path("count").asInt() > 0) {
            String name = cgroups.path("items").get(0).path("name").asString();
            assertThat(getJson(port, "/cgroups/" + name).path("name").asString()).isEqualTo(name);
        }

        JsonNode health = getJson(port, "/actuator/health");
        assertThat(health.path("components").path("netipc").path("status").asString()).isEqualTo("UP");
        JsonNode endpoint = getJson(port, "/actuator/netipc");
        assertThat(endpoint.path("servers")).hasSize(2);
        endpoint.path("servers").forEach(server -> assertThat(server.path("running").asBoolean()).isTrue());
        assertThat(endpoint.path("caches").get(0).path("populated").asBoolean()).isTrue();
        assertThat(endpoint.path("clients").get(0).path("calls").asLong()).isPositive();
        JsonNode calls = getJson(port, "/actuator/metrics/netipc.client.calls");
        assertThat(calls.path("measurements").get(0).path("value").asDouble()).isPositive();
        getJson(port, "/actuator/metrics/netipc.server.requests");
        getJson(port, "/actuator/metrics/netipc.cache.items");
        assertThat(endingWith(runDir, SOCKET_SUFFIX)).containsExactlyInAnyOrder("cgroups-snapshot.sock",
                "apps-lookup.sock");
        assertThat(endingWith(runDir, REGION_SUFFIX)).as("the cache and the client use shared memory")
                .isNotEmpty();
        assertThat(temporaryRunDirectories()).as("the run directory was given").isEmpty();

        stop(sample);
        assertThat(filesIn(runDir)).as("no socket or region file left").isEmpty();
    }

    @Test
    void aFailedStartReportsTheConfigurationAndLeavesNoTemporaryDirectory() throws Exception {
        Process sample = start(freePort(), "--netipc.auth-token=not-a-token");
        assertThat(sample.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)).as("it gives up").isTrue();
        assertThat(sample.exitValue()).isNotEqualTo(EXIT_OK);
        assertThat(log()).contains("Invalid netipc configuration").contains("netipc.auth-token")
                .doesNotContain("not-a-token");
        assertThat(temporaryRunDirectories()).isEmpty();
    }

    @Test
    void withoutConfigurationItUsesATemporaryRunDirectoryAndRemovesIt() throws Exception {
        int port = freePort();
        // Lazily initialized too: the netipc beans and the directory's cleaner must still exist.
        Process sample = start(port, "--spring.main.lazy-initialization=true");
        awaitHealthy(sample, port);
        assertThat(getJson(port, "/cgroups").path("ready").asBoolean()).isTrue();
        assertThat(temporaryRunDirectories()).hasSize(1);

        stop(sample);
        assertThat(temporaryRunDirectories()).isEmpty();
    }
}
