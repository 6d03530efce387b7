package io.netdata.netipc.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a thread of this JVM is doing in the kernel, read from
 * {@code /proc/self/task}: lets a test wait until a thread is really asleep in a
 * futex before it acts, instead of sleeping and hoping.
 *
 * <p>Thread-safety: stateless.
 */
public final class NativeThreads {
    /** {@code __NR_futex} by {@code os.arch}. */
    private static final Map<String, Long> FUTEX_SYSCALL = Map.of("amd64", 202L, "x86_64", 202L, "aarch64", 98L);
    /** The kernel keeps the first 15 bytes of a thread's name. */
    private static final int COMM_LENGTH = 15;
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Duration POLL = Duration.ofMillis(1);

    private NativeThreads() {
    }

    /**
     * Waits until the thread named {@code name} (unique in this JVM, at most 15
     * characters) is inside a futex system call.
     *
     * @throws AssertionError when it is not within {@code timeout}
     */
    public static void awaitInFutex(String name, Duration timeout) throws InterruptedException {
        if (name.length() > COMM_LENGTH) {
            throw new IllegalArgumentException("the kernel keeps only " + COMM_LENGTH + " characters: " + name);
        }
        Long futex = FUTEX_SYSCALL.get(System.getProperty("os.arch"));
        if (futex == null) {
            throw new AssertionError("unknown futex syscall number on " + System.getProperty("os.arch"));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (isInSyscall(name, futex)) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("thread " + name + " did not enter a futex wait within " + timeout);
    }

    private static boolean isInSyscall(String name, long number) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                if (name.equals(read(task.resolve("comm")))) {
                    String syscall = read(task.resolve("syscall"));
                    return syscall.startsWith(number + " ");
                }
            }
        } catch (IOException e) {
            // A task ended while we looked: look again on the next poll.
        }
        return false;
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
    }
}
