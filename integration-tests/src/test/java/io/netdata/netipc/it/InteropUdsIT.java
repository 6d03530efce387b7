package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.Launchers.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged UDS interop fixture ({@code integration-tests/bin/interop_uds})
 * and the interop matrix script that pairs it with itself and, when told where
 * they are, with the reference fixtures ({@code docs/interop.md}).
 */
class InteropUdsIT {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");
    private static final String RUN_DIR_PREFIX = "netipc-matrix.";
    /** Variables that would add reference fixtures or change the matrix: these tests run Java only. */
    private static final List<String> MATRIX_SETTINGS = List.of("NETIPC_PEER_C", "NETIPC_PEER_RUST", "NETIPC_PEER_GO",
            "NETIPC_JAVA_FIXTURE", "NETIPC_JAVA_SHM_FIXTURE", "NETIPC_PIPELINE_COUNT", "NETIPC_LOOKUP_SCALE_ITEMS",
            "NETIPC_MATRIX_SERVICE");
    /** The Level 2 and Level 3 tests of one directed pair: five service modes and the cache, over two profiles. */
    private static final int SERVICE_TESTS_PER_PAIR = 2 * (5 + 1);
    /** The tests of one directed pair: UDS echo, UDS pipeline and SHM echo. */
    private static final int TESTS_PER_PAIR = 3;
    /** Directed pairs of two fixtures, times the tests of a pair. */
    private static final int TWO_FIXTURE_TESTS = 4 * TESTS_PER_PAIR;
    private static final String FAILING_PEER = "#!/bin/sh\necho \"peer refuses: $1\" >&2\nexit 3\n";
    /** An SHM fixture whose server "succeeds" but leaves its region file, and whose client always passes. */
    private static final String LEAKY_SHM_FIXTURE = String.join("\n", "#!/bin/sh",
            "if [ \"$1\" = server ]; then : > \"$2/$3-0000000000000001.ipcshm\"; echo READY; else echo PASS; fi", "");

    @TempDir
    Path work;

