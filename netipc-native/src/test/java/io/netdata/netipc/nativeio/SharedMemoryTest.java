package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared-memory files, mappings and futexes on a real filesystem and real mappings. */
class SharedMemoryTest {
    private static final int SIZE = 8192;
    private static final int WORD = 64;
    private static final long HANG_GUARD_SECONDS = 30;
    private static final long SHORT_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @TempDir
    Path dir;

    private static boolean isMapped(Path file) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.endsWith(file.toString()));
    }

    private NativeFd reserved(Path file) throws NativeException {
        NativeFd fd = SharedMemoryFile.create(file);
        SharedMemoryFile.reserve(fd, SIZE);
        return fd;
    }

    @Test
    void aCreatedFileIsOwnerOnlyFullyReservedAndSharedBetweenMappings() throws Exception {
        Path file = dir.resolve("region.ipcshm");
        try (NativeFd fd = reserved(file);
                SharedMapping first = SharedMapping.map(fd, SIZE);
                NativeFd again = SharedMemoryFile.open(file);
                SharedMapping second = SharedMapping.map(again, SIZE)) {
            assertThat(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(SharedMemoryFile.size(fd)).isEqualTo(SIZE);
            assertThat(SharedMemoryFile.size(again)).isEqualTo(SIZE);
            ByteBuffer writer = first.acquire();
            ByteBuffer reader = second.acquire();
            try {
                assertThat(writer.capacity()).isEqualTo(SIZE);
                assertThat(reader.getLong(SIZE - Long.BYTES)).as("reserved blocks read as zero").isZero();
                writer.putLong(SIZE - Long.BYTES, 0x1122334455667788L);
                assertThat(reader.getLong(SIZE - Long.BYTES)).isEqualTo(0x1122334455667788L);
            } finally {
                first.release();
                second.release();
            }
            assertThat(first.size()).isEqualTo(SIZE);
        }
        assertThat(isMapped(file)).as("both mappings are gone").isFalse();
    }

    @Test
    void createRefusesAnExistingPathAndOpenAMissingOne() throws Exception {
        Path file = dir.resolve("taken.ipcshm");
        Files.createFile(file);
        assertThatThrownBy(() -> SharedMemoryFile.create(file))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EEXIST)).isTrue());
        assertThatThrownBy(() -> SharedMemoryFile.open(dir.resolve("absent.ipcshm")))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.ENOENT)).isTrue());
    }

    @Test
    void reservingRefusesNonPositiveSizesAndClosedFiles() throws Exception {
        try (NativeFd fd = SharedMemoryFile.create(dir.resolve("r.ipcshm"))) {
            assertThatThrownBy(() -> SharedMemoryFile.reserve(fd, 0)).isInstanceOf(IllegalArgumentException.class);
            fd.close();
            assertThatThrownBy(() -> SharedMemoryFile.reserve(fd, SIZE))
                    .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EBADF)).isTrue());
            assertThatThrownBy(() -> SharedMemoryFile.size(fd)).isInstanceOf(NativeException.class);
            assertThatThrownBy(() -> SharedMapping.map(fd, SIZE)).isInstanceOf(NativeException.class);
        }
    }

    @Test
    void aReservationTheFilesystemCannotMakeFailsInsteadOfLeavingASparseFile() throws Exception {
        try (NativeFd fd = SharedMemoryFile.create(dir.resolve("huge.ipcshm"))) {
            // Far beyond any disk: ENOSPC or EFBIG, never a file that would SIGBUS when touched.
            assertThatThrownBy(() -> SharedMemoryFile.reserve(fd, Long.MAX_VALUE / 2))
                    .isInstanceOf(NativeException.class);
            assertThat(SharedMemoryFile.size(fd)).isZero();
        }
    }

    @Test
    void mappingRefusesBadSizesAndDescriptorsThatCannotBeMapped() throws Exception {
        try (NativeFd fd = reserved(dir.resolve("m.ipcshm"))) {
            assertThatThrownBy(() -> SharedMapping.map(fd, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SharedMapping.map(fd, 1L + Integer.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (NativeFd eventFd = new NativeFd(Native.check(Native.libc().eventfd(0, 0), "eventfd"))) {
            assertThatThrownBy(() -> SharedMapping.map(eventFd, SIZE)).isInstanceOf(NativeException.class);
        }
    }

    @Test
    void aMappingClosedWhileInUseStaysMappedUntilTheLastUserReleasesIt() throws Exception {
        Path file = dir.resolve("inuse.ipcshm");
        try (NativeFd fd = reserved(file)) {
            SharedMapping mapping = SharedMapping.map(fd, SIZE);
            ByteBuffer held = mapping.acquire();
            int[] woken = {0};
            mapping.close(buffer -> woken[0]++);
            mapping.close(buffer -> woken[0]++);
            assertThat(woken[0]).as("only the first close wakes").isOne();
            assertThat(mapping.isOpen()).isFalse();
            assertThat(mapping.acquire()).as("no new user").isNull();
            held.putInt(0, 7);
            assertThat(isMapped(file)).as("still mapped for the user").isTrue();
            mapping.release();
            assertThat(isMapped(file)).as("unmapped by the last release").isFalse();
        }
    }

    @Test
    void futexWaitsEndOnAChangedValueATimeoutOrAWakeFromAnotherMapping() throws Exception {
        try (NativeFd fd = reserved(dir.resolve("futex.ipcshm"));
                SharedMapping waiterSide = SharedMapping.map(fd, SIZE);
                SharedMapping wakerSide = SharedMapping.map(fd, SIZE)) {
            ByteBuffer waiterBuffer = waiterSide.acquire();
            ByteBuffer wakerBuffer = wakerSide.acquire();
            try {
                long word = waiterSide.address() + WORD;
                Futex futex = new Futex();
                assertThat(futex.await(word, 1, Futex.NO_TIMEOUT)).isEqualTo(Futex.Outcome.VALUE_CHANGED);
                assertThat(futex.await(word, 0, SHORT_TIMEOUT_NANOS)).isEqualTo(Futex.Outcome.TIMED_OUT);
                assertThatThrownBy(() -> futex.await(word, 0, -2)).as("a negative remainder is not 'forever'")
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(Futex.wake(word, Futex.ALL)).as("nobody waits").isZero();

                CompletableFuture<Futex.Outcome> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        Futex own = new Futex();
                        Futex.Outcome outcome;
                        do {
                            outcome = own.await(word, 0, Futex.NO_TIMEOUT);
                        } while (outcome != Futex.Outcome.VALUE_CHANGED && waiterBuffer.getInt(WORD) == 0);
                        return outcome;
                    } catch (NativeException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The other mapping's address of the same word: a shared futex is keyed by the file page.
                long sameWordElsewhere = wakerSide.address() + WORD;
                int woken = 0;
                while (!waiting.isDone() && woken == 0) {
                    Thread.sleep(1);
                    wakerBuffer.putInt(WORD, 1);
                    woken = Futex.wake(sameWordElsewhere, Futex.ALL);
                }
                assertThat(waiting.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                        .isIn(Futex.Outcome.WOKEN, Futex.Outcome.VALUE_CHANGED);
            } finally {
                waiterSide.release();
                wakerSide.release();
            }
        }
    }

    @Test
    void aMisalignedFutexWordIsAnError() throws Exception {
        try (NativeFd fd = reserved(dir.resolve("align.ipcshm"));
                SharedMapping mapping = SharedMapping.map(fd, SIZE)) {
            mapping.acquire();
            try {
                assertThatThrownBy(() -> new Futex().await(mapping.address() + 1, 0, SHORT_TIMEOUT_NANOS))
                        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EINVAL)).isTrue());
                assertThatThrownBy(() -> Futex.wake(mapping.address() + 1, 1))
                        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EINVAL)).isTrue());
            } finally {
                mapping.release();
            }
        }
    }

    @Test
    void systemCallNumbersFollowTheArchitecture() {
        assertThat(SyscallNumbers.of("aarch64")).isEqualTo(new SyscallNumbers(222, 215, 98));
        assertThat(SyscallNumbers.of("AARCH64")).isSameAs(SyscallNumbers.AARCH64);
        assertThat(SyscallNumbers.of("amd64")).isEqualTo(new SyscallNumbers(9, 11, 202));
        assertThat(SyscallNumbers.of("x86_64")).isSameAs(SyscallNumbers.X86_64);
        assertThat(SyscallNumbers.of(null)).isSameAs(SyscallNumbers.X86_64);
    }

    @Test
    void inspectionReadsAFileButRefusesSymbolicLinksAndNeverBlocksOnAFifo() throws Exception {
        Path file = dir.resolve("inspect.ipcshm");
        try (NativeFd fd = reserved(file); SharedMapping mapping = SharedMapping.map(fd, SIZE)) {
            ByteBuffer region = mapping.acquire();
            try {
                region.putInt(0, 0x4e53484d);
            } finally {
                mapping.release();
            }
        }
        ByteBuffer header = ByteBuffer.allocateDirect(WORD).order(ByteOrder.nativeOrder());
        try (NativeFd inspected = SharedMemoryFile.openToInspect(file)) {
            assertThat(SharedMemoryFile.read(inspected, header, WORD)).isEqualTo(WORD);
            assertThat(header.getInt(0)).isEqualTo(0x4e53484d);
            assertThat(SharedMemoryFile.read(inspected, header, 0)).isZero();
            assertThatThrownBy(() -> SharedMemoryFile.read(inspected, header, WORD + 1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
        Path link = dir.resolve("link.ipcshm");
        Files.createSymbolicLink(link, file);
        assertThatThrownBy(() -> SharedMemoryFile.openToInspect(link))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.ELOOP)).isTrue());
        Path fifo = dir.resolve("fifo.ipcshm");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        try (NativeFd inspected = SharedMemoryFile.openToInspect(fifo)) {
            assertThat(SharedMemoryFile.read(inspected, header, WORD)).as("an empty FIFO without writers").isZero();
        }
        try (NativeFd directory = SharedMemoryFile.openToInspect(dir)) {
            assertThatThrownBy(() -> SharedMemoryFile.read(directory, header, WORD))
                    .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EISDIR)).isTrue());
        }
        try (NativeFd empty = SharedMemoryFile.create(dir.resolve("empty.ipcshm"))) {
            empty.close();
            assertThatThrownBy(() -> SharedMemoryFile.read(empty, header, WORD)).isInstanceOf(NativeException.class);
        }
    }
}
