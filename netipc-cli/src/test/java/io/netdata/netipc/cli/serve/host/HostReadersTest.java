package io.netdata.netipc.cli.serve.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.cli.serve.CgroupSet;
import io.netdata.netipc.cli.serve.ProcessRecord;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host readers against fixture trees (cgroup v1 and v2 layouts, odd names,
 * unreadable and vanishing entries) and once against this machine.
 */
class HostReadersTest {
    private static final String STAT_TAIL = " S 1 100 100 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 4242 1000 10";

    @TempDir
    Path fixture;

    private Path cgroupRoot() throws IOException {
        return Files.createDirectories(fixture.resolve("cgroup"));
    }

    private Path proc() throws IOException {
        return Files.createDirectories(fixture.resolve("proc"));
    }

    private static List<String> paths(HostCgroups.Scan scan) {
        return scan.records().stream().map(r -> r.path().asString()).toList();
    }

    @Test
    void aV2HierarchyIsScannedWhole() throws IOException {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "cpu memory");
        Files.createDirectories(root.resolve("system.slice/ssh.service"));
        Files.createDirectories(root.resolve("user.slice/user-1000.slice"));
        Files.writeString(root.resolve("system.slice/cgroup.procs"), "1\n");

        HostCgroups.Scan scan = new HostCgroups(root).scan();

