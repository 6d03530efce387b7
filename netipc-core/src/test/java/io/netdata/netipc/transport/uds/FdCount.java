package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Descriptor-leak checks: the sockets this process has open before and after a test's work.
 *
 * <p>Only sockets are compared because they are all the UDS transport creates, and because the
 * JVM opens and closes files of its own (jars, class data) at any moment: a raw descriptor count
 * went down by one under CI when such a file closed mid-test. A socket is identified by its
 * descriptor number and inode, so a leaked socket that reuses a number freed meanwhile still shows.
 */
final class FdCount {
    /** How long descriptors closed on other threads (session closers, reapers) get to settle. */
    private static final long SETTLE_NANOS = 5_000_000_000L;
    private static final long POLL_MILLIS = 20;
    private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");
    private static final String SOCKET_TARGET_PREFIX = "socket:";

    private FdCount() {
    }

    /** The sockets open in this process now, by descriptor number. */
    static Map<Integer, String> openSockets() throws IOException {
        Map<Integer, String> sockets = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(OWN_DESCRIPTORS)) {
            for (Path entry : entries) {
                String target;
                try {
                    target = Files.readSymbolicLink(entry).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith(SOCKET_TARGET_PREFIX)) {
                    sockets.put(Integer.parseInt(entry.getFileName().toString()), target);
                }
            }
        }
        return sockets;
    }

    /**
     * Asserts that every socket open now was already open in {@code before}, allowing a few
     * seconds for closes still in progress on other threads.
     */
    static void assertNoNewSockets(Map<Integer, String> before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        Map<Integer, String> added = added(before);
        while (!added.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            added = added(before);
        }
        assertThat(added).as("sockets opened by the test and still open").isEmpty();
    }

    private static Map<Integer, String> added(Map<Integer, String> before) throws IOException {
        Map<Integer, String> now = openSockets();
        now.entrySet().removeIf(socket -> socket.getValue().equals(before.get(socket.getKey())));
        return now;
    }
}