    @Test
    void matrixPassesJavaToJava() throws Exception {
        Result result = runMatrix(environment -> {
        });

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).as(result.out()).isZero();
        List<String> lines = result.outLines();
        assertThat(lines).hasSize(TESTS_PER_PAIR + SERVICE_TESTS_PER_PAIR + 1);
        assertThat(lines.subList(0, TESTS_PER_PAIR)).allMatch(line -> line.endsWith("java server <- java client"))
                .satisfiesExactly(line -> assertThat(line).startsWith("PASS  uds echo "),
                        line -> assertThat(line).startsWith("PASS  uds pipeline "),
                        line -> assertThat(line).startsWith("PASS  shm echo "));
        assertThat(lines.subList(TESTS_PER_PAIR, TESTS_PER_PAIR + SERVICE_TESTS_PER_PAIR))
                .allMatch(line -> line.startsWith("PASS  ") && line.endsWith("java server <- java client"))
                .anyMatch(line -> line.startsWith("PASS  service cgroups-mixed shm "))
                .anyMatch(line -> line.startsWith("PASS  cache snapshot baseline "));
        Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
        assertThat(summary.matches()).as(lines.get(lines.size() - 1)).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).isEqualTo(TESTS_PER_PAIR + SERVICE_TESTS_PER_PAIR);
        assertThat(summary.group(2)).isEqualTo("0");
        assertNoRunDirectoryLeft();
    }

    @Test
    void matrixReportsEveryFailedPairAndExits1() throws Exception {
        Path peer = Files.createDirectory(work.resolve("failing-peer"));
        for (String name : List.of("interop_uds_c", "interop_shm_c")) {
            Path program = peer.resolve(name);
            Files.writeString(program, FAILING_PEER, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        }

        Result result = runMatrix(environment -> {
            environment.put("NETIPC_PEER_C", peer.toString());
            environment.put("NETIPC_MATRIX_SERVICE", "0");
        });

        assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
        List<String> lines = result.outLines();
        assertThat(lines).hasSize(TWO_FIXTURE_TESTS + 1);
        assertThat(lines).filteredOn(line -> line.startsWith("PASS  ")).hasSize(TESTS_PER_PAIR)
                .allMatch(line -> line.endsWith("java server <- java client"));
        assertThat(lines).filteredOn(line -> line.startsWith("FAIL  ")).hasSize(TWO_FIXTURE_TESTS - TESTS_PER_PAIR)
                .allMatch(line -> line.contains("peer refuses"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("3 passed, 9 failed, 0 skipped");
        assertNoRunDirectoryLeft();
    }

    @Test
    void matrixRefusesAMissingPeer() throws Exception {
        Result result = runMatrix(environment -> environment.put("NETIPC_PEER_RUST",
                work.resolve("absent").toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("interop_uds_rs is missing");
    }

    @Test
    void matrixRefusesAPeerWithoutItsShmFixture() throws Exception {
        Path peer = Files.createDirectory(work.resolve("uds-only-peer"));
        Path program = peer.resolve("interop_uds_c");
        Files.writeString(program, FAILING_PEER, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));

        Result result = runMatrix(environment -> environment.put("NETIPC_PEER_C", peer.toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("interop_shm_c is missing");
    }

    @Test
    void matrixFailsAnShmServerThatLeavesItsRegionBehind() throws Exception {
        Path fake = work.resolve("leaky_shm");
        Files.writeString(fake, LEAKY_SHM_FIXTURE, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        Result result = runMatrix(environment -> {
            environment.put("NETIPC_JAVA_SHM_FIXTURE", fake.toString());
            environment.put("NETIPC_MATRIX_SERVICE", "0");
        });

        assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
        assertThat(result.outLines()).filteredOn(line -> line.startsWith("FAIL  ")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("FAIL  shm echo ")
                        .contains("region file left behind: shm-java-java-0000000000000001.ipcshm"));
        assertThat(result.outLines().get(TESTS_PER_PAIR)).isEqualTo("2 passed, 1 failed, 0 skipped");
        assertNoRunDirectoryLeft();
    }

    @Test
    void relativeRunDirectoryExits1() throws Exception {
        Result result = fixture("server", "relative/run", "svc");

        assertFailed(result, "absolute path");
    }

    @Test
    void sharedRunDirectoryExits1() throws Exception {
        Path shared = Files.createDirectory(work.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        Result result = fixture("server", shared.toString(), "svc");

        assertFailed(result, "writable by group or others");
        assertThat(shared).isEmptyDirectory();
    }

    @Test
    void symbolicLinkRunDirectoryExits1() throws Exception {
        Path link = Files.createSymbolicLink(work.resolve("link"), runDirectory());

        Result result = fixture("client", link.toString(), "svc");

        assertFailed(result, "symbolic link");
    }

    @Test
    void unknownModeExits1() throws Exception {
        Result result = fixture("serve", runDirectory().toString(), "svc");

        assertFailed(result, "Unknown mode: serve");
    }

    @Test
    void tooFewArgumentsPrintUsageAndExit1() throws Exception {
        Result result = fixture("server", runDirectory().toString());

        assertFailed(result, "Usage:");
    }

    @Test
    void pipelineModesWithoutCountExit1() throws Exception {
        String dir = runDirectory().toString();

        assertFailed(fixture("pipeline-server", dir, "svc"), "pipeline-server requires <count>");
        assertFailed(fixture("pipeline-client", dir, "svc"), "pipeline-client requires <count>");
        assertFailed(fixture("pipeline", dir, "svc"), "pipeline mode requires <count> argument");
    }

    @Test
    void barePipelineModeNamesTheModesToUse() throws Exception {
        String dir = runDirectory().toString();

        assertFailed(fixture("pipeline", dir, "svc", "0"), "count must be > 0");
        assertFailed(fixture("pipeline", dir, "svc", "5"), "Use pipeline-server or pipeline-client");
    }

    @Test
    void clientWithoutServerExits1WithoutVerdict() throws Exception {
        Result result = fixture("client", runDirectory().toString(), "nobody-listens");

        assertFailed(result, "client: connect failed: NOT_FOUND");
    }

    /** Failed with exit 1, nothing (no READY, PASS or FAIL) on standard output, and {@code message} on error. */
    private static void assertFailed(Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(message);
    }

    private Result fixture(String... args) throws IOException, InterruptedException {
        return Launchers.run(work, Launchers.interopUds(), null, args);
    }

    /** Runs the matrix with its run directory under this test's own temp dir, Java only unless {@code settings} add more. */
    private Result runMatrix(Consumer<Map<String, String>> settings) throws IOException, InterruptedException {
        return Launchers.run(work, Launchers.runMatrix(), null, environment -> {
            MATRIX_SETTINGS.forEach(environment::remove);
            environment.put("TMPDIR", work.toString());
            settings.accept(environment);
        });
    }

    private Path runDirectory() throws IOException {
        return InteropFiles.privateDirectory(work.resolve("run"));
    }

    /** The matrix removes its run directory, sockets and logs included, however it ends. */
    private void assertNoRunDirectoryLeft() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(RUN_DIR_PREFIX));
        }
    }
}