        assertThat(paths(scan)).containsExactly("/system.slice", "/system.slice/ssh.service", "/user.slice",
                "/user.slice/user-1000.slice");
        assertThat(scan.systemd()).isTrue();
        CgroupRecord ssh = scan.records().get(1);
        assertThat(ssh.name().asString()).isEqualTo("ssh");
        assertThat(ssh.options()).isEqualTo(CgroupRecord.OPTION_SYSTEM_SLICE_SERVICE | CgroupRecord.OPTION_IS_UNIFIED);
        assertThat(ssh.orchestrator()).isEqualTo(Orchestrator.SYSTEMD);
    }

    @Test
    void aV1HostUsesTheFirstPreferredHierarchyThatHasCgroups() throws IOException {
        Path root = cgroupRoot();
        Files.createDirectories(root.resolve("cpuacct"));
        Files.createDirectories(root.resolve("memory/docker/" + "a".repeat(64)));
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/" + HostCgroups.V2_MARKER), "");

        HostCgroups cgroups = new HostCgroups(root);
        HostCgroups.Scan scan = cgroups.scan();

        assertThat(cgroups.hierarchy().directory()).isEqualTo(root.resolve("memory"));
        assertThat(cgroups.hierarchy().controllers()).isEqualTo("memory");
        assertThat(paths(scan)).containsExactly("/docker", "/docker/" + "a".repeat(64));
        assertThat(scan.records().get(1).name().asString()).isEqualTo("docker_aaaaaaaaaaaa");
        assertThat(scan.records().get(1).options()).as("not unified").isZero();
    }

    @Test
    void anEmptyOrMissingHierarchyIsAnEmptySet() throws IOException {
        assertThat(new HostCgroups(fixture.resolve("absent")).scan().records()).isEmpty();
        Path root = cgroupRoot();
        Files.createDirectories(root.resolve("systemd"));
        HostCgroups cgroups = new HostCgroups(root);
        assertThat(cgroups.hierarchy().controllers()).isEqualTo("name=systemd");
        assertThat(cgroups.scan().records()).isEmpty();
    }

    @Test
    void namesWithSpacesAndNonUtf8BytesAreServedAndSymlinksNotFollowed() throws Exception {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        Files.createDirectories(root.resolve("my service.slice"));
        // Java cannot name a non-UTF-8 file itself: let the shell make one (bytes 0xff 0xfe).
        Process mkdir = new ProcessBuilder("bash", "-c", "mkdir \"$1\"/$'bad\\xff\\xfename'", "bash",
                root.toString()).inheritIO().start();
        assertThat(mkdir.waitFor()).isZero();
        Files.createSymbolicLink(root.resolve("loop"), root);

        HostCgroups.Scan scan = new HostCgroups(root).scan();

        assertThat(scan.records()).hasSize(2);
        assertThat(paths(scan)).contains("/my service.slice");
        assertThat(paths(scan)).anySatisfy(path -> assertThat(path).startsWith("/bad"));
        for (CgroupRecord record : scan.records()) {
            assertThat(record.name().length()).isPositive();
        }
    }

    @Test
    void unreadableDirectoriesAreSkippedAndCounted() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads everything");
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        Path closed = Files.createDirectories(root.resolve("closed"));
        Files.createDirectories(closed.resolve("inner"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        try {
            HostCgroups.Scan scan = new HostCgroups(root).scan();
            assertThat(paths(scan)).containsExactly("/closed");
            assertThat(scan.skipped()).isEqualTo(1);
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private Path process(Path proc, long pid, String stat, String status, String cgroup) throws IOException {
        Path directory = Files.createDirectories(proc.resolve(Long.toString(pid)));
        if (stat != null) {
            Files.writeString(directory.resolve("stat"), stat);
        }
        if (status != null) {
            Files.writeString(directory.resolve("status"), status);
        }
        if (cgroup != null) {
            Files.write(directory.resolve("cgroup"), cgroup.getBytes(StandardCharsets.UTF_8));
        }
        return directory;
    }

    @Test
    void processesAreReadFromStatStatusAndCgroup() throws IOException {
        Path proc = proc();
        process(proc, 42, "42 (my (odd) comm)" + STAT_TAIL, "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n",
                "12:memory:/docker/abc\n0::/user.slice/app.scope\n");

        ProcessRecord v2 = new HostProcesses(proc, "").read(42);
        ProcessRecord v1 = new HostProcesses(proc, "memory").read(42);

        assertThat(v2.comm().asString()).isEqualTo("my (odd) comm");
        assertThat(v2.ppid()).isEqualTo(1);
        assertThat(v2.uid()).isEqualTo(1000);
        assertThat(v2.starttime()).isEqualTo(4242);
        assertThat(v2.cgroupPath().asString()).isEqualTo("/user.slice/app.scope");
        assertThat(v1.cgroupPath().asString()).isEqualTo("/docker/abc");
    }

    @Test
    void missingOrMalformedProcessesAreAbsentAndCounted() throws IOException {
        Path proc = proc();
        String status = "Uid:\t0\t0\t0\t0\n";
        process(proc, 1, "1 (no fields)", status, "0::/\n");
        process(proc, 2, "2 ()" + STAT_TAIL, status, "0::/\n");
        process(proc, 3, "3 (sixteen-bytes-xx)" + STAT_TAIL, status, "0::/\n");
        process(proc, 4, "4 (ok)" + STAT_TAIL, null, "0::/\n");
        process(proc, 5, "5 (ok)" + STAT_TAIL.replace(" 4242 ", " nan "), status, "0::/\n");
        process(proc, 6, "6 no parens" + STAT_TAIL, status, "0::/\n");
        process(proc, 7, "7 (ok)" + STAT_TAIL, status, null);
        process(proc, 9, "9 (ok)" + STAT_TAIL, "Uid:\t4294967296\t0\t0\t0\n", "0::/\n");
        // Unreadable even for root: a directory where a file should be.
        Files.createDirectories(process(proc, 8, null, status, "0::/\n").resolve("stat"));
        HostProcesses processes = new HostProcesses(proc, "");

        for (long pid : new long[] {1, 2, 3, 4, 5, 6, 8, 9}) {
            assertThat(processes.read(pid)).as("pid " + pid).isNull();
        }
        assertThat(processes.read(99)).as("no such process: not skipped").isNull();
        assertThat(processes.read(0)).isNull();
        assertThat(processes.read(1L << 32)).isNull();
        assertThat(processes.skipped()).isEqualTo(8);
        ProcessRecord noCgroup = processes.read(7);
        assertThat(noCgroup.cgroupPath()).as("an unreadable cgroup is an empty path").isEqualTo(ByteString.EMPTY);
    }

    @Test
    void theHostSourceBumpsTheGenerationOnlyWhenTheSetChangesAndRescansAtMostOncePerInterval()
            throws IOException {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        Files.createDirectories(root.resolve("a"));
        AtomicLong now = new AtomicLong();
        HostDataSource host = new HostDataSource(root, proc(), now::get);

        CgroupSet first = host.cgroups();
        Files.createDirectories(root.resolve("b"));
        assertThat(host.cgroups()).as("within the interval: the same scan").isSameAs(first);
        now.addAndGet(HostDataSource.RESCAN_INTERVAL.toNanos());
        CgroupSet second = host.cgroups();
        now.addAndGet(HostDataSource.RESCAN_INTERVAL.toNanos());
        CgroupSet third = host.cgroups();

        assertThat(first.generation()).isEqualTo(1);
        assertThat(second.items()).hasSize(2);
        assertThat(second.generation()).isEqualTo(2);
        assertThat(third.generation()).as("unchanged set, same generation").isEqualTo(2);
        assertThat(third.byPath(ByteString.utf8("/b")).name().asString()).isEqualTo("b");
        assertThat(host.process(12345)).isNull();
        assertThat(host.skipped()).as("an absent process is not a skipped entry").isZero();
    }

    @Test
    void thisMachinesCgroupsAndProcessesAreRead() {
        HostDataSource host = new HostDataSource(Path.of("/sys/fs/cgroup"), Path.of("/proc"));

        CgroupSet set = host.cgroups();
        ProcessRecord self = host.process(ProcessHandle.current().pid());

        assertThat(set.generation()).isEqualTo(1);
        for (CgroupRecord record : set.items()) {
            assertThat(record.path().asString()).startsWith("/");
            assertThat(record.name().length()).isPositive();
        }
        assertThat(self).isNotNull();
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.ppid()).isEqualTo(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
        assertThat(self.comm().length()).isBetween(1, HostProcesses.MAX_COMM_BYTES);
        assertThat(self.starttime()).isPositive();
    }
}
