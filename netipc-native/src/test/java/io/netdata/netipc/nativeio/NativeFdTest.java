package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Sock;
import org.junit.jupiter.api.Test;

/** Close-once and close-never-under-a-call guarantees of {@link NativeFd}, on real sockets. */
class NativeFdTest {
    private static final long HANG_GUARD_SECONDS = 30;
    private static final int RACING_THREADS = 4;
    private static final int ROUNDS = 2_000;

    /** Identities of the sockets this test opened, by number: a closed number may be reused by the JVM. */
    private final Map<Integer, String> identities = new ConcurrentHashMap<>();

    /** A new socket (its inode tells it apart from whatever reuses its number later). */
    private int newDescriptor() throws Exception {
        int[] pair = new int[2];
        Native.check(Native.libc().socketpair(AddressFamily.AF_UNIX.intValue(), Sock.SOCK_SEQPACKET.intValue(), 0,
                pair), "socketpair");
        Native.libc().close(pair[1]);
        identities.put(pair[0], identity(pair[0]));
        return pair[0];
    }

    private static String identity(int number) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(number))).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** True while {@code number} is still the socket this test opened under it. */
    private boolean isOpenNumber(int number) {
        return identities.get(number).equals(identity(number));
    }

    @Test
    void refusesANegativeNumber() {
        assertThatThrownBy(() -> new NativeFd(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closesOnceHoweverOftenClosed() throws Exception {
        int number = newDescriptor();
        NativeFd fd = new NativeFd(number);
        assertThat(fd.fd()).isEqualTo(number);
        assertThat(fd.isOpen()).isTrue();
        fd.close();
        fd.close();
        assertThat(fd.isOpen()).isFalse();
        assertThat(fd.fd()).isEqualTo(NativeFd.CLOSED);
        assertThat(fd.acquire()).isEqualTo(NativeFd.CLOSED);
        assertThat(isOpenNumber(number)).isFalse();
    }

    @Test
    void aCloseDuringACallReleasesTheNumberOnlyWhenTheCallEnds() throws Exception {
        int number = newDescriptor();
        NativeFd fd = new NativeFd(number);
        assertThat(fd.acquire()).isEqualTo(number);
        assertThat(fd.acquire()).isEqualTo(number);
        List<Integer> woken = new ArrayList<>();
        fd.close(woken::add);
        fd.close(woken::add);
        assertThat(woken).as("only the first close wakes, with the still-valid number").containsExactly(number);
        assertThat(fd.isOpen()).isFalse();
        assertThat(fd.acquire()).as("no new call may start").isEqualTo(NativeFd.CLOSED);
        assertThat(isOpenNumber(number)).as("two calls still use it").isTrue();
        fd.release();
        assertThat(isOpenNumber(number)).as("one call still uses it").isTrue();
        fd.release();
        assertThat(isOpenNumber(number)).as("the last call closed it").isFalse();
    }

    @Test
    void aWakeUpThatThrowsStillClosesTheDescriptor() throws Exception {
        int number = newDescriptor();
        NativeFd fd = new NativeFd(number);
        assertThatThrownBy(() -> fd.close(n -> {
            throw new IllegalStateException("wake-up failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(isOpenNumber(number)).isFalse();
    }

    /**
     * Many threads acquire and release while another closes: every acquire that
     * succeeded must find the number open until its release, and the number is
     * closed exactly once at the end.
     */
    @Test
    void racingCallsNeverSeeTheNumberClosedUnderThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACING_THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int number = newDescriptor();
                NativeFd fd = new NativeFd(number);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> users = new ArrayList<>();
                for (int t = 0; t < RACING_THREADS; t++) {
                    users.add(pool.submit(() -> {
                        start.await();
                        boolean allOpen = true;
                        for (int i = 0; i < 10; i++) {
                            int acquired = fd.acquire();
                            if (acquired == NativeFd.CLOSED) {
                                break;
                            }
                            allOpen &= isOpenNumber(acquired);
                            fd.release();
                        }
                        return allOpen;
                    }));
                }
                start.countDown();
                fd.close();
                for (Future<Boolean> user : users) {
                    assertThat(user.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(isOpenNumber(number)).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
