package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.SharedMapping;
import io.netdata.netipc.testsupport.NativeThreads;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region files on a real filesystem with real mappings and futexes: create,
 * attach, close, stale detection and the startup scan.
 */
class ShmRegionLifecycleTest {
    /** A reader thread the tests wait to see asleep in the futex (at most 15 characters). */
    /** Linux's longest file name. */
    private static final int NAME_MAX = 255;
    private static final String SLEEPING_READER = "shm-sleeping-rx";
    /** Runs a task on a fresh thread of that name, which ends with the task (no pool thread keeps the name). */
    private static final Executor OWN_THREAD = task -> new Thread(task, SLEEPING_READER).start();
    private static final String SERVICE = "shm-test";
    private static final long SESSION = 0x1AL;
    private static final long MAX_REQUEST = 1024;
    private static final long MAX_RESPONSE = 4096;
    private static final long HANG_GUARD_SECONDS = 30;
    /** A pid no process has: above the kernel's pid_max ceiling (2^22). */
    private static final int DEAD_PID = (1 << 22) + 1;
    private static final long SOME_GENERATION = 7;

    @TempDir
    Path runDir;

    private ServiceEndpoint endpoint;
    private ShmRegionLayout layout;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = new ServiceEndpoint(runDir, SERVICE);
        layout = ShmRegionLayout.forPayloadLimits(MAX_REQUEST, MAX_RESPONSE);
    }

    private static boolean isMapped(Path file) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.endsWith(file.toString()));
    }

    /** A region file at {@code path} written by hand with the given owner. */
    private void plantRegion(Path path, int pid, long generation) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(layout.regionSize()).order(ByteOrder.nativeOrder());
        bytes.putInt(ShmRegionLayout.OFF_MAGIC, (int) ShmRegionLayout.MAGIC);
        bytes.putShort(ShmRegionLayout.OFF_VERSION, (short) ShmRegionLayout.VERSION);
        bytes.putShort(ShmRegionLayout.OFF_HEADER_LEN, (short) ShmRegionLayout.HEADER_LEN);
        bytes.putInt(ShmRegionLayout.OFF_OWNER_PID, pid);
        bytes.putInt(ShmRegionLayout.OFF_OWNER_GENERATION, (int) generation);
        Files.write(path, bytes.array());
    }

    @Test
    void theRegionFileIsNamedAfterTheServiceAndTheSessionIdInSixteenHexDigits() {
        assertThat(ShmRegionFiles.path(endpoint, SESSION).getFileName().toString())
                .isEqualTo("shm-test-000000000000001a.ipcshm");
        assertThat(ShmRegionFiles.path(endpoint, -1L).getFileName().toString())
                .isEqualTo("shm-test-ffffffffffffffff.ipcshm");
        assertThat(ShmRegionFiles.isRegionOf(endpoint, "shm-test-000000000000001a.ipcshm")).isTrue();
        assertThat(ShmRegionFiles.isRegionOf(endpoint, "shm-test-.ipcshm")).isFalse();
        assertThat(ShmRegionFiles.isRegionOf(endpoint, "other-000000000000001a.ipcshm")).isFalse();
        assertThat(ShmRegionFiles.isRegionOf(endpoint, "shm-test-000000000000001a.sock")).isFalse();
    }

    @Test
    void aCreatedRegionIsOwnerOnlyFullyReservedAndAttachesAndItsCloseRemovesIt() throws Exception {
        Path path;
        try (ShmRegion server = ShmRegion.create(endpoint, SESSION, layout)) {
            path = server.path();
            assertThat(server.isOwned()).isTrue();
            assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.size(path)).isEqualTo(layout.regionSize());
            try (ShmRegion client = ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE)) {
                assertThat(client.isOwned()).isFalse();
                assertThat(client.layout()).isEqualTo(layout);
                ByteBuffer region = client.mapping().acquire();
                try {
                    assertThat(ShmRegionHeader.readOwner(region).pid()).isEqualTo(Native.libc().getpid());
                    assertThat(ShmRegionHeader.readOwner(region).claimsLiveness()).isTrue();
                } finally {
                    client.mapping().release();
                }
            }
            assertThat(Files.exists(path)).as("a client's close leaves the file").isTrue();
        }
        assertThat(Files.exists(path)).as("the server's close removes the file").isFalse();
        assertThat(isMapped(path)).isFalse();
    }

    @Test
    void attachingBeforeTheServerIsReadyIsRetryable() throws Exception {
        assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE))
                .isInstanceOfSatisfying(ShmRegionException.class, e -> {
                    assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY);
                    assertThat(e.error().retryable()).isTrue();
                });
        Path path = ShmRegionFiles.path(endpoint, SESSION);
        Files.write(path, new byte[ShmRegionLayout.HEADER_LEN - 1]);
        assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
        Files.write(path, new byte[layout.regionSize()]);
        assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.BAD_MAGIC));
        assertThat(isMapped(path)).as("a failed attach unmaps").isFalse();
        Files.delete(path);
    }

    @Test
    void attachingARegionTooSmallForTheAgreedLimitsFails() throws Exception {
        try (ShmRegion server = ShmRegion.create(endpoint, SESSION, layout)) {
            assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST * 2, MAX_RESPONSE))
                    .isInstanceOfSatisfying(ShmRegionException.class, e -> {
                        assertThat(e.error()).isEqualTo(ShmRegionError.AREA_TOO_SMALL);
                        assertThat(e.error().retryable()).isFalse();
                    });
            assertThat(isMapped(server.path())).as("only the server's mapping remains").isTrue();
        }
    }

    @Test
    void aLiveRegionIsNeverReplaced() throws Exception {
        try (ShmRegion live = ShmRegion.create(endpoint, SESSION, layout)) {
            assertThatThrownBy(() -> ShmRegion.create(endpoint, SESSION, layout))
                    .isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
            assertThat(Files.exists(live.path())).isTrue();
            assertThat(ShmStaleRegions.inspect(live.path())).isEqualTo(ShmStaleRegions.Verdict.LIVE);
        }
    }

    @Test
    void staleRegionsAreReclaimedOnCreate() throws Exception {
        Path path = ShmRegionFiles.path(endpoint, SESSION);
        plantRegion(path, DEAD_PID, SOME_GENERATION);
        try (ShmRegion region = ShmRegion.create(endpoint, SESSION, layout)) {
            assertThat(region.path()).isEqualTo(path);
        }
        plantRegion(path, Native.libc().getpid(), ShmOwner.NO_GENERATION);
        assertThat(ShmStaleRegions.recover(path)).as("a zero generation is stale even with a live pid")
                .isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void everythingButALiveRegionIsJunkAtARegionPath() throws Exception {
        Path path = ShmRegionFiles.path(endpoint, SESSION);
        assertThat(ShmStaleRegions.recover(path)).isEqualTo(ShmStaleRegions.Verdict.ABSENT);

        Files.write(path, new byte[ShmRegionLayout.HEADER_LEN - 1]);
        assertThat(ShmStaleRegions.recover(path)).as("short").isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);

        Files.write(path, new byte[ShmRegionLayout.HEADER_LEN]);
        assertThat(ShmStaleRegions.recover(path)).as("bad magic").isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);

        Path target = runDir.resolve("precious");
        Files.writeString(target, "keep");
        Files.createSymbolicLink(path, target);
        assertThat(ShmStaleRegions.recover(path)).as("symlink").isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(target)).as("the link's target is untouched").isEqualTo("keep");

        new ProcessBuilder("mkfifo", path.toString()).start().waitFor();
        assertThat(ShmStaleRegions.recover(path)).as("fifo").isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);

        Files.createDirectory(path);
        assertThat(ShmStaleRegions.recover(path)).as("empty directory").isEqualTo(ShmStaleRegions.Verdict.RECLAIMED);
        Files.createDirectory(path);
        Files.createFile(path.resolve("inside"));
        assertThatThrownBy(() -> ShmStaleRegions.recover(path)).as("a directory that cannot be removed")
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        plantRegion(ShmRegionFiles.path(endpoint, 2), DEAD_PID, SOME_GENERATION);
        assertThat(ShmStaleRegions.cleanupOnStartup(endpoint)).as("the scan goes on past what it cannot remove")
                .isOne();
        assertThat(path).isDirectory();
        Files.delete(path.resolve("inside"));
        Files.delete(path);
    }

    @Test
    void processLivenessIgnoresProcessGroupsAndDeadPids() {
        assertThat(ShmStaleRegions.isAlive(Native.libc().getpid())).isTrue();
        assertThat(ShmStaleRegions.isAlive(1)).as("init exists, even if we may not signal it").isTrue();
        assertThat(ShmStaleRegions.isAlive(0)).isFalse();
        assertThat(ShmStaleRegions.isAlive(-1)).isFalse();
        assertThat(ShmStaleRegions.isAlive(DEAD_PID)).isFalse();
    }

    @Test
    void aProcessWeMayNotSignalStillExists() {
        assertThat(ShmStaleRegions.processExists(0, 0)).isTrue();
        assertThat(ShmStaleRegions.processExists(-1, Errno.EPERM.intValue())).isTrue();
        assertThat(ShmStaleRegions.processExists(-1, Errno.ESRCH.intValue())).isFalse();
    }

    @Test
    void theStartupScanReclaimsOnlyThisServicesStaleRegions() throws Exception {
        plantRegion(ShmRegionFiles.path(endpoint, 1), DEAD_PID, SOME_GENERATION);
        Files.write(ShmRegionFiles.path(endpoint, 2), new byte[3]);
        Path otherService = ShmRegionFiles.path(new ServiceEndpoint(runDir, "other"), 1);
        plantRegion(otherService, DEAD_PID, SOME_GENERATION);
        Path unrelated = Files.writeString(runDir.resolve("shm-test.txt"), "x");
        try (ShmRegion live = ShmRegion.create(endpoint, 3, layout)) {
            assertThat(ShmStaleRegions.cleanupOnStartup(endpoint)).isEqualTo(2);
            assertThat(Files.exists(live.path())).isTrue();
            assertThat(Files.exists(ShmRegionFiles.path(endpoint, 1))).isFalse();
            assertThat(Files.exists(ShmRegionFiles.path(endpoint, 2))).isFalse();
            assertThat(otherService).exists();
            assertThat(unrelated).exists();
        }
        assertThatThrownBy(() -> ShmStaleRegions.cleanupOnStartup(
                new ServiceEndpoint(runDir.resolve("missing"), SERVICE)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        Files.delete(otherService);
    }

    @Test
    void aPublicationThroughOneMappingWakesAReaderSleepingOnAnother() throws Exception {
        try (ShmRegion server = ShmRegion.create(endpoint, SESSION, layout);
                ShmRegion client = ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE)) {
            ByteBuffer serverRegion = server.mapping().acquire();
            ByteBuffer clientRegion = client.mapping().acquire();
            try {
                ShmConsumer reader = new ShmConsumer(serverRegion, layout, ShmDirection.REQUEST,
                        new NativeShmFutex(), new ShmWaitPolicy(0, TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS * 2)),
                        0);
                CompletableFuture<Integer> receiving = CompletableFuture.supplyAsync(() -> {
                    try {
                        return reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, ShmAbortCheck.NONE);
                    } catch (TransportException e) {
                        throw new IllegalStateException(e);
                    }
                }, OWN_THREAD);
                // Asleep on the signal word, with a slice longer than the hang guard: only the wake ends it.
                NativeThreads.awaitInFutex(SLEEPING_READER, Duration.ofSeconds(HANG_GUARD_SECONDS));
                ShmPublisher writer = new ShmPublisher(clientRegion, layout, ShmDirection.REQUEST,
                        new NativeShmFutex());
                writer.area().putLong(0, 0x0102030405060708L);
                writer.publish(Long.BYTES);
                assertThat(receiving.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(Long.BYTES);
                assertThat(reader.buffer().getLong(0)).isEqualTo(0x0102030405060708L);
            } finally {
                server.mapping().release();
                client.mapping().release();
            }
        }
    }

    @Test
    void closingTheRegionWakesASleepingReaderWhoseAbortCheckThenEndsIt() throws Exception {
        try (ShmRegion server = ShmRegion.create(endpoint, SESSION, layout)) {
            SharedMapping mapping = server.mapping();
            ByteBuffer region = mapping.acquire();
            ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.REQUEST, new NativeShmFutex(),
                    new ShmWaitPolicy(0, TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS * 2)), 0);
            CompletableFuture<TransportException> receiving = CompletableFuture.supplyAsync(() -> {
                try {
                    reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, () -> {
                        if (!mapping.isOpen()) {
                            throw new TransportException(TransportError.CLOSED, "region closed");
                        }
                    });
                    return null;
                } catch (TransportException e) {
                    return e;
                } finally {
                    mapping.release();
                }
            }, OWN_THREAD);
            NativeThreads.awaitInFutex(SLEEPING_READER, Duration.ofSeconds(HANG_GUARD_SECONDS));
            server.close();
            assertThat(receiving.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS).error()).isEqualTo(TransportError.CLOSED);
            assertThat(isMapped(server.path())).as("unmapped once the reader let go").isFalse();
        }
    }

    @Test
    void otherFileFailuresAreIoErrors() throws Exception {
        ServiceEndpoint missingDir = new ServiceEndpoint(runDir.resolve("missing"), SERVICE);
        assertThatThrownBy(() -> ShmRegion.create(missingDir, SESSION, layout))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        Path directory = Files.createDirectory(ShmRegionFiles.path(endpoint, SESSION));
        assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        Files.delete(directory);
    }

    @Test
    void aStaleVerdictNeverUnlinksAFileThatVanishedOrWasReplaced() throws Exception {
        Path path = ShmRegionFiles.path(endpoint, SESSION);
        Files.write(path, new byte[1]);
        Object judged = ShmStaleRegions.fileKey(path);
        Files.delete(path);
        ShmStaleRegions.unlinkIfStillTheSame(path, judged);
        assertThat(path).doesNotExist();

        Files.write(path, new byte[1]);
        Object replacedKey = ShmStaleRegions.fileKey(path);
        Path other = Files.write(runDir.resolve("other"), new byte[1]);
        ShmStaleRegions.unlinkIfStillTheSame(path, ShmStaleRegions.fileKey(other));
        assertThat(path).as("another file than the one judged").exists();
        ShmStaleRegions.unlinkIfStillTheSame(path, replacedKey);
        assertThat(path).doesNotExist();
        Files.delete(other);
    }

    @Test
    void aPathThatCannotEvenBeExaminedIsKept() throws Exception {
        // A name longer than any file system allows: opening and examining it fail with
        // ENAMETOOLONG, which says nothing about whether a region is there.
        Path unexaminable = runDir.resolve("r".repeat(NAME_MAX + 1) + ShmRegionFiles.SUFFIX);

        assertThat(ShmStaleRegions.recover(unexaminable)).isEqualTo(ShmStaleRegions.Verdict.UNKNOWN_KEPT);
    }

    @Test
    void aRegionPathThatIsNotSeekableFailsTheAttachWithIo() throws Exception {
        Path path = ShmRegionFiles.path(endpoint, SESSION);
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> ShmRegion.attach(endpoint, SESSION, MAX_REQUEST, MAX_RESPONSE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        Files.delete(path);
    }

    @Test
    void aFutexOnAMisalignedWordIsAnIoFailure() throws Exception {
        try (ShmRegion region = ShmRegion.create(endpoint, SESSION, layout)) {
            ByteBuffer mapped = region.mapping().acquire();
            try {
                NativeShmFutex futex = new NativeShmFutex();
                int misaligned = ShmRegionLayout.OFF_REQ_SIGNAL + 1;
                assertThatThrownBy(() -> futex.wake(mapped, misaligned))
                        .isInstanceOfSatisfying(TransportException.class,
                                e -> assertThat(e.error()).isEqualTo(TransportError.IO));
                assertThatThrownBy(() -> futex.await(mapped, misaligned, 0, TimeUnit.MILLISECONDS.toNanos(1)))
                        .isInstanceOfSatisfying(TransportException.class,
                                e -> assertThat(e.error()).isEqualTo(TransportError.IO));
            } finally {
                region.mapping().release();
            }
        }
    }

    @Test
    void closingNeverRemovesAnotherFileThatTookTheRegionsPath() throws Exception {
        ShmRegion region = ShmRegion.create(endpoint, SESSION, layout);
        Path path = region.path();
        Files.delete(path);
        Files.write(path, new byte[1]);

        region.close();

        assertThat(path).as("not the file this region created").exists();
        Files.delete(path);
    }
}
