package io.netdata.netipc.cli.serve.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.cli.serve.CgroupSet;
import io.netdata.netipc.cli.serve.ProcessRecord;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The host readers against fixture trees (cgroup v1 and v2 layouts, odd names,
 * unreadable and vanishing entries, long command names) and once against this
 * machine.
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

    /** Makes {@code directory/name} with the shell: Java cannot name a file with bytes that are not UTF-8. */
    private static void mkdirBytes(Path directory, String shellQuotedName) throws Exception {
        Process mkdir = new ProcessBuilder("bash", "-c", "mkdir \"$1\"/" + shellQuotedName, "bash",
                directory.toString()).inheritIO().start();
        assertThat(mkdir.waitFor()).isZero();
    }

    private static ByteString bytes(String prefix, int... more) {
        byte[] text = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(text, text.length + more.length);
        for (int i = 0; i < more.length; i++) {
            all[text.length + i] = (byte) more[i];
        }
        return ByteString.of(all);
    }

    @Test
    void namesWithSpacesAndNonUtf8BytesKeepTheirBytesAndSymlinksAreNotFollowed() throws Exception {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        Files.createDirectories(root.resolve("my service.slice"));
        mkdirBytes(root, "$'x\\xff'");
        mkdirBytes(root, "$'x\\xfe'");
        mkdirBytes(root, "$'x\\xff'/$'in\\xfener'");
        Files.createSymbolicLink(root.resolve("loop"), root);

        HostCgroups.Scan scan = new HostCgroups(root).scan();

        assertThat(scan.records()).extracting(CgroupRecord::path).containsExactly(
                ByteString.utf8("/my service.slice"), bytes("/x", 0xfe), bytes("/x", 0xff),
                bytes("/x", 0xff, '/', 'i', 'n', 0xfe, 'n', 'e', 'r'));
        CgroupRecord ff = scan.records().get(2);
        CgroupRecord fe = scan.records().get(1);
        assertThat(ff.name()).isEqualTo(bytes("x", 0xff));
        assertThat(fe.name()).isEqualTo(bytes("x", 0xfe));
        assertThat(ff.hash()).isNotEqualTo(fe.hash());
        assertThat(scan.skipped()).isZero();
    }

    @Test
    void unreadableDirectoriesAreSkippedAndCounted() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads everything (see the next test)");
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

    /** What happens to directory {@code a} after its parent's listing found it and before it is read itself. */
    enum Change {
        /** Removed, as a cgroup that ends during the scan is. */
        REMOVED,
        /** A file where the directory was. */
        REPLACED_BY_A_FILE,
        /** Unreadable (simulated, so that root sees it too). */
        UNREADABLE,
        /** Its listing fails midway (simulated). */
        FAILS_MIDWAY
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void aDirectoryThatChangesDuringTheScanIsSkippedAndCounted(Change change) throws Exception {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        Path a = Files.createDirectories(root.resolve("a"));
        Files.createDirectories(a.resolve("inner"));
        Files.createDirectories(root.resolve("b"));
        HostCgroups cgroups = new HostCgroups(root, directory -> {
            if (directory.equals(a)) {
                return change(change, a);
            }
            return Files.newDirectoryStream(directory);
        });

        HostCgroups.Scan scan = cgroups.scan();

        boolean exists = change == Change.UNREADABLE || change == Change.FAILS_MIDWAY;
        assertThat(paths(scan)).as("a cgroup that exists is served, its children are not known")
                .containsExactlyElementsOf(exists ? List.of("/a", "/b") : List.of("/b"));
        assertThat(scan.skipped()).isEqualTo(1);
    }

    /** Applies {@code change} to {@code a} and lists it as a scan would. */
    private static DirectoryStream<Path> change(Change change, Path a) throws IOException {
        switch (change) {
            case REMOVED -> deleteTree(a);
            case REPLACED_BY_A_FILE -> {
                deleteTree(a);
                Files.writeString(a, "not a directory");
            }
            case UNREADABLE -> throw new AccessDeniedException(a.toString());
            case FAILS_MIDWAY -> {
                return failingMidway(Files.newDirectoryStream(a));
            }
        }
        return Files.newDirectoryStream(a);
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** {@code listing}, whose iterator fails after the first entry as a failing readdir makes it. */
    private static DirectoryStream<Path> failingMidway(DirectoryStream<Path> listing) {
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> entries = listing.iterator();
                return new Iterator<>() {
                    private boolean first = true;

                    @Override
                    public boolean hasNext() {
                        if (!first) {
                            throw new DirectoryIteratorException(new IOException("readdir failed"));
                        }
                        return entries.hasNext();
                    }

                    @Override
                    public Path next() {
                        first = false;
                        return entries.next();
                    }
                };
            }

            @Override
            public void close() throws IOException {
                listing.close();
            }
        };
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
        process(proc, 4, "4 (ok)" + STAT_TAIL, null, "0::/\n");
        process(proc, 5, "5 (ok)" + STAT_TAIL.replace(" 4242 ", " nan "), status, "0::/\n");
        process(proc, 6, "6 no parens" + STAT_TAIL, status, "0::/\n");
        process(proc, 7, "7 (ok)" + STAT_TAIL, status, null);
        process(proc, 9, "9 (ok)" + STAT_TAIL, "Uid:\t4294967296\t0\t0\t0\n", "0::/\n");
        // Unreadable even for root: a directory where a file should be.
        Files.createDirectories(process(proc, 8, null, status, "0::/\n").resolve("stat"));
        HostProcesses processes = new HostProcesses(proc, "");

        for (long pid : new long[] {1, 2, 4, 5, 6, 7, 8, 9}) {
            assertThat(processes.read(pid)).as("pid " + pid).isNull();
        }
        assertThat(processes.read(99)).as("no such process: not skipped").isNull();
        assertThat(processes.read(0)).isNull();
        assertThat(processes.read(1L << 32)).isNull();
        assertThat(processes.skipped()).isEqualTo(8);
    }

    @Test
    void aProcessWhoseCgroupFileVanishedAfterItsStatWasReadIsUnknownAndCounted() throws IOException {
        Path proc = proc();
        Path directory = process(proc, 7, "7 (ok)" + STAT_TAIL, "Uid:\t0\t0\t0\t0\n", "0::/a\n");
        HostProcesses processes = new HostProcesses(proc, "");
        assertThat(processes.read(7)).isNotNull();

        Files.delete(directory.resolve("cgroup"));

        assertThat(processes.read(7)).as("gone, not KNOWN with an empty cgroup").isNull();
        assertThat(processes.skipped()).isEqualTo(1);
    }

    @Test
    void aCgroupFileWithoutTheHierarchysLineIsAnEmptyPath() throws IOException {
        Path proc = proc();
        process(proc, 10, "10 (ok)" + STAT_TAIL, "Uid:\t0\t0\t0\t0\n", "4:pids:/a\nnot a line\n");

        ProcessRecord process = new HostProcesses(proc, "").read(10);

        assertThat(process.cgroupPath()).isEqualTo(ByteString.EMPTY);
    }

    @Test
    void longCommandNamesAreCutToTheProtocolsLimit() throws IOException {
        Path proc = proc();
        process(proc, 3, "3 (kworker/0:0H-events_highpri)" + STAT_TAIL, "Uid:\t0\t0\t0\t0\n", "0::/\n");
        HostProcesses processes = new HostProcesses(proc, "");

        ProcessRecord worker = processes.read(3);

        assertThat(worker).as("a kernel worker is KNOWN").isNotNull();
        assertThat(worker.comm().asString()).isEqualTo("kworker/0:0H-ev");
        assertThat(worker.comm().length()).isEqualTo(AppsLookupItemView.COMM_MAX_LENGTH);
        assertThat(processes.skipped()).isZero();
    }

    @Test
    void aProcesssCgroupKeepsItsBytesAndFindsItsDirectory() throws Exception {
        Path root = cgroupRoot();
        Files.writeString(root.resolve(HostCgroups.V2_MARKER), "");
        mkdirBytes(root, "$'x\\xff'");
        mkdirBytes(root, "$'x\\xfe'");
        Path proc = proc();
        Path directory = process(proc, 11, "11 (ok)" + STAT_TAIL, "Uid:\t0\t0\t0\t0\n", null);
        Files.write(directory.resolve("cgroup"), bytes("0::/x", 0xff, '\n').toByteArray());
        HostDataSource host = new HostDataSource(root, proc);

        ProcessRecord process = host.process(11);
        CgroupRecord cgroup = host.cgroups().byPath(process.cgroupPath());

        assertThat(process.cgroupPath()).isEqualTo(bytes("/x", 0xff));
        assertThat(cgroup).isNotNull();
        assertThat(cgroup.name()).isEqualTo(bytes("x", 0xff));
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
        assertThat(self.comm().length()).isBetween(1, AppsLookupItemView.COMM_MAX_LENGTH);
        assertThat(self.starttime()).isPositive();
    }
}
