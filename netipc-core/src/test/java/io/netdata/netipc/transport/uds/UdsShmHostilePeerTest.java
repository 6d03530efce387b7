package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.Futex;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that writes into a live session's region what no conforming peer
 * writes: the Java session under attack rejects it as a protocol violation
 * without copying a byte out of bounds, ends (its peer sees the socket close),
 * and never waits past its deadline. The attacker is a second mapping of the
 * region, attached as any process could; the words are stored with release
 * semantics, as a real writer would.
 */
class UdsShmHostilePeerTest {
    private static final long SHM = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final long MAX_PAYLOAD = 1024;
    private static final Duration SHORT = Duration.ofMillis(200);
    private static final VarHandle U64 = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    @TempDir
    Path runDir;

    private UdsTestSupport.Pair shmPair() throws Exception {
        UdsTestSupport.Pair p = pair(runDir, new ServerHandshakeConfig(SHM, SHM, MAX_PAYLOAD, MAX_PAYLOAD, TOKEN, 0),
                new ClientHandshakeConfig(SHM, SHM, MAX_PAYLOAD, 1, MAX_PAYLOAD, 1, TOKEN, 0));
        assertThat(p.server().usesSharedMemory()).isTrue();
        return p;
    }

    /** A second mapping of the pair's region, as a hostile process would have. */
    private static ShmRegion attacker(UdsTestSupport.Pair p) throws Exception {
        return ShmRegion.attach(p.listener().endpoint(), p.server().sessionId(), MAX_PAYLOAD, MAX_PAYLOAD);
    }

    /**
     * Publishes {@code length} at sequence {@code sequence} in the request direction (or the
     * response direction when {@code response}), without any message behind it, and wakes.
     */
    private static void publish(ShmRegion region, boolean response, long sequence, int length) throws Exception {
        ByteBuffer words = region.mapping().acquire();
        try {
            U32.setRelease(words, response ? ShmRegionLayout.OFF_RESP_LEN : ShmRegionLayout.OFF_REQ_LEN, length);
            U64.setRelease(words, response ? ShmRegionLayout.OFF_RESP_SEQ : ShmRegionLayout.OFF_REQ_SEQ, sequence);
            int signal = response ? ShmRegionLayout.OFF_RESP_SIGNAL : ShmRegionLayout.OFF_REQ_SIGNAL;
            U32.getAndAddRelease(words, signal, 1);
            Futex.wake(region.mapping().address() + signal, Futex.ALL);
        } finally {
            region.mapping().release();
        }
    }

    private static void assertServerRejects(UdsTestSupport.Pair p) {
        TransportException e = failure(() -> p.server().receive(WAIT, null));
        assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        assertThat(p.server().isBroken()).isTrue();
        // The broken server shut its socket down: the peer's next wait ends with the hang-up.
        assertThat(failure(() -> p.client().receive(WAIT, null)).error()).isEqualTo(TransportError.PEER_CLOSED);
    }

    @Test
    void aLengthBeyondTheAreaIsAViolation() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            publish(attacker, false, 1, attacker.layout().requestCapacity() + 1);
            assertServerRejects(p);
        }
    }

    @Test
    void aZeroLengthIsAViolation() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            publish(attacker, false, 1, 0);
            assertServerRejects(p);
        }
    }

    @Test
    void aSequenceJumpIsAViolation() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            publish(attacker, false, 2, Wire.HEADER_LEN);
            assertServerRejects(p);
        }
    }

    @Test
    void garbageBytesOfAPlausibleLengthAreAViolation() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            ByteBuffer region = attacker.mapping().acquire();
            try {
                for (int i = 0; i < Wire.HEADER_LEN * 2; i++) {
                    region.put(attacker.layout().requestOffset() + i, (byte) 0x5A);
                }
            } finally {
                attacker.mapping().release();
            }
            publish(attacker, false, 1, Wire.HEADER_LEN * 2);
            assertServerRejects(p);
        }
    }

    @Test
    void aLyingResponseLengthBreaksTheClient() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            ByteBuffer payload = ByteBuffer.allocateDirect(8);
            p.client().sendRequest(Packets.CODE, 0, 1, 1, payload, 0, 8);
            publish(attacker, true, 1, attacker.layout().responseCapacity() + 64);
            TransportException e = failure(() -> p.client().receive(WAIT, null));
            assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(e.failedMessageIds()).containsExactly(1L);
            assertThat(p.client().isBroken()).isTrue();
        }
    }

    @Test
    void aPeerChurningTheSignalWordWithoutPublishingCannotHoldAReaderPastItsDeadline() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); ShmRegion attacker = attacker(p)) {
            Future<TransportException> receiving = inBackground(() -> failure(() -> p.server().receive(SHORT, null)));
            ByteBuffer words = attacker.mapping().acquire();
            // Hang guard: a receive that ignored its deadline ends the churn too, and fails below.
            long guard = System.nanoTime() + WAIT.toNanos();
            try {
                while (!receiving.isDone() && System.nanoTime() - guard < 0) {
                    U32.getAndAddRelease(words, ShmRegionLayout.OFF_REQ_SIGNAL, 1);
                    Futex.wake(attacker.mapping().address() + ShmRegionLayout.OFF_REQ_SIGNAL, Futex.ALL);
                }
            } finally {
                attacker.mapping().release();
            }
            assertThat(HandMadePeers.await(receiving).error()).isEqualTo(TransportError.TIMEOUT);
            assertThat(p.server().isBroken()).isFalse();
        }
    }

    /**
     * A peer that truncates the region file under a live session. The JVM turns the fault
     * on the vanished pages into an InternalError, delivered asynchronously in compiled
     * code, so which call sees it is not deterministic; what must hold is that the process
     * survives (an atomic read-modify-write on such a page would crash it) and both sessions
     * end. The session runs in a child JVM so that a regression cannot take this one down.
     */
    @Test
    void aRegionTruncatedByThePeerNeverCrashesTheJvm() throws Exception {
        Map<String, String> report;
        try (ChildJvm child = ChildJvm.start(runDir.resolve("truncate.stderr"), TruncatedRegionChild.class,
                runDir.resolve("run").toString())) {
            report = child.report();
            assertThat(child.process().waitFor(ChildJvm.STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).as("exit status; stderr:\n%s", child.stderr()).isZero();
        }
        assertThat(report).containsEntry(TruncatedRegionChild.SURVIVED, "true");
        assertThat(report.get(TruncatedRegionChild.SEND)).isIn("IO", InternalError.class.getSimpleName());
        assertThat(report).containsEntry(TruncatedRegionChild.BOTH_ENDED, "true");
    }
}
