package io.netdata.netipc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code netipc serve} in a process of its own, driven by {@code netipc call},
 * {@code status} and {@code watch}, for every kind over UDS and over SHM; the
 * exit codes of the failures; a clean stop on SIGTERM.
 */
class ServeAndCallEndToEndTest {
    private static final String DATA = """
            {"generation": 3, "systemd_enabled": 1,
             "cgroups": [
               {"path": "/system.slice/ssh.service"},
               {"path": "/kubepods/burstable/pod5f2b8c1e-0b7a-4c51-9d8e-1a2b3c4d5e6f", "labels": {"team": "blue"}}],
             "processes": [
               {"pid": 100, "ppid": 1, "uid": 1000, "comm": "sshd", "starttime": 42,
                "cgroup": "/system.slice/ssh.service"},
               {"pid": 1, "ppid": 0, "uid": 0, "comm": "init", "starttime": 1, "cgroup": "/"}]}
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The environment of a {@code serve} that must read file names as bytes, whatever the locale. */
    private static final Map<String, String> C_LOCALE = Map.of("LC_ALL", "C", "LANG", "C");
    /** Time for a JVM to start its shutdown hooks after a signal. */
    private static final long SIGNAL_SETTLE_MILLIS = 1000;

    @TempDir
    Path runDir;

    @TempDir
    Path dataDir;

    private String[] endpoint(String service, String profiles, String... more) {
        List<String> args = new ArrayList<>(List.of("--run-dir", runDir.toString(), "--service", service,
                "--profiles", profiles));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] head, String... tail) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }

    private Path dataFile() throws Exception {
        Path file = dataDir.resolve("data.json");
        Files.writeString(file, DATA);
        return file;
    }

    private void assertNoFilesLeft() throws Exception {
        try (var files = Files.list(runDir)) {
            assertThat(files).as("socket and regions removed").isEmpty();
        }
    }

    private Result call(String... args) {
        return CliRunner.runWithEnvironment(Map.of(), concat(new String[] {"call"}, args));
    }

    @ParameterizedTest(name = "profiles {0}")
    @ValueSource(strings = {"uds", "uds,shm"})
    void everyKindIsServedAndCalled(String profiles) throws Exception {
        String data = dataFile().toString();
        try (ServeProcess increment = ServeProcess.serve(concat(new String[] {"increment"},
                endpoint("inc", profiles)));
                ServeProcess reverse = ServeProcess.serve(concat(new String[] {"string-reverse"},
                        endpoint("rev", profiles)));
                ServeProcess snapshot = ServeProcess.serve(concat(new String[] {"cgroups-snapshot"},
                        endpoint("snap", profiles, "--data", data)));
                ServeProcess cgroups = ServeProcess.serve(concat(new String[] {"cgroups-lookup"},
                        endpoint("cgl", profiles, "--data", data)));
                ServeProcess apps = ServeProcess.serve(concat(new String[] {"apps-lookup"},
                        endpoint("apps", profiles, "--data", data)))) {
            Result answer = call(concat(new String[] {"increment"}, endpoint("inc", profiles, "--value", "41")));
            assertThat(answer.exitCode()).as(answer.err()).isZero();
            assertThat(answer.out()).isEqualTo("42\n");
            assertThat(json(call(concat(new String[] {"increment"}, endpoint("inc", profiles, "--value", "-1",
                    "--json")))).get("value").stringValue()).isEqualTo("0");

            assertThat(call(concat(new String[] {"string-reverse"}, endpoint("rev", profiles, "--text", "hello")))
                    .out()).isEqualTo("olleh\n");

            Result table = call(concat(new String[] {"cgroups-snapshot"}, endpoint("snap", profiles)));
            assertThat(table.outLines()).hasSize(4);
            assertThat(table.outLines().get(0)).startsWith("NAME").contains("PATH", "HASH", "ENABLED", "OPTIONS");
            assertThat(table.out()).contains("ssh  ", "/system.slice/ssh.service", "0x2",
                    "k8s_pod_5f2b8c1e-0b7a-4c51-9d8e-1a2b3c4d5e6f");
            assertThat(table.outLines().get(3)).isEqualTo("2 cgroups, generation 3, systemd enabled");
            JsonNode snapshotJson = json(call(concat(new String[] {"cgroups-snapshot"},
                    endpoint("snap", profiles, "--json"))));
            assertThat(snapshotJson.get("generation").stringValue()).isEqualTo("3");
            assertThat(snapshotJson.get("items").get(0).get("name").stringValue()).isEqualTo("ssh");

            Result lookup = call(concat(new String[] {"cgroups-lookup"}, endpoint("cgl", profiles, "--path",
                    "/kubepods/burstable/pod5f2b8c1e-0b7a-4c51-9d8e-1a2b3c4d5e6f", "--path", "/gone")));
            assertThat(lookup.out()).contains("known", "k8s", "team=blue", "unknown");
            assertThat(lookup.outLines().get(lookup.outLines().size() - 1))
                    .isEqualTo("2 paths, 1 known, generation 3");
            JsonNode lookupJson = json(call(concat(new String[] {"cgroups-lookup"}, endpoint("cgl", profiles,
                    "--path", "/system.slice/ssh.service", "--json"))));
            assertThat(lookupJson.get("items").get(0).get("name").stringValue()).isEqualTo("ssh");
            assertThat(lookupJson.get("items").get(0).get("orchestrator").intValue()).isEqualTo(1);

            Result pids = call(concat(new String[] {"apps-lookup"}, endpoint("apps", profiles, "--pid", "100",
                    "--pid", "1", "--pid", "7")));
            assertThat(pids.out()).contains("sshd", "/system.slice/ssh.service", "host-root", "unknown");
            assertThat(pids.outLines().get(pids.outLines().size() - 1)).isEqualTo("3 pids, 2 known, generation 3");
            JsonNode appsJson = json(call(concat(new String[] {"apps-lookup"}, endpoint("apps", profiles, "--pid",
                    "100", "--json"))));
            assertThat(appsJson.get("items").get(0).get("starttime").stringValue()).isEqualTo("42");
            assertThat(appsJson.get("items").get(0).get("cgroup_name").stringValue()).isEqualTo("ssh");

            Result status = CliRunner.runWithEnvironment(Map.of(), "status", "--run-dir", runDir.toString());
            assertThat(status.out()).contains("5 services in");
            assertThat(status.outLines()).filteredOn(line -> line.startsWith("snap "))
                    .singleElement().asString().contains("answers", profiles.contains("shm") ? "shm" : "uds");

            for (ServeProcess serve : List.of(increment, reverse, snapshot, cgroups, apps)) {
                assertThat(ServeProcess.isCleanStop(serve.terminate())).isTrue();
            }
        }
        assertNoFilesLeft();
    }

    private static JsonNode json(Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines()).hasSize(1);
        return JSON.readTree(result.out());
    }

    /**
     * Under the C locale the JVM decodes file names as ASCII: cgroup paths read
     * as text would turn "café" into "caf??" and no longer equal the path in
     * {@code /proc/PID/cgroup}. Read as bytes, they do.
     */
    @Test
    void hostCgroupsWithNonAsciiNamesMatchTheirProcessesUnderTheCLocale() throws Exception {
        Path cgroupRoot = hostCgroupRoot("caf\\xc3\\xa9.slice", "x\\xff");
        Path proc = dataDir.resolve("proc");
        hostProcess(proc, 100, "/caf\u00e9.slice".getBytes(StandardCharsets.UTF_8));
        hostProcess(proc, 101, new byte[] {'/', 'x', (byte) 0xff});
        try (ServeProcess apps = ServeProcess.serve(C_LOCALE,
                concat(new String[] {"apps-lookup"}, endpoint("apps", "uds", "--cgroup-root", cgroupRoot.toString(),
                        "--proc-root", proc.toString())))) {
            JsonNode answer = json(call(concat(new String[] {"apps-lookup"}, endpoint("apps", "uds", "--pid", "100",
                    "--pid", "101", "--json"))));

            JsonNode items = answer.get("items");
            assertThat(items.get(0).get("cgroup_status").intValue()).isEqualTo(AppsCgroupStatus.KNOWN);
            assertThat(items.get(0).get("cgroup_name").stringValue()).isEqualTo("caf\u00e9.slice");
            assertThat(items.get(1).get("cgroup_status").intValue()).isEqualTo(AppsCgroupStatus.KNOWN);
            assertThat(ServeProcess.isCleanStop(apps.terminate())).isTrue();
        }
        assertNoFilesLeft();
    }

    /**
     * Two cgroups whose names differ only in a byte that is not UTF-8 read alike
     * as text ({@code /x\uFFFD}): {@code --path-hex} asks for each by its exact
     * bytes, and the table ({@code \xNN} escapes) and the JSON ({@code *_hex}
     * fields beside the text) tell them apart, for lookups and snapshots.
     */
    @Test
    void nonUtf8CgroupPathsAreAskedForByTheirBytesAndShownApart() throws Exception {
        String cgroupRoot = hostCgroupRoot("x\\xff", "x\\xfe").toString();
        try (ServeProcess lookup = ServeProcess.serve(C_LOCALE, concat(new String[] {"cgroups-lookup"},
                endpoint("cgl", "uds", "--cgroup-root", cgroupRoot)));
                ServeProcess snapshot = ServeProcess.serve(C_LOCALE, concat(new String[] {"cgroups-snapshot"},
                        endpoint("snap", "uds", "--cgroup-root", cgroupRoot)))) {
            String[] paths = {"--path-hex", "2f78ff", "--path", "/x", "--path-hex", "2F78FE"};
            Result table = call(concat(new String[] {"cgroups-lookup"}, endpoint("cgl", "uds", paths)));
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.outLines()).containsExactly(
                    "PATH    STATUS   NAME   ORCHESTRATOR  LABELS",
                    "/x\\xff  known    x\\xff  unknown       -",
                    "/x      unknown  -      unknown       -",
                    "/x\\xfe  known    x\\xfe  unknown       -",
                    "3 paths, 2 known, generation 1");
            JsonNode items = json(call(concat(new String[] {"cgroups-lookup"}, endpoint("cgl", "uds",
                    concat(paths, "--json"))))).get("items");
            assertThat(items.get(0).get("path").stringValue()).isEqualTo("/x\uFFFD");
            assertThat(items.get(0).get("path_hex").stringValue()).isEqualTo("2f78ff");
            assertThat(items.get(0).get("name_hex").stringValue()).isEqualTo("78ff");
            assertThat(items.get(1).has("path_hex")).as("a UTF-8 path needs no hex").isFalse();
            assertThat(items.get(2).get("path_hex").stringValue()).isEqualTo("2f78fe");
            assertThat(items.get(2).get("status").intValue()).isEqualTo(CgroupLookupStatus.KNOWN);

            Result snapshotTable = call(concat(new String[] {"cgroups-snapshot"}, endpoint("snap", "uds")));
            assertThat(snapshotTable.outLines()).contains("x\\xfe  /x\\xfe  " + hash("78fe") + "  1        0x4",
                    "x\\xff  /x\\xff  " + hash("78ff") + "  1        0x4");
            JsonNode snapshotItems = json(call(concat(new String[] {"cgroups-snapshot"}, endpoint("snap", "uds",
                    "--json")))).get("items");
            assertThat(snapshotItems.valueStream().map(item -> item.get("path_hex").stringValue()))
                    .containsExactlyInAnyOrder("2f78ff", "2f78fe");

            assertThat(ServeProcess.isCleanStop(lookup.terminate())).isTrue();
            assertThat(ServeProcess.isCleanStop(snapshot.terminate())).isTrue();
        }
        assertNoFilesLeft();
    }

    /** {@code simple_hash} of the bytes {@code hex}, as the snapshot table prints it. */
    private static String hash(String hex) {
        return Long.toString(SimpleHash.of(ByteString.fromHex(hex)));
    }

    /**
     * A fixture cgroup v2 root holding a directory per name, each spelled as in
     * bash's {@code $'...'} and made by bash, so that it holds those bytes
     * whatever this JVM's locale.
     */
    private Path hostCgroupRoot(String... names) throws Exception {
        Path cgroupRoot = Files.createDirectories(dataDir.resolve("cgroup"));
        Files.writeString(cgroupRoot.resolve("cgroup.controllers"), "");
        StringBuilder script = new StringBuilder("cd \"$1\"");
        for (String name : names) {
            script.append(" && mkdir $'").append(name).append('\'');
        }
        Process mkdir = new ProcessBuilder("bash", "-c", script.toString(), "bash", cgroupRoot.toString())
                .inheritIO().start();
        assertThat(mkdir.waitFor()).isZero();
        return cgroupRoot;
    }

    /** A process of a fixture {@code /proc} in the v2 cgroup {@code cgroup} (bytes). */
    private static void hostProcess(Path proc, long pid, byte[] cgroup) throws Exception {
        Path directory = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(directory.resolve("stat"), pid + " (app) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0");
        Files.writeString(directory.resolve("status"), "Uid:\t1000\t1000\t1000\t1000\n");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.write("0::".getBytes(StandardCharsets.US_ASCII));
        line.write(cgroup);
        line.write('\n');
        Files.write(directory.resolve("cgroup"), line.toByteArray());
    }

    @Test
    void failuresHaveTheirExitCodes() throws Exception {
        assertThat(call(concat(new String[] {"increment"}, endpoint("absent", "uds", "--value", "1"))).exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        try (ServeProcess guarded = ServeProcess.serve(concat(new String[] {"increment"},
                endpoint("guarded", "uds", "--auth-token", "0x10")));
                ServeProcess shmOnly = ServeProcess.serve(concat(new String[] {"increment"},
                        endpoint("shm-only", "shm")))) {
            Result refused = call(concat(new String[] {"increment"}, endpoint("guarded", "uds", "--value", "1",
                    "--auth-token", "0xABCDEF")));
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_FAILED);
            assertThat(refused.err()).contains("refused the auth token").doesNotContainIgnoringCase("abcdef");
            assertThat(call(concat(new String[] {"increment"}, endpoint("guarded", "uds", "--value", "1",
                    "--auth-token", "16"))).out()).isEqualTo("2\n");
            Result fromEnvironment = CliRunner.runWithEnvironment(Map.of("NETIPC_AUTH_TOKEN", "16"),
                    concat(new String[] {"call", "increment"}, endpoint("guarded", "uds", "--value", "2")));
            assertThat(fromEnvironment.out()).isEqualTo("3\n");
            Path tokenFile = dataDir.resolve("token");
            Files.writeString(tokenFile, "0x10\n");
            assertThat(call(concat(new String[] {"increment"}, endpoint("guarded", "uds", "--value", "3",
                    "--auth-token-file", tokenFile.toString()))).out()).isEqualTo("4\n");

            assertThat(call(concat(new String[] {"increment"}, endpoint("shm-only", "uds", "--value", "1")))
                    .exitCode()).isEqualTo(ExitCodes.INCOMPATIBLE);

            Result badToken = call(concat(new String[] {"increment"}, endpoint("guarded", "uds", "--value", "1",
                    "--auth-token", "secret!")));
            assertThat(badToken.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(badToken.err()).doesNotContain("secret!");

            assertThat(ServeProcess.isCleanStop(guarded.terminate())).isTrue();
            assertThat(ServeProcess.isCleanStop(shmOnly.terminate())).isTrue();
        }
        assertNoFilesLeft();
    }

    @Test
    void statusProbesWithTheTokenOfATokenFile() throws Exception {
        Path rightToken = dataDir.resolve("right-token");
        Files.writeString(rightToken, "0x10\n");
        Path wrongToken = dataDir.resolve("wrong-token");
        Files.writeString(wrongToken, "17\n");
        try (ServeProcess guarded = ServeProcess.serve(concat(new String[] {"increment"},
                endpoint("guarded", "uds", "--auth-token", "16")))) {
            assertThat(statusLine("guarded", "--auth-token-file", rightToken.toString())).contains("answers")
                    .doesNotContain("refused");
            assertThat(statusLine("guarded", "--auth-token-file", wrongToken.toString()))
                    .contains("answers, token refused");
            Result unreadable = CliRunner.runWithEnvironment(Map.of(), "status", "--run-dir", runDir.toString(),
                    "--auth-token-file", dataDir.resolve("absent").toString());
            assertThat(unreadable.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(unreadable.err()).contains("cannot read the auth token file");
            assertThat(ServeProcess.isCleanStop(guarded.terminate())).isTrue();
        }
        assertNoFilesLeft();
    }

    /** The line {@code status} prints for {@code service}, run with {@code options}. */
    private String statusLine(String service, String... options) {
        Result status = CliRunner.runWithEnvironment(Map.of(), concat(new String[] {"status", "--run-dir",
            runDir.toString()}, options));
        assertThat(status.exitCode()).as(status.err()).isZero();
        return status.outLines().stream().filter(line -> line.startsWith(service + " ")).findFirst().orElseThrow();
    }

    /** A {@code serve} process that stops answering (SIGSTOP): the call times out. */
    @Test
    void aServiceThatDoesNotAnswerInTimeIsATimeout() throws Exception {
        try (ServeProcess serve = ServeProcess.serve(concat(new String[] {"increment"}, endpoint("slow", "uds")))) {
            assertThat(call(concat(new String[] {"increment"}, endpoint("slow", "uds", "--value", "1"))).out())
                    .isEqualTo("2\n");
            serve.signal("STOP");
            try {
                Result slow = call(concat(new String[] {"increment"}, endpoint("slow", "uds", "--value", "1",
                        "--timeout", "300")));
                assertThat(slow.exitCode()).as(slow.err()).isEqualTo(ExitCodes.TIMEOUT);
                assertThat(slow.err()).contains("did not answer in time");
            } finally {
                serve.signal("CONT");
            }
            assertThat(ServeProcess.isCleanStop(serve.terminate())).isTrue();
        }
        assertNoFilesLeft();
    }

    /**
     * SIGTERM while a client holds a session over shared memory: {@code serve}
     * itself removes the socket and the session's region file. Checked before
     * anything else starts in the run directory, since the next provider of a
     * name would recover stale files on its own.
     */
    @Test
    void sigtermWhileAClientHoldsAnShmSessionLeavesNoFiles() throws Exception {
        long profiles = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
        ClientConfig config = ClientConfig.builder(runDir, "held").supportedProfiles(profiles)
                .preferredProfiles(profiles).build();
        try (ServeProcess serve = ServeProcess.serve(concat(new String[] {"increment"}, endpoint("held", "uds,shm")));
                IncrementClient client = IncrementClient.create(config)) {
            client.refresh();
            assertThat(client.call(1)).isEqualTo(2);
            assertThat(client.status().sharedMemory()).as("the session runs over SHM").isTrue();
            try (Stream<Path> files = Files.list(runDir)) {
                assertThat(files.map(file -> file.getFileName().toString()))
                        .as("the session's region, while the client holds it").anyMatch(name -> name.endsWith(".ipcshm"));
            }

            assertThat(ServeProcess.isCleanStop(serve.terminate())).isTrue();

            assertNoFilesLeft();
        }
    }

    /**
     * SIGTERM while {@code serve} starts: it is reading its data file (a FIFO
     * that the test holds open), before it binds. Its shutdown hook is already
     * registered: it waits for the start, closes the server it made, and no
     * READY is printed. (The window the hook closes, between binding and a
     * hook registered afterwards, is too short to hit from here; this shows
     * the hook is there before the start and copes with a server not started.)
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sigtermWhileServeStartsLeavesNoFiles() throws Exception {
        Path fifo = dataDir.resolve("data.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        try (ServeProcess serve = ServeProcess.start(concat(new String[] {"serve", "cgroups-snapshot"},
                endpoint("starting", "uds", "--data", fifo.toString())))) {
            // Opening a FIFO returns once the other side opened it too: serve is reading its data.
            try (OutputStream data = Files.newOutputStream(fifo)) {
                serve.signal("TERM");
                Thread.sleep(SIGNAL_SETTLE_MILLIS);
                assertThat(serve.isAlive()).as("its shutdown hook, registered first, waits for the start").isTrue();
                data.write(DATA.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // serve ended on the signal without reading: nothing was bound either.
            }
            assertThat(ServeProcess.isCleanStop(serve.awaitExit())).as(serve.errors()).isTrue();
            assertThat(serve.remainingLines()).as("stopped before it was ready").doesNotContain(ServeProcess.READY);
        }
        assertNoFilesLeft();
    }

    @ParameterizedTest(name = "profiles {0}")
    @ValueSource(strings = {"uds", "uds,shm"})
    void watchSurvivesAProviderRestart(String profiles) throws Exception {
        String data = dataFile().toString();
        String[] serveArgs = concat(new String[] {"cgroups-snapshot"}, endpoint("watched", profiles, "--data",
                data));
        ServeProcess provider = ServeProcess.serve(serveArgs);
        try (ServeProcess watch = ServeProcess.start(concat(new String[] {"watch", "cgroups-snapshot"},
                endpoint("watched", profiles, "--interval", "100")))) {
            watch.awaitLine(line -> line.contains("state=READY") && line.contains("items=2")
                    && line.contains("generation=3"));
            assertThat(ServeProcess.isCleanStop(provider.terminate())).isTrue();
            String failed = watch.awaitLine(line -> !line.contains("failed=0"));
            assertThat(failed).as("the last snapshot is kept").contains("items=2");
            provider = ServeProcess.serve(serveArgs);
            watch.awaitLine(line -> line.contains("state=READY") && !line.contains("failed=0"));
            watch.terminate();
        } finally {
            provider.terminate();
            provider.close();
        }
        assertNoFilesLeft();
    }

    @Test
    void watchStopsAfterCountRefreshes() throws Exception {
        Result watch = CliRunner.runWithEnvironment(Map.of(), concat(new String[] {"watch", "cgroups-snapshot"},
                endpoint("nobody", "uds", "--interval", "10", "--count", "2")));
        assertThat(watch.exitCode()).isZero();
        assertThat(watch.outLines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("state=NOT_FOUND",
                "items=0", "age=-", "ok=0"));
        assertThat(watch.outLines().get(1)).contains("failed=2");
    }
}
