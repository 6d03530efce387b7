package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Sock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadline and abort waits on a real SEQPACKET pair and eventfd. */
class ReadinessWaitTest {
    private static final long SHORT_DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Guards against a hang only; not a timing assertion. */
    private static final long HANG_GUARD_SECONDS = 30;
    private static final long BLOCKED_WAIT_MILLIS = 50;
    private static final int CLOSE_DURING_WAIT_ATTEMPTS = 6;

    private NativeFd local;
    private NativeFd remote;
    private AbortSignal abort;
    private final ReadinessWait wait = new ReadinessWait();

    @BeforeEach
    void pair() throws NativeException {
        int[] fds = new int[2];
        Native.check(Native.libc().socketpair(AddressFamily.AF_UNIX.intValue(), Sock.SOCK_SEQPACKET.intValue(), 0,
                fds), "socketpair");
        local = new NativeFd(fds[0]);
        remote = new NativeFd(fds[1]);
        abort = AbortSignal.create();
    }

    @AfterEach
    void close() {
        local.close();
        remote.close();
        abort.close();
    }

    private void sendFromRemote() throws NativeException {
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        Native.check(Native.libc().send(remote.fd(), Native.address(one), 1, 0), "send");
    }

    private void drainLocal() throws NativeException {
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        Native.check(Native.libc().recv(local.fd(), Native.address(one), 1, 0), "recv");
    }

    @Test
    void readyWhenAPacketIsWaiting() throws NativeException {
        sendFromRemote();
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.READY);
        assertThat(wait.await(local.fd(), NativeFd.CLOSED, ReadinessWait.NOW)).isEqualTo(WaitResult.READY);
    }

    @Test
    void readyWhenThePeerHangsUp() throws NativeException {
        remote.close();
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.READY);
    }

    @Test
    void timesOutAtTheDeadlineWhenNothingArrives() throws NativeException {
        long deadline = System.nanoTime() + SHORT_DEADLINE_NANOS;
        assertThat(wait.await(local.fd(), abort.fd(), deadline)).isEqualTo(WaitResult.TIMEOUT);
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NOW)).isEqualTo(WaitResult.TIMEOUT);
    }

    @Test
    void anotherThreadAbortsABlockedWait() throws Exception {
        CompletableFuture<WaitResult> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE);
            } catch (NativeException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(BLOCKED_WAIT_MILLIS);
        abort.signal();

        assertThat(blocked.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(WaitResult.ABORTED);
    }

    @Test
    void anAbortIsStickyWinsOverReadinessAndClears() throws NativeException {
        abort.signal();
        abort.signal();
        sendFromRemote();

        assertThat(abort.isSignaled()).isTrue();
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.ABORTED);
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.ABORTED);

        abort.clear();
        abort.clear();
        assertThat(abort.isSignaled()).isFalse();
        assertThat(wait.await(local.fd(), abort.fd(), ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.READY);
    }

    /** What a poll of the eventfd says: the state every waiter sees. */
    private boolean eventFdReadable() throws NativeException {
        return wait.await(abort.fd(), NativeFd.CLOSED, ReadinessWait.NOW) == WaitResult.READY;
    }

    @Test
    void isSignaledAgreesWithTheEventFdAfterEverySignalAndClear() throws NativeException {
        boolean[] script = {true, false, true, true, false, false, true, false};
        for (boolean raise : script) {
            if (raise) {
                abort.signal();
            } else {
                abort.clear();
            }
            assertThat(abort.isSignaled()).isEqualTo(raise);
            assertThat(eventFdReadable()).isEqualTo(raise);
        }
    }

    @Test
    void signalsFromAnotherThreadRacingClearsLeaveFlagAndEventFdInAgreement() throws Exception {
        int rounds = 2_000;
        CompletableFuture<Void> signaller = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < rounds; i++) {
                abort.signal();
            }
        });
        while (!signaller.isDone()) {
            abort.clear();
        }
        signaller.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        // Whoever came last, the two settled on the same state.
        assertThat(abort.isSignaled()).isEqualTo(eventFdReadable());
        abort.clear();
        assertThat(abort.isSignaled()).isFalse();
        assertThat(eventFdReadable()).isFalse();
        abort.signal();
        assertThat(abort.isSignaled()).isTrue();
        assertThat(eventFdReadable()).isTrue();
    }

    @Test
    void reportsAnInvalidDescriptor() {
        int stale = local.fd();
        local.close();
        assertThatThrownBy(() -> wait.await(stale, NativeFd.CLOSED, ReadinessWait.NOW))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EBADF)).isTrue());
    }

    @Test
    void aClosedSignalCannotBeClearedQueriedOrWaitedOnButSignalingItIsHarmless() {
        abort.close();
        assertThat(abort.fd()).isEqualTo(NativeFd.CLOSED);
        assertThatThrownBy(abort::clear).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(abort::isSignaled).isInstanceOf(IllegalStateException.class);
        // A wait the caller believes abortable must not silently become unabortable.
        assertThatThrownBy(() -> wait.await(local.fd(), abort, ReadinessWait.NOW))
                .isInstanceOf(IllegalStateException.class);
        abort.signal();
    }

    @Test
    void waitsOnAnAbortSignalObject() throws Exception {
        assertThat(wait.await(local.fd(), (AbortSignal) null, ReadinessWait.NOW)).isEqualTo(WaitResult.TIMEOUT);
        assertThat(wait.await(local.fd(), abort, ReadinessWait.NOW)).isEqualTo(WaitResult.TIMEOUT);
        abort.signal();
        assertThat(wait.await(local.fd(), abort, ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.ABORTED);
        sendFromRemote();
        abort.clear();
        assertThat(wait.await(local.fd(), abort, ReadinessWait.NO_DEADLINE)).isEqualTo(WaitResult.READY);
    }

    @Test
    void closingTheSignalDuringAWaitKeepsItsDescriptorUntilTheWaitEnds() throws Exception {
        // The waiter may reach the wait only after the close (a slow or busy machine): it is then
        // refused, as documented, and the attempt proves nothing; retry with a longer head start.
        long headStartMillis = BLOCKED_WAIT_MILLIS;
        for (int attempt = 1; attempt <= CLOSE_DURING_WAIT_ATTEMPTS; attempt++, headStartMillis *= 2) {
            AbortSignal signal = attempt == 1 ? abort : AbortSignal.create();
            CompletableFuture<WaitResult> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ReadinessWait().await(local.fd(), signal, ReadinessWait.NO_DEADLINE);
                } catch (NativeException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(headStartMillis);
            signal.close();
            // The waiter holds the eventfd open, so its poll set never names a closed or reused number.
            sendFromRemote();
            try {
                assertThat(waiting.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(WaitResult.READY);
                return;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                        .hasMessage("abort signal is closed");
            }
            drainLocal();
        }
        throw new AssertionError("the waiter never reached its wait before the close");
    }

    @Test
    void refusesANegativeDescriptorThatPollWouldIgnoreForever() {
        assertThatThrownBy(() -> wait.await(NativeFd.CLOSED, NativeFd.CLOSED, ReadinessWait.NO_DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
